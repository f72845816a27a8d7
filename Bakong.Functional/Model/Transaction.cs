using LanguageExt;

namespace Bakong.Functional;

/// <summary>A Bakong transaction, as returned by every check_transaction_* endpoint.</summary>
/// <param name="Hash">The 64-hex transaction hash.</param>
/// <param name="FromAccountId">The payer's Bakong account, for example <c>payer@bank</c>.</param>
/// <param name="ToAccountId">The payee's Bakong account.</param>
/// <param name="Currency">USD or KHR.</param>
/// <param name="Amount">The amount paid.</param>
/// <param name="Description">The payer's description, if any.</param>
/// <param name="CreatedAt">When the transaction was created (<c>createdDateMs</c>).</param>
/// <param name="AcknowledgedAt">When it was acknowledged (<c>acknowledgedDateMs</c>).</param>
/// <param name="TrackingStatus">Production's <c>trackingStatus</c>, verbatim, for example <c>ACKNOWLEDGED_BY_FI</c>.</param>
/// <param name="ReceiverBank">The receiving bank, if reported.</param>
/// <param name="ReceiverBankAccount">The account at the receiving bank, if reported.</param>
/// <param name="InstructionRef">The instruction reference, if reported.</param>
/// <param name="ExternalRef">The external reference, if reported.</param>
[System.Text.Json.Serialization.JsonConverter(typeof(TransactionJsonConverter))]
public sealed record Transaction(
    string Hash,
    string FromAccountId,
    string ToAccountId,
    Currency Currency,
    decimal Amount,
    Option<string> Description,
    Option<DateTimeOffset> CreatedAt,
    Option<DateTimeOffset> AcknowledgedAt,
    Option<string> TrackingStatus,
    Option<string> ReceiverBank,
    Option<string> ReceiverBankAccount,
    Option<string> InstructionRef,
    Option<string> ExternalRef)
{
    /// <summary>
    /// Whether <see cref="Description"/> arrived malformed (a lone surrogate escape such as <c>\ud800</c>, or invalid
    /// UTF-8) and was repaired with U+FFFD. The payment is real either way; the flag says the text is not exactly what was sent.
    /// </summary>
    public bool DescriptionRepaired { get; init; }

    /// <summary>The first 8 characters of <see cref="Hash"/>, which check_transaction_by_short_hash takes.</summary>
    public string ShortHash => Hash.Length >= 8 ? Hash[..8] : Hash;
}
