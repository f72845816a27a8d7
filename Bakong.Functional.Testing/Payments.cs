using LanguageExt;

namespace Bakong.Functional.Testing;

/// <summary>How a seeded payment ends once it becomes visible.</summary>
public enum SeedOutcome
{
    /// <summary>Found: the transaction is returned.</summary>
    Paid,
    /// <summary>errorCode 3 (batch status <c>FAILED</c>).</summary>
    Failed,
    /// <summary>A static KHQR: errorCode 2 (batch status <c>STATIC_QR</c>). It has no hash, so only md5 finds it.</summary>
    StaticQr,
}

/// <summary>
/// A payment to seed with <see cref="BakongEmulator.AddPayment(PaymentSeed)"/>. Every field has a default, so
/// <c>new PaymentSeed { Qr = qr, Amount = 1.5m }</c> is enough.
/// </summary>
public sealed record PaymentSeed
{
    /// <summary>The KHQR string; its <see cref="Khqr.Md5"/> becomes the md5 key unless <see cref="Md5"/> is set.</summary>
    public string? Qr { get; init; }

    /// <summary>The md5 key itself; wins over <see cref="Qr"/>. Neither set means a random key.</summary>
    public string? Md5 { get; init; }

    /// <summary>The full hash; by default the SHA-256 hex of the md5 and a sequence number.</summary>
    public string? Hash { get; init; }

    /// <summary>The amount paid.</summary>
    public decimal Amount { get; init; } = 1m;

    /// <summary>USD or KHR.</summary>
    public Currency Currency { get; init; } = Currency.USD;

    /// <summary>The payer.</summary>
    public string FromAccountId { get; init; } = "payer@emul";

    /// <summary>The payee.</summary>
    public string ToAccountId { get; init; } = "merchant@emul";

    /// <summary>The payer's description.</summary>
    public string Description { get; init; } = "";

    /// <summary>Production's <c>trackingStatus</c>; null leaves the field out.</summary>
    public string? TrackingStatus { get; init; } = "ACKNOWLEDGED_BY_FI";

    /// <summary>Optional <c>receiverBank</c>.</summary>
    public string? ReceiverBank { get; init; }

    /// <summary>Optional <c>receiverBankAccount</c>.</summary>
    public string? ReceiverBankAccount { get; init; }

    /// <summary>Optional <c>instructionRef</c>; also a lookup key.</summary>
    public string? InstructionRef { get; init; }

    /// <summary>Optional <c>externalRef</c>; also a lookup key.</summary>
    public string? ExternalRef { get; init; }

    /// <summary>Paid, failed or static QR.</summary>
    public SeedOutcome Outcome { get; init; } = SeedOutcome.Paid;

    /// <summary>
    /// How many md5 polls answer "not found" (errorCode 1) before the outcome shows. Polls are md5 lookups, single or
    /// in a batch; 0 means visible at once. Negative is refused by <see cref="BakongEmulator.AddPayment(PaymentSeed)"/>.
    /// </summary>
    public int VisibleAfterPolls { get; init; }

    /// <summary>The emulator time from which the outcome shows; null means no time condition. With polls too, both must hold.</summary>
    public DateTimeOffset? VisibleAt { get; init; }

    /// <summary><c>createdDateMs</c>; null means the moment the payment became visible.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>
    /// The payment a payer makes for this KHQR: filed under its md5, with the payload's amount, currency and receiving
    /// account (tag 29 or 30). Change anything else with <c>with</c>.
    /// </summary>
    /// <param name="code">The KHQR your code showed.</param>
    /// <param name="amount">What the payer pays instead of the QR's amount, to test an underpayment; a static QR has no amount, so give one (else 1).</param>
    /// <example>
    /// <code>
    /// emulator.AddPayment(PaymentSeed.From(code) with { VisibleAfterPolls = 2 });
    /// emulator.AddPayment(PaymentSeed.From(code, amount: 9.00m));        // underpaid
    /// </code>
    /// </example>
    public static PaymentSeed From(KhqrCode? code, Option<decimal> amount = default) => From(code?.Payload, amount);

    /// <summary>
    /// The payment a payer makes for this KHQR string, read with <see cref="Khqr.Decode"/>. What the payload does not
    /// hold keeps the default. A static payload (tag 01 is 11) answers as Bakong does for any static QR: errorCode 2.
    /// </summary>
    /// <param name="payload">The KHQR string.</param>
    /// <param name="amount">What the payer pays instead of the payload's amount.</param>
    public static PaymentSeed From(string? payload, Option<decimal> amount = default)
    {
        var qr = Khqr.Decode(payload);
        var seed = new PaymentSeed { Qr = qr.Payload };
        return seed with
        {
            Amount = amount.IfNone(() => qr.Amount.IfNone(seed.Amount)),
            Currency = qr.Currency.IfNone(seed.Currency),
            ToAccountId = qr.Account.Map(a => a.AccountId).IfNone(seed.ToAccountId),
            Outcome = qr.Initiation.Exists(i => i == KhqrInitiation.Static) ? SeedOutcome.StaticQr : SeedOutcome.Paid,
        };
    }
}

/// <summary>A snapshot of a seeded payment, as the emulator holds it now.</summary>
/// <param name="Md5">The md5 key.</param>
/// <param name="Hash">The full 64-hex hash (empty for a static QR).</param>
/// <param name="Amount">The amount.</param>
/// <param name="Currency">The currency.</param>
/// <param name="Outcome">How it ends.</param>
/// <param name="Polls">How many md5 polls it has had.</param>
/// <param name="IsVisible">Whether lookups now see its outcome (it stays visible once seen).</param>
/// <param name="Seed">The seed it was made from.</param>
public sealed record EmulatedPayment(string Md5, string Hash, decimal Amount, Currency Currency, SeedOutcome Outcome, int Polls, bool IsVisible, PaymentSeed Seed)
{
    /// <summary>The first 8 characters of the hash, for <c>check_transaction_by_short_hash</c>.</summary>
    public string ShortHash => Hash.Length >= 8 ? Hash[..8] : Hash;
}
