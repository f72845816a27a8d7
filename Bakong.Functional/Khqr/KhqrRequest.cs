using LanguageExt;

namespace Bakong.Functional;

/// <summary>
/// What a KHQR should say. With an <see cref="Amount"/> it is dynamic (one payment, expiring); without, static (a
/// sticker the payer types an amount into). Encode never makes a static QR with an amount, as the NBC SDK never does:
/// Bakong cannot confirm a static QR's payment by md5, so a fixed price belongs on a dynamic QR. Decoding reads one.
/// <see cref="Khqr.Encode"/> checks every rule at once and fills in the times from its clock.
/// </summary>
/// <param name="Account">Who receives the money: an individual (tag 29) or a merchant (tag 30).</param>
/// <param name="MerchantName">The name the payer sees (tag 59), at most 25 characters.</param>
/// <param name="Currency">The currency (tag 53).</param>
/// <example>
/// <code>
/// var request = new KhqrRequest(new KhqrAccount.Individual("alice@devb"), "Alice's Coffee", Currency.USD)
/// {
///     Amount = 2.50m,
///     AdditionalData = new KhqrAdditionalData { BillNumber = "INV-001" },
///     Validity = TimeSpan.FromMinutes(5),
/// };
/// Fin&lt;KhqrCode&gt; code = Khqr.Encode(request, timeProvider);
/// </code>
/// </example>
public sealed record KhqrRequest(KhqrAccount Account, string MerchantName, Currency Currency)
{
    /// <summary>How long a dynamic QR stays payable when <see cref="ExpiresAt"/> is not given: 10 minutes.</summary>
    public static readonly TimeSpan DefaultValidity = TimeSpan.FromMinutes(10);

    /// <summary>The city (tag 60), at most 15 characters. Defaults to <c>Phnom Penh</c>.</summary>
    public string MerchantCity { get; init; } = "Phnom Penh";

    /// <summary>The amount (tag 54). Some makes a dynamic QR, None a static one. KHR in whole riel, USD with at most 2 decimals.</summary>
    public Option<decimal> Amount { get; init; }

    /// <summary>The merchant category code (tag 52), 4 digits. Defaults to <c>5999</c>.</summary>
    public string MerchantCategoryCode { get; init; } = "5999";

    /// <summary>A UnionPay merchant account (tag 15), at most 99 characters; not allowed with USD.</summary>
    public Option<string> UnionPayMerchantAccount { get; init; }

    /// <summary>Bill number, mobile number, store and terminal labels, purpose (tag 62).</summary>
    public KhqrAdditionalData AdditionalData { get; init; } = KhqrAdditionalData.Empty;

    /// <summary>The name and city in a second language (tag 64).</summary>
    public Option<KhqrAlternateLanguage> AlternateLanguage { get; init; }

    /// <summary>
    /// The creation time (tag 99, sub-tag 00). On a dynamic QR it defaults to the clock's now. A static QR carries no
    /// tag 99 unless this or <see cref="ExpiresAt"/> is given: the NBC SDK writes none, so by default the same inputs
    /// give the same string and md5 as the SDK's, at every encode.
    /// </summary>
    public Option<DateTimeOffset> CreatedAt { get; init; }

    /// <summary>
    /// The expiration time (tag 99, sub-tag 01): after the creation time and not in the past. A dynamic QR without one
    /// expires <see cref="Validity"/> after its creation time; a static QR without one never expires. On a static QR it
    /// is written (with the creation time) only when given, and wallets that follow the NBC SDK do not enforce it.
    /// </summary>
    public Option<DateTimeOffset> ExpiresAt { get; init; }

    /// <summary>How long a dynamic QR stays payable when <see cref="ExpiresAt"/> is None. Defaults to <see cref="DefaultValidity"/>.</summary>
    public TimeSpan Validity { get; init; } = DefaultValidity;
}
