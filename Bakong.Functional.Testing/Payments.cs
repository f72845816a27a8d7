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
