namespace Bakong.Functional.Cli;

/// <summary>The tool's exit codes, one per kind of outcome; the same table is in Bakong.Functional.Cli/README.md (Exit codes) and in <c>bakong --help</c>.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int NotFound = 1;
    public const int InvalidInput = 2;
    public const int ApiFailure = 3;
    public const int Unauthorized = 4;
    public const int Blocked = 5;
    public const int Network = 6;
    public const int ServerError = 7;
    public const int UnexpectedResponse = 8;
    public const int Mismatch = 9;
    public const int Unconfirmed = 10;
    public const int Cancelled = 130;
    public const int Terminated = 143;

    public const string Table = """
        Exit codes:
          0    success (paid, found, exists)
          1    not found or not paid: errorCode 1 or 11, account does not exist, wait ended unpaid
          2    invalid input or usage: bad arguments, missing token, bad base URL, an invalid KHQR
          3    API failure: any other errorCode (2 static QR, 3 failed, 4, 5, 8, 10, 12, unknown)
          4    unauthorized: HTTP 401 or errorCode 6
          5    blocked or forbidden: HTTP 403 (an HTML 403 is production's geo-block)
          6    network or timeout: connection failed, reset or cut off; no answer in time
          7    server trouble: HTTP 5xx, HTTP 429, errorCode 7 or 9
          8    unexpected response: undecodable body, too large, HTTP 404 or other status
          9    paid, but not what the KHQR asked for: amount, currency or account differs (wait with a payload)
          10   could not be confirmed: wait heard nothing trustworthy at its last check (an outage, garbled answers)
          130  cancelled (Ctrl+C)
          143  terminated (SIGTERM)
        """;

    /// <summary>The exit code for an error; exhaustive over every kind and case of <see cref="BakongError"/> and over <see cref="ApiErrorCode"/>.</summary>
    public static int For(BakongError error) => error.Match(
        api: e => e.Match(
            failure: f => f.ErrorCode switch
            {
                ApiErrorCode.TransactionNotFound => NotFound,
                ApiErrorCode.AccountNotFound => NotFound,
                ApiErrorCode.Unauthorized => Unauthorized,
                ApiErrorCode.EmailServerDown => ServerError,
                ApiErrorCode.CannotConnectToServer => ServerError,
                ApiErrorCode.StaticQrNotSupported => ApiFailure,
                ApiErrorCode.TransactionFailed => ApiFailure,
                ApiErrorCode.DeeplinkProviderError => ApiFailure,
                ApiErrorCode.MissingRequiredFields => ApiFailure,
                ApiErrorCode.EmailAlreadyRegistered => ApiFailure,
                ApiErrorCode.NotRegistered => ApiFailure,
                ApiErrorCode.AccountInvalid => ApiFailure,
            },
            unknown: _ => ApiFailure),
        http: e => e.Match(
            unauthorized: _ => Unauthorized,
            forbidden: _ => Blocked,
            blocked: _ => Blocked,
            endpointNotFound: _ => UnexpectedResponse,
            rateLimited: _ => ServerError,
            clientError: _ => UnexpectedResponse,
            serverError: _ => ServerError,
            unexpectedStatus: _ => UnexpectedResponse),
        network: e => e.Match(
            transport: _ => Network,
            timeout: _ => Network,
            cancelled: _ => Cancelled),
        response: e => e.Match(
            tooLarge: _ => UnexpectedResponse,
            decode: _ => UnexpectedResponse),
        invalidInput: _ => InvalidInput);

    /// <summary>The case's name, as printed and in JSON.</summary>
    public static string Kind(BakongError error) => error.Match(
        api: e => e.Match(
            failure: _ => "ApiFailure",
            unknown: _ => "UnknownApiFailure"),
        http: e => e.Match(
            unauthorized: _ => "Unauthorized",
            forbidden: _ => "Forbidden",
            blocked: _ => "Blocked",
            endpointNotFound: _ => "EndpointNotFound",
            rateLimited: _ => "RateLimited",
            clientError: _ => "ClientError",
            serverError: _ => "ServerError",
            unexpectedStatus: _ => "UnexpectedStatus"),
        network: e => e.Match(
            transport: _ => "Transport",
            timeout: _ => "Timeout",
            cancelled: _ => "Cancelled"),
        response: e => e.Match(
            tooLarge: _ => "ResponseTooLarge",
            decode: _ => "Decode"),
        invalidInput: _ => "InvalidInput");
}
