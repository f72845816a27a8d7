using LanguageExt;

namespace Bakong.Functional.Testing;

// KHQR seeding: payments made for a payload, with its amount, currency and receiving account.
public sealed partial class BakongEmulator
{
    /// <summary>
    /// Seeds the payment a payer makes for <paramref name="code"/>: its md5, amount, currency and receiving account,
    /// paid at once. For pending payments or other outcomes, seed <see cref="PaymentSeed.From(KhqrCode, Option{decimal})"/> with changes.
    /// </summary>
    /// <param name="code">The KHQR your code showed.</param>
    /// <param name="amount">What the payer pays instead of the QR's amount, to test an underpayment.</param>
    /// <example>
    /// <code>
    /// emulator.AddPayment(code);                  // paid as asked
    /// emulator.AddPayment(code, amount: 9.00m);   // underpaid: the wait ends in PaymentOutcome.Mismatch
    /// </code>
    /// </example>
    public EmulatedPayment AddPayment(KhqrCode? code, Option<decimal> amount = default) =>
        AddPayment(PaymentSeed.From(code, amount));

    /// <summary>Whether <paramref name="value"/> is 32 hexadecimal characters, the shape of a KHQR md5.</summary>
    private static bool IsMd5(string? value) =>
        value is { Length: 32 } && value.All(char.IsAsciiHexDigit);
}
