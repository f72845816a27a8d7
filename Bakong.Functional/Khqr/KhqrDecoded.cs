using LanguageExt;

namespace Bakong.Functional;

/// <summary>
/// What <see cref="Khqr.Decode"/> read from a string: every field verbatim, the typed values it could read, and every
/// problem with its tag path. A field that could not be read is None; <see cref="Problems"/> says why.
/// </summary>
/// <example>
/// <code>
/// var qr = Khqr.Decode(text);
/// foreach (var field in qr.Fields) Console.WriteLine(field);      // 59 Merchant name: Jonh Smith
/// foreach (var problem in qr.Problems) Console.WriteLine(problem); // 63: expected 6894 (the CRC …), found "6895"
/// return qr.IsValid ? 0 : 1;
/// </code>
/// </example>
[System.Text.Json.Serialization.JsonConverter(typeof(KhqrDecodedJsonConverter))]
public sealed record KhqrDecoded
{
    internal KhqrDecoded(string payload) => Payload = payload;

    /// <summary>The string as given (null read as empty).</summary>
    public string Payload { get; }

    /// <summary>The lowercase hex MD5 of <see cref="Payload"/>, the key for <c>check_transaction_by_md5</c>.</summary>
    public string Md5 => Khqr.Md5(Payload);

    /// <summary>
    /// Every field read, in order and verbatim: each top-level field (path <c>62</c>) followed by its sub-fields
    /// (<c>62.01</c>) when it is a KHQR template. Unknown tags are included.
    /// </summary>
    public Seq<KhqrField> Fields { get; internal init; } = Seq<KhqrField>.Empty;

    /// <summary>The fields and sub-fields outside the KHQR tag table, kept verbatim.</summary>
    public Seq<KhqrField> Unknown => Fields.Filter(f => !f.IsKnown);

    /// <summary>Everything wrong with the payload, in the order found; empty for a valid payload.</summary>
    public Seq<KhqrProblem> Problems { get; internal init; } = Seq<KhqrProblem>.Empty;

    /// <summary>Whether the payload is well formed, keeps every rule the decoder checks, and its CRC holds.</summary>
    /// <remarks>
    /// Decoding has no clock: an expiration in the past is not a problem here, and a dynamic QR with only a creation
    /// time, as older ones carry, is valid. Whether a wallet would take it now is <see cref="IsPayableAt"/>.
    /// </remarks>
    public bool IsValid => Problems.IsEmpty;

    /// <summary>
    /// Whether a wallet following the NBC SDK (1.0.18 and later) takes this QR for payment at <paramref name="at"/>, as
    /// the SDK's <c>verify</c> judges at that time: the QR is valid; a dynamic one carries an expiration not yet passed
    /// (the last payable instant is the expiration itself); a QR with an amount carries tag 99. A static QR's expiration
    /// is not enforced. So an old dynamic QR with only a creation time, and a fixed-price static QR without tag 99, decode
    /// but are not payable.
    /// </summary>
    /// <param name="at">The time to judge at, usually your clock's now.</param>
    /// <example><code>if (!Khqr.Decode(text).IsPayableAt(timeProvider.GetUtcNow())) return "expired, or not a KHQR a wallet takes";</code></example>
    public bool IsPayableAt(DateTimeOffset at) =>
        IsValid
        && (Amount.IsNone || Fields.Exists(f => f.Path == KhqrTags.Timestamps))
        && (Initiation.Case is not KhqrInitiation i || i != KhqrInitiation.Dynamic || ExpiresAt.Case is DateTimeOffset e && at <= e);

    /// <summary>The same as <see cref="IsPayableAt"/> at <paramref name="clock"/>'s now (the system clock when null).</summary>
    public bool IsPayableNow(TimeProvider? clock = null) => IsPayableAt((clock ?? TimeProvider.System).GetUtcNow());

    /// <summary>Whether tag 63 is present, is 4 uppercase hexadecimal digits, and equals the CRC of everything before it.</summary>
    public bool CrcHolds { get; internal init; }

    /// <summary>Tag 63 as written.</summary>
    public Option<string> Crc { get; internal init; }

    /// <summary>Tag 01: static (11) or dynamic (12).</summary>
    public Option<KhqrInitiation> Initiation { get; internal init; }

    /// <summary>Tag 15.</summary>
    public Option<string> UnionPayMerchantAccount { get; internal init; }

    /// <summary>Tag 29 or 30, when its required sub-tags are present.</summary>
    public Option<KhqrAccount> Account { get; internal init; }

    /// <summary>Tag 52.</summary>
    public Option<string> MerchantCategoryCode { get; internal init; }

    /// <summary>Tag 53, when it is 116 (KHR) or 840 (USD).</summary>
    public Option<Currency> Currency { get; internal init; }

    /// <summary>Tag 54, when it reads as a decimal number.</summary>
    public Option<decimal> Amount { get; internal init; }

    /// <summary>Tag 58.</summary>
    public Option<string> CountryCode { get; internal init; }

    /// <summary>Tag 59.</summary>
    public Option<string> MerchantName { get; internal init; }

    /// <summary>Tag 60.</summary>
    public Option<string> MerchantCity { get; internal init; }

    /// <summary>The known sub-tags of tag 62; empty when there is no tag 62.</summary>
    public KhqrAdditionalData AdditionalData { get; internal init; } = KhqrAdditionalData.Empty;

    /// <summary>Tag 64, when its language preference and name are present.</summary>
    public Option<KhqrAlternateLanguage> AlternateLanguage { get; internal init; }

    /// <summary>Tag 99, sub-tag 00, when it is 13 digits.</summary>
    public Option<DateTimeOffset> CreatedAt { get; internal init; }

    /// <summary>Tag 99, sub-tag 01, when it is 13 digits. <see cref="IsPayableAt"/> says whether it has passed, as a wallet judges.</summary>
    public Option<DateTimeOffset> ExpiresAt { get; internal init; }

    /// <summary>
    /// What this QR asks the payer for: its receiving account (tag 29 or 30, sub-tag 00), its currency, and its amount
    /// (None on a static QR). None when the account or currency could not be read.
    /// </summary>
    /// <example>
    /// <code>
    /// var outcome = qr.ExpectedPayment.Map(expected => PaymentOutcome.Of(transaction, expected)); // Paid or Mismatch
    /// </code>
    /// </example>
    public Option<ExpectedPayment> ExpectedPayment =>
        from account in Account
        from currency in Currency
        select new Bakong.Functional.ExpectedPayment(account.AccountId, currency, Amount);

    /// <summary>
    /// The fields written back in their order, verbatim, with a freshly computed CRC: for a valid payload this gives back
    /// <see cref="Payload"/> exactly. Text after a broken field is not a field, so it is not written.
    /// </summary>
    public KhqrCode ToCode()
    {
        var payload = KhqrWriter.Rewrite(Fields.Filter(f => f.Path.Length == 2));
        return new KhqrCode(payload, Khqr.Md5(payload), ExpiresAt);
    }

    /// <summary>
    /// This payload when it is valid, otherwise <see cref="BakongError.InvalidInput"/> with one <see cref="FieldError"/>
    /// per problem, named <c>khqr</c> or <c>khqr.62.01</c>.
    /// </summary>
    public Fin<KhqrDecoded> ToFin()
    {
        if (IsValid)
            return this;
        return new BakongError.InvalidInput(Problems.Map(p =>
            new FieldError(p.Path.Length == 0 ? "khqr" : "khqr." + p.Path, "expected " + p.Expected)));
    }
}
