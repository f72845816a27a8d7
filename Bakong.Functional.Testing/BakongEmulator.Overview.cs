using LanguageExt;

namespace Bakong.Functional.Testing;

// What a person watching the emulator wants to see at a glance: every payment with its status, the "e-mails" that
// request_token sent, the faults waiting, and the latest requests. The sandbox's dashboard is drawn from this.
public sealed partial class BakongEmulator
{
    /// <summary>
    /// Everything the emulator holds now, in one consistent snapshot: <paramref name="recentRequests"/> of the latest
    /// requests are included, newest first.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="recentRequests"/> is negative.</exception>
    public EmulatorOverview Overview(int recentRequests = 20)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(recentRequests);
        lock (gate)
        {
            var now = Time.GetUtcNow();
            var checks = CountMd5Checks();
            var views = new List<PaymentView>();
            // Shown QRs first, newest first; then payments seeded without a shown QR, newest first.
            for (var i = shownInOrder.Count - 1; i >= 0; i--)
            {
                var qr = shownInOrder[i];
                views.Add(View(qr.Md5, qr, Payment(qr.Md5) is { } paid ? paid : Option<EmulatedPayment>.None, now, checks));
            }
            var seen = new System.Collections.Generic.HashSet<string>(views.Select(v => v.Md5), StringComparer.OrdinalIgnoreCase);
            foreach (var p in Payments.Reverse())
            {
                if (seen.Add(p.Md5))
                    views.Add(View(p.Md5, Option<EmulatedQr>.None, p, now, checks));
            }
            var faultList = faults.SelectMany(f => f.Value.Select(r => new InjectedFault(f.Key, r.Fault, r.Remaining is { } n ? n : Option<int>.None))).ToList();
            var recent = log.Skip(Math.Max(0, log.Count - recentRequests)).Reverse().ToList();
            return new EmulatorOverview(now, views, Inbox, faultList, tokens.Values.Count(t => now < t.ExpiresAt), log.Count, recent);
        }
    }

    /// <summary>The verification codes request_token "e-mailed", in the order registered.</summary>
    public IReadOnlyList<VerificationEmail> Inbox
    {
        get
        {
            lock (gate)
                return registrations.Values.Select(r => new VerificationEmail(r.Email, r.Organization, r.Project, r.Code)).ToList();
        }
    }

    /// <summary>Makes every token issued so far expire now, so each gets HTTP 401 from the next request on. Returns how many were still valid.</summary>
    public int ExpireTokens()
    {
        lock (gate)
        {
            var now = Time.GetUtcNow();
            var live = tokens.Where(t => now < t.Value.ExpiresAt).Select(t => t.Key).ToList();
            foreach (var key in live)
                tokens[key] = tokens[key] with { ExpiresAt = now };
            return live.Count;
        }
    }

    private static PaymentView View(string md5, Option<EmulatedQr> qr, Option<EmulatedPayment> payment, DateTimeOffset now, Dictionary<string, int> checks)
    {
        var differences = Seq<PaymentDifference>.Empty;
        PaymentStatus status;
        if (payment.Case is EmulatedPayment p)
        {
            status = !p.IsVisible ? PaymentStatus.Pending
                : p.Outcome == SeedOutcome.Failed ? PaymentStatus.Failed
                : p.Outcome == SeedOutcome.StaticQr ? PaymentStatus.StaticQr
                : PaymentStatus.Paid;
            if (status == PaymentStatus.Paid && qr.Case is EmulatedQr asked)
            {
                differences = Differences(asked, p);
                if (!differences.IsEmpty)
                    status = PaymentStatus.Mismatched;
            }
        }
        else
        {
            status = qr.Exists(q => q.ExpiresAt.Exists(e => e <= now)) ? PaymentStatus.Expired : PaymentStatus.Pending;
        }
        return new PaymentView(md5, status, qr, payment, differences, checks.TryGetValue(md5, out var n) ? n : 0);
    }

    private static Seq<PaymentDifference> Differences(EmulatedQr qr, EmulatedPayment paid)
    {
        var differences = Seq<PaymentDifference>.Empty;
        if (!string.Equals(qr.ToAccountId, paid.Seed.ToAccountId, StringComparison.OrdinalIgnoreCase))
            differences = differences.Add(new PaymentDifference.Account(qr.ToAccountId, paid.Seed.ToAccountId));
        if (qr.Currency != paid.Currency)
            differences = differences.Add(new PaymentDifference.CurrencyDiffers(qr.Currency, paid.Currency));
        if (qr.Amount.Exists(a => a != paid.Amount))
            differences = differences.Add(new PaymentDifference.AmountDiffers((decimal)qr.Amount, paid.Amount));
        return differences;
    }

    /// <summary>How many md5 lookups, single or batch, named each md5. Call under the gate.</summary>
    private Dictionary<string, int> CountMd5Checks()
    {
        var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in log)
        {
            if (entry.Path is not (CheckTransactionByMd5.Path or CheckTransactionsByMd5List.Path))
                continue;
            foreach (var md5 in Md5sIn(entry.Body))
                counts[md5] = counts.TryGetValue(md5, out var n) ? n + 1 : 1;
        }
        return counts;
    }

    /// <summary>Every run of exactly 32 hexadecimal characters in <paramref name="body"/>, each once.</summary>
    private static System.Collections.Generic.HashSet<string> Md5sIn(string body)
    {
        var found = new System.Collections.Generic.HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var start = -1;
        for (var i = 0; i <= body.Length; i++)
        {
            var hex = i < body.Length && char.IsAsciiHexDigit(body[i]);
            if (hex && start < 0)
                start = i;
            else if (!hex && start >= 0)
            {
                if (i - start == 32)
                    found.Add(body[start..i]);
                start = -1;
            }
        }
        return found;
    }
}

/// <summary>Where a payment stands, as a person watching the checkout would say it.</summary>
public enum PaymentStatus
{
    /// <summary>Shown but not paid yet, or paid but not yet visible to lookups.</summary>
    Pending,
    /// <summary>Paid as the QR asked (or seeded as paid without a QR).</summary>
    Paid,
    /// <summary>Paid, but not what the QR asked for: another amount, currency or account.</summary>
    Mismatched,
    /// <summary>The customer's bank failed it: lookups answer errorCode 3.</summary>
    Failed,
    /// <summary>The QR's expiry passed with nothing paid.</summary>
    Expired,
    /// <summary>A static QR: Bakong cannot look it up by md5 (errorCode 2).</summary>
    StaticQr,
}

/// <summary>One payment, as <see cref="BakongEmulator.Overview"/> shows it.</summary>
/// <param name="Md5">The md5 key.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="Qr">The QR shown for it, if it was shown with <see cref="BakongEmulator.ShowQr"/>.</param>
/// <param name="Payment">The transaction, once paid or failed (or seeded).</param>
/// <param name="Differences">How the payment differs from the QR; non-empty exactly when <see cref="Status"/> is <see cref="PaymentStatus.Mismatched"/>.</param>
/// <param name="Checks">How many md5 lookups, single or batch, have asked for it.</param>
public sealed record PaymentView(string Md5, PaymentStatus Status, Option<EmulatedQr> Qr, Option<EmulatedPayment> Payment, Seq<PaymentDifference> Differences, int Checks);

/// <summary>The e-mail request_token would have sent.</summary>
/// <param name="To">The registered address.</param>
/// <param name="Organization">The organization given.</param>
/// <param name="Project">The project given.</param>
/// <param name="Code">The 20-character verification code.</param>
public sealed record VerificationEmail(string To, string Organization, string Project, string Code);

/// <summary>A fault waiting in the emulator.</summary>
/// <param name="Path">The path it applies to, or <see cref="BakongEmulator.AnyPath"/>.</param>
/// <param name="Fault">The fault.</param>
/// <param name="Remaining">How many more requests it applies to; None until <see cref="BakongEmulator.ClearFaults"/>.</param>
public sealed record InjectedFault(string Path, Fault Fault, Option<int> Remaining);

/// <summary>A snapshot of everything the emulator holds, from <see cref="BakongEmulator.Overview"/>.</summary>
/// <param name="At">When it was taken, by the emulator's clock.</param>
/// <param name="Payments">Every payment: shown QRs newest first, then payments seeded without a QR, newest first.</param>
/// <param name="Inbox">The verification codes request_token "e-mailed".</param>
/// <param name="Faults">The faults waiting, in the order they apply per path.</param>
/// <param name="ValidTokens">How many issued tokens are still accepted.</param>
/// <param name="RequestCount">How many requests have been received in all.</param>
/// <param name="RecentRequests">The latest requests, newest first.</param>
public sealed record EmulatorOverview(
    DateTimeOffset At, IReadOnlyList<PaymentView> Payments, IReadOnlyList<VerificationEmail> Inbox, IReadOnlyList<InjectedFault> Faults,
    int ValidTokens, int RequestCount, IReadOnlyList<RequestLogEntry> RecentRequests);
