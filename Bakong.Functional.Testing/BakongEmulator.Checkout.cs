using LanguageExt;

namespace Bakong.Functional.Testing;

// The customer's side of a checkout: a QR the merchant shows stays pending until someone pays it, pays the wrong
// amount, or the bank fails it, as a person with a banking app would.
public sealed partial class BakongEmulator
{
    private readonly Dictionary<string, EmulatedQr> shown = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<EmulatedQr> shownInOrder = [];
    // Static QRs (01 = 11), a fixed-price sticker with tag 54 included: payable, but Bakong cannot look them up by md5.
    private readonly System.Collections.Generic.HashSet<string> staticShown = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Who pays when a test or the sandbox plays the customer.</summary>
    public const string CustomerAccountId = "customer@emul";

    /// <summary>
    /// Shows a KHQR to the emulated customer: until <see cref="Pay"/> or <see cref="Fail"/>, md5 lookups answer "not
    /// found" (errorCode 1), as Bakong does for a QR nobody paid. The receiving account, currency, amount and expiry are
    /// read from the payload. Showing the same payload again gives back the same QR.
    /// </summary>
    /// <returns>The QR as the emulator holds it, or <see cref="BakongError.InvalidInput"/> naming each problem of a payload that does not decode.</returns>
    /// <example>
    /// <code>
    /// var code = (KhqrCode)Khqr.Encode(new KhqrRequest(new KhqrAccount.Individual("shop@devb"), "Shop", Currency.USD) { Amount = 2.50m });
    /// emulator.ShowQr(code.Payload);
    /// emulator.Pay(code.Md5, 2.00m);   // an underpayment: the client sees a mismatch, never "paid"
    /// </code>
    /// </example>
    public Fin<EmulatedQr> ShowQr(string? payload)
    {
        var decoded = Khqr.Decode(payload);
        var valid = decoded.ToFin();
        if (valid.IsFail)
            return (LanguageExt.Common.Error)valid;
        var account = decoded.Account.Map(a => a.AccountId);
        var currency = decoded.Currency;
        if (account.IsNone || currency.IsNone)
            return new BakongError.InvalidInput(Seq.create(new FieldError("khqr", "a QR to pay needs a receiving account (tag 29 or 30) and a currency (tag 53)")));
        lock (gate)
        {
            if (shown.TryGetValue(decoded.Md5, out var existing))
                return existing;
            var qr = new EmulatedQr(decoded.Payload, decoded.Md5, (string)account, (Currency)currency, decoded.Amount,
                decoded.MerchantName.IfNone(""), Time.GetUtcNow(), decoded.ExpiresAt);
            shown[qr.Md5] = qr;
            shownInOrder.Add(qr);
            if (decoded.Initiation.Case is KhqrInitiation i && i == KhqrInitiation.Static)
                staticShown.Add(qr.Md5);
            return qr;
        }
    }

    /// <summary>The QR shown under <paramref name="md5"/>, if any.</summary>
    public Option<EmulatedQr> ShownQr(string? md5)
    {
        lock (gate)
            return md5 is not null && shown.TryGetValue(md5, out var qr) ? qr : Option<EmulatedQr>.None;
    }

    /// <summary>
    /// The customer pays the QR shown under <paramref name="md5"/>: a paid transaction to the QR's account, in its
    /// currency, for <paramref name="amount"/> (the QR's own amount when None). A different amount is paid as asked, so
    /// the client sees the mismatch. Refused, as a banking app would refuse, when the QR is unknown, expired or already
    /// settled, or when no amount is known.
    /// </summary>
    public Fin<EmulatedPayment> Pay(string? md5, Option<decimal> amount = default) =>
        Settle(md5, amount, SeedOutcome.Paid);

    /// <summary>The customer's bank fails the payment of the QR shown under <paramref name="md5"/>: lookups answer errorCode 3.</summary>
    public Fin<EmulatedPayment> Fail(string? md5) =>
        Settle(md5, Option<decimal>.None, SeedOutcome.Failed);

    private Fin<EmulatedPayment> Settle(string? md5, Option<decimal> amount, SeedOutcome outcome)
    {
        lock (gate)
        {
            if (md5 is null || !shown.TryGetValue(md5, out var qr))
                return Refused("md5", "no QR is shown under this md5: show it first");
            var now = Time.GetUtcNow();
            if (FindByMd5(qr.Md5) is not null)
                return Refused("md5", "this QR is already settled: a QR is paid once");
            if (qr.ExpiresAt.Exists(e => e <= now))
                return Refused("md5", $"this QR expired at {qr.ExpiresAt.Map(e => e.ToString("u", System.Globalization.CultureInfo.InvariantCulture)).IfNone("")}: a banking app refuses it");
            var paid = amount.IsSome ? amount : qr.Amount;
            if (outcome == SeedOutcome.Paid && paid.IsNone)
                return Refused("amount", "this QR has no amount: say how much the customer pays");
            var value = paid.IfNone(0m);
            if (outcome == SeedOutcome.Paid && (value <= 0 || decimal.Round(value, qr.Currency == Currency.KHR ? 0 : 2) != value))
                return Refused("amount", qr.Currency == Currency.KHR ? "must be a whole number of riel, more than zero" : "must be more than zero, with at most 2 decimals");
            return AddPayment(new PaymentSeed
            {
                Md5 = qr.Md5,
                Amount = value,
                Currency = qr.Currency,
                FromAccountId = CustomerAccountId,
                ToAccountId = qr.ToAccountId,
                Description = qr.MerchantName.Length == 0 ? "" : "Paid to " + qr.MerchantName,
                // A static QR can be paid, but Bakong cannot look it up by md5 (errorCode 2).
                Outcome = (qr.Amount.IsNone || staticShown.Contains(qr.Md5)) && outcome == SeedOutcome.Paid ? SeedOutcome.StaticQr : outcome,
            });
        }
    }

    private static Fin<EmulatedPayment> Refused(string field, string reason) =>
        new BakongError.InvalidInput(Seq.create(new FieldError(field, reason)));
}

/// <summary>A KHQR shown to the emulated customer with <see cref="BakongEmulator.ShowQr"/>.</summary>
/// <param name="Payload">The KHQR string.</param>
/// <param name="Md5">Its md5, the lookup key.</param>
/// <param name="ToAccountId">The receiving account (tag 29 or 30).</param>
/// <param name="Currency">The currency (tag 53).</param>
/// <param name="Amount">The amount (tag 54); None on a static QR.</param>
/// <param name="MerchantName">The merchant name (tag 59).</param>
/// <param name="ShownAt">When it was shown, by the emulator's clock.</param>
/// <param name="ExpiresAt">Its expiry (tag 99, sub-tag 01); None when it has none.</param>
public sealed record EmulatedQr(
    string Payload, string Md5, string ToAccountId, Currency Currency, Option<decimal> Amount, string MerchantName,
    DateTimeOffset ShownAt, Option<DateTimeOffset> ExpiresAt);
