namespace Bakong.Functional;

/// <summary>The <c>errorCode</c> values the Bakong Open API is known to send.</summary>
/// <remarks>A code outside this list becomes <see cref="BakongError.UnknownApiFailure"/>, never an unnamed enum value.</remarks>
public enum ApiErrorCode
{
    /// <summary>1: the transaction could not be found (often just "not paid yet").</summary>
    TransactionNotFound = 1,
    /// <summary>2: static KHQR codes cannot be checked.</summary>
    StaticQrNotSupported = 2,
    /// <summary>3: the transaction failed.</summary>
    TransactionFailed = 3,
    /// <summary>4: the deep link provider returned an error.</summary>
    DeeplinkProviderError = 4,
    /// <summary>5: required fields were missing from the request.</summary>
    MissingRequiredFields = 5,
    /// <summary>6: the access token is missing, expired or rejected.</summary>
    Unauthorized = 6,
    /// <summary>7: the Bakong e-mail server is down.</summary>
    EmailServerDown = 7,
    /// <summary>8: the e-mail is already registered.</summary>
    EmailAlreadyRegistered = 8,
    /// <summary>9: Bakong cannot reach its own backend.</summary>
    CannotConnectToServer = 9,
    /// <summary>10: the e-mail is not registered yet.</summary>
    NotRegistered = 10,
    /// <summary>11: the Bakong account does not exist.</summary>
    AccountNotFound = 11,
    /// <summary>12: the Bakong account ID is malformed.</summary>
    AccountInvalid = 12,
}
