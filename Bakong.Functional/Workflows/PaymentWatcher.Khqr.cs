using LanguageExt;
using LanguageExt.Common;

namespace Bakong.Functional;

// Watching a KHQR: the payload itself carries the md5, the deadline and what it asks for.
public sealed partial class PaymentWatcher
{
    /// <summary>
    /// Starts watching the payment for a KHQR made with <see cref="Khqr.Encode"/>: its md5, its expiry as the deadline,
    /// and its receiving account, currency and amount as the expectation, so a transaction that differs ends as
    /// <see cref="PaymentOutcome.Mismatch"/>.
    /// </summary>
    /// <param name="code">The KHQR, as shown to the payer.</param>
    /// <param name="deadline">When to give up instead of the QR's expiry; required for a QR without one (a static QR).</param>
    /// <returns>The payment's outcome; it never faults. A payload that is not a valid KHQR, or no deadline at all, ends it at once with <see cref="BakongError.InvalidInput"/>.</returns>
    /// <example>
    /// <code>
    /// var code = (KhqrCode)Khqr.Encode(new KhqrRequest(new KhqrAccount.Individual("shop@devb"), "Shop", Currency.USD) { Amount = 2.50m });
    /// var outcome = await watcher.Watch(code); // Paid, Mismatch, Failed, StaticQr, Expired at its expiry, or Error
    /// </code>
    /// </example>
    public Task<PaymentOutcome> Watch(KhqrCode? code, Option<DateTimeOffset> deadline = default) =>
        code is null
            ? Ended(BakongError.InvalidInput.Of("code", "is required"))
            : Watch(Khqr.Decode(code.Payload), deadline);

    /// <summary>The same as <see cref="Watch(KhqrCode?, Option{DateTimeOffset})"/>, for a payload read back with <see cref="Khqr.Decode"/>.</summary>
    /// <param name="khqr">The decoded payload; it must be valid.</param>
    /// <param name="deadline">When to give up instead of the QR's expiry; required for a QR without one.</param>
    public Task<PaymentOutcome> Watch(KhqrDecoded? khqr, Option<DateTimeOffset> deadline = default)
    {
        if (khqr is null)
            return Ended(BakongError.InvalidInput.Of("khqr", "is required"));
        var valid = khqr.ToFin();
        if (valid.IsFail)
            return Ended(BakongError.From((Error)valid));
        var until = deadline.IsSome ? deadline : khqr.ExpiresAt;
        if (until.IsNone)
            return Ended(BakongError.InvalidInput.Of("deadline", "is required: the KHQR has no expiry (tag 99, sub-tag 01)"));
        if (khqr.Account.IsNone || khqr.Currency.IsNone)
            return Ended(BakongError.InvalidInput.Of("khqr", "must name the receiving account (tag 29 or 30) and the currency (tag 53)"));
        var expected = new ExpectedPayment(((KhqrAccount)khqr.Account).AccountId, (Currency)khqr.Currency, khqr.Amount);
        return Watch(khqr.Md5, (DateTimeOffset)until, expected);
    }
}
