using Bakong.Functional.Testing;
using CsCheck;

namespace Bakong.Functional.Tests.Watcher;

/// <summary>For any payments, arrival times and deadlines, each payment gets exactly one outcome, and the right one.</summary>
public sealed class WatcherPropertyTests
{
    private static readonly DateTimeOffset Start = WatcherHarness.Start;

    /// <summary>How a generated payment ends if it arrives in time.</summary>
    public enum Kind { Paid, Underpaid, Failed, Static, Never }

    public sealed record Spec(Kind Kind, int ArrivesMs, int DeadlineMs);

    private static readonly Gen<Spec> Specs =
        Gen.Select(Gen.Enum<Kind>(), Gen.Int[0, 20_000], Gen.Int[1, 20_000], (k, a, d) => new Spec(k, a, d));

    private static readonly Gen<(int IntervalMs, Spec[] Payments)> Cases =
        Gen.Select(Gen.Int[100, 3_000], Specs.Array[1, 70]);

    [Fact]
    public async Task Each_payment_gets_exactly_one_outcome_and_the_right_one()
    {
        await Cases.SampleAsync(async c => await Holds(c.IntervalMs, c.Payments), iter: 300, threads: 1);
    }

    private static async Task<bool> Holds(int intervalMs, Spec[] payments)
    {
        var options = WatcherHarness.Steady with { Interval = TimeSpan.FromMilliseconds(intervalMs) };
        await using var h = new WatcherHarness(options);
        var md5s = payments.Select((_, i) => WatcherHarness.Md5(i + 1)).ToArray();
        for (var i = 0; i < payments.Length; i++)
        {
            var p = payments[i];
            if (p.Kind == Kind.Never)
                continue;
            h.Emulator.AddPayment(new PaymentSeed
            {
                Md5 = md5s[i],
                Amount = p.Kind == Kind.Underpaid ? 1.0m : 1.5m,
                Outcome = p.Kind switch { Kind.Failed => SeedOutcome.Failed, Kind.Static => SeedOutcome.StaticQr, _ => SeedOutcome.Paid },
                VisibleAt = Start.AddMilliseconds(p.ArrivesMs),
            });
        }
        var events = h.Watcher.Events();
        var tasks = payments.Select((p, i) => h.Watcher.Watch(md5s[i], Start.AddMilliseconds(p.DeadlineMs), WatcherHarness.Expect(1.5m))).ToArray();
        await h.RunUntilDone(Task.WhenAll(tasks).ContinueWith(_ => 0, TaskScheduler.Default));
        await h.Watcher.StopAsync();
        var seen = await events.ToListAsync();

        for (var i = 0; i < payments.Length; i++)
        {
            var p = payments[i];
            var outcome = tasks[i].Result;
            var arrivedInTime = p.Kind != Kind.Never && p.ArrivesMs <= p.DeadlineMs;
            var right = !arrivedInTime ? outcome is PaymentOutcome.Expired e && e.Deadline == Start.AddMilliseconds(p.DeadlineMs)
                : p.Kind switch
                {
                    Kind.Paid => outcome is PaymentOutcome.Paid,
                    Kind.Underpaid => outcome is PaymentOutcome.Mismatch,
                    Kind.Failed => outcome is PaymentOutcome.Failed,
                    _ => outcome is PaymentOutcome.StaticQr,
                };
            if (!right)
                throw new InvalidOperationException($"payment {i} {p} at interval {intervalMs} ms ended as {outcome}");
            var mine = seen.Where(x => x.Md5 == md5s[i]).ToList();
            if (mine.Count != 1 || !ReferenceEquals(mine[0].Outcome, outcome))
                throw new InvalidOperationException($"payment {i} had {mine.Count} events");
        }
        return seen.Count == payments.Length;
    }
}
