using Bakong.Functional.Testing;

namespace Bakong.Functional.Tests.Watcher;

/// <summary>Many payments share md5_list requests; a payment added while a request is in flight waits for the next one.</summary>
public sealed class WatcherBatchingTests
{
    private static readonly DateTimeOffset Start = WatcherHarness.Start;

    [Fact]
    public async Task One_hundred_and_twenty_payments_cost_three_requests_an_interval_each_of_at_most_fifty()
    {
        await using var h = new WatcherHarness();
        var md5s = Enumerable.Range(1, 120).Select(WatcherHarness.Md5).ToList();
        // Every tenth one is paid 4.5 s in.
        foreach (var md5 in md5s.Where((_, i) => i % 10 == 0))
            h.Pay(md5, TimeSpan.FromSeconds(4.5));
        var tasks = md5s.Select(m => h.Watcher.Watch(m, Start.AddMinutes(10), WatcherHarness.Expect())).ToList();

        await h.RunUntil(Start.AddSeconds(4));
        // Seconds 0 to 4: every group is checked once a second, at its own moment.
        Assert.Equal(12, h.Lists.Count);
        Assert.All(h.Lists, r => Assert.InRange(r.Body.Count(c => c == ','), 0, 49));
        var perMd5 = md5s.ToDictionary(m => m, m => h.Lists.Count(r => r.Body.Contains(m, StringComparison.Ordinal)));
        Assert.All(perMd5.Values, n => Assert.Equal(4, n));
        Assert.Empty(h.Singles);

        await h.RunUntil(Start.AddSeconds(6));
        Assert.All(tasks.Where((_, i) => i % 10 == 0), t => Assert.IsType<PaymentOutcome.Paid>(t.Result));
        Assert.All(tasks.Where((_, i) => i % 10 != 0), t => Assert.False(t.IsCompleted));
        Assert.Equal(108, h.Watcher.Statistics.Pending);
        // The paid ones have left: nobody asks about them again.
        var after = h.Lists.Count;
        await h.RunFor(TimeSpan.FromSeconds(3));
        Assert.DoesNotContain(h.Lists.Skip(after), r => md5s.Where((_, i) => i % 10 == 0).Any(m => r.Body.Contains(m, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Groups_are_spread_over_the_interval_instead_of_all_at_once()
    {
        await using var h = new WatcherHarness();
        foreach (var i in Enumerable.Range(1, 200))
            _ = h.Watcher.Watch(WatcherHarness.Md5(i), Start.AddMinutes(10));
        await h.RunUntil(Start.AddSeconds(1));
        var moments = h.Lists.Select(r => r.At).Distinct().ToList();
        Assert.Equal(4, h.Lists.Count);
        Assert.Equal(4, moments.Count);
    }

    [Fact]
    public async Task A_payment_added_while_a_request_is_in_flight_joins_the_next_one()
    {
        await using var h = new WatcherHarness();
        var first = WatcherHarness.Md5(1);
        var late = WatcherHarness.Md5(2);
        h.Pay(late, TimeSpan.Zero);
        h.Emulator.Inject(CheckTransactionsByMd5List.Path, new Fault.Latency(TimeSpan.FromMilliseconds(400)));
        var firstTask = h.Watcher.Watch(first, Start.AddMinutes(1));

        // Move to the first check and leave its request hanging on the emulator's latency.
        await h.Quiet();
        h.Clock.Advance(h.Watcher.NextWake - h.Now);
        await WatcherHarness.Until(() => h.Lists.Count == 1);
        var lateTask = h.Watcher.Watch(late, Start.AddMinutes(1));
        Assert.DoesNotContain(late, h.Lists[0].Body, StringComparison.Ordinal);

        h.Clock.Advance(TimeSpan.FromMilliseconds(400));
        await h.Quiet();
        Assert.False(lateTask.IsCompleted);
        var outcome = await h.RunUntilDone(lateTask);
        Assert.IsType<PaymentOutcome.Paid>(outcome);
        // It rode in the same request as the first payment, one interval after the first check.
        Assert.Equal(2, h.Lists.Count);
        Assert.Contains(first, h.Lists[1].Body, StringComparison.Ordinal);
        Assert.Contains(late, h.Lists[1].Body, StringComparison.Ordinal);
        Assert.Equal(h.Lists[0].At.AddSeconds(1), h.Lists[1].At);
        Assert.False(firstTask.IsCompleted);
    }

    [Fact]
    public async Task Sparse_groups_merge_so_requests_stay_full()
    {
        await using var h = new WatcherHarness();
        var md5s = Enumerable.Range(1, 100).Select(WatcherHarness.Md5).ToList();
        // Forty from each of the two groups are paid at once, leaving two groups of ten.
        foreach (var md5 in md5s.Where((_, i) => i % 50 < 40))
            h.Pay(md5, TimeSpan.FromSeconds(1.5));
        foreach (var md5 in md5s)
            _ = h.Watcher.Watch(md5, Start.AddMinutes(10));
        await h.RunUntil(Start.AddSeconds(5));
        Assert.Equal(20, h.Watcher.Statistics.Pending);
        var before = h.Lists.Count;
        await h.RunFor(TimeSpan.FromSeconds(3));
        // One request a second now carries all twenty.
        Assert.Equal(3, h.Lists.Count - before);
    }
}
