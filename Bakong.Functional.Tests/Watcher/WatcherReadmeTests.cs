using Bakong.Functional.Testing;

namespace Bakong.Functional.Tests.Watcher;

/// <summary>The README's watcher example, compiled and run against the emulator, so the README cannot drift from the API.</summary>
public sealed class WatcherReadmeTests
{
    [Fact]
    public async Task The_readme_watcher_example_runs_as_written()
    {
        await using var h = new WatcherHarness();
        var bakong = h.Client;
        var code = Khqr.Encode(new KhqrRequest(new KhqrAccount.Individual("shop@devb"), "Shop", Currency.USD) { Amount = 2.50m }, h.Clock)
            .Match(c => c, e => throw new InvalidOperationException(e.Message));
        h.Emulator.AddPayment(new PaymentSeed { Qr = code.Payload, Amount = 2.50m, ToAccountId = "shop@devb" });
        using var cts = new CancellationTokenSource();
        var ct = cts.Token;
        var lines = new List<string>();

        // --- README: Watching many payments at once
        await using var watcher = new PaymentWatcher(bakong, new PaymentWatcherOptions { Interval = TimeSpan.FromSeconds(2) });
        // Or every payment's end, as it happens (the subscription starts at the call, so subscribe before watching):
        var events = watcher.Events(ct);
        var reading = Task.Run(async () =>
        {
            await foreach (PaymentEvent e in events)
                lines.Add($"{e.Md5}: {e.Outcome}");
        });

        // At checkout, the KHQR just shown (from Khqr.Encode) gives the md5, the deadline (its expiry) and what it asks for.
        Task<PaymentOutcome> outcome = watcher.Watch(code);
        // Or by md5: watcher.Watch(md5, deadline, new ExpectedPayment("shop@devb", Currency.USD, 2.50m));

        await RunUntilDone(h, watcher, outcome);
        string text = (await outcome).Match(
            paid: p => $"paid {p.Transaction.Amount} {p.Transaction.Currency}",
            mismatch: m => $"not the payment asked for: {string.Join("; ", m.Differences)}",
            failed: f => $"failed: {f.Reason}",
            staticQr: _ => "a static QR cannot be checked",
            expired: e => $"unpaid at {e.Deadline:t}",
            unconfirmed: u => $"could not be confirmed ({u.Why}): reconcile by hand",
            error: e => e.Reason.Summary);
        // --- end

        Assert.Equal("paid 2.50 USD", text);
        await watcher.StopAsync();
        await reading.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.StartsWith($"{code.Md5}: Paid", Assert.Single(lines), StringComparison.Ordinal);
    }

    /// <summary>Moves the manual clock to the watcher's next wake-up until the outcome is in.</summary>
    private static async Task RunUntilDone(WatcherHarness h, PaymentWatcher watcher, Task outcome)
    {
        for (var i = 0; i < 100 && !outcome.IsCompleted; i++)
        {
            await WatcherHarness.Until(() => watcher.IsQuiet || outcome.IsCompleted);
            if (!outcome.IsCompleted)
                h.Clock.Advance(watcher.NextWake - h.Now);
        }
        await outcome.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
