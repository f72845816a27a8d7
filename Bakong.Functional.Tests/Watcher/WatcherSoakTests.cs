using System.Diagnostics;
using System.Globalization;
using Bakong.Functional.Testing;
using Xunit.Abstractions;

namespace Bakong.Functional.Tests.Watcher;

/// <summary>
/// The soak, off by default: <c>BAKONG_SOAK_MINUTES=10 dotnet test Bakong.Functional.Tests --filter WatcherSoak
/// --logger "console;verbosity=detailed"</c>. 10,000 pending payments on the real clock against the emulator over
/// loopback, 1% of answers garbled; a tenth are paid at random moments, a tenth expire during the run.
/// </summary>
public sealed class WatcherSoakTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Ten_thousand_pending_with_one_percent_garbled_answers_end_with_no_wrong_outcome_each_once_and_flat_memory()
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable("BAKONG_SOAK_MINUTES"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var minutes) || minutes < 1)
        {
            output.WriteLine("skipped: set BAKONG_SOAK_MINUTES to run the soak");
            return;
        }
        const int Pending = 10_000;
        var duration = TimeSpan.FromMinutes(minutes);
        var emulator = new BakongEmulator();
        await using var server = await emulator.StartServerAsync();
        using var http = new HttpClient();
        var client = new BakongClient(http, new BakongClientOptions { BaseUrl = server.BaseUrl, Token = emulator.IssueToken() });
        await using var watcher = new PaymentWatcher(client, new PaymentWatcherOptions { Interval = TimeSpan.FromSeconds(2) });
        var random = new Random(1);
        var garbled = 0L;
        string Garble(string body)
        {
            lock (random)
            {
                if (random.NextDouble() >= 0.01)
                    return body;
            }
            Interlocked.Increment(ref garbled);
            return body[..(body.Length / 2)];
        }
        emulator.InjectAlways(CheckTransactionsByMd5List.Path, new Fault.Rewrite(Garble));
        emulator.InjectAlways(CheckTransactionByMd5.Path, new Fault.Rewrite(Garble));

        var start = DateTimeOffset.UtcNow;
        var md5s = Enumerable.Range(0, Pending).Select(i => i.ToString("x32", CultureInfo.InvariantCulture)).ToArray();
        var paidAt = new Dictionary<string, TimeSpan>();
        var expiring = new System.Collections.Generic.HashSet<string>();
        for (var i = 0; i < Pending; i++)
        {
            if (i % 10 == 0)
                paidAt[md5s[i]] = duration * random.NextDouble() * 0.8;
            else if (i % 10 == 1)
                expiring.Add(md5s[i]);
        }
        var events = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var reading = watcher.Events();
        _ = Task.Run(async () =>
        {
            await foreach (var e in reading)
                events.AddOrUpdate(e.Md5, 1, (_, n) => n + 1);
        });
        var tasks = md5s.ToDictionary(m => m, m => watcher.Watch(m,
            expiring.Contains(m) ? start + duration * random.NextDouble() * 0.8 : start + duration + TimeSpan.FromMinutes(5),
            new ExpectedPayment("merchant@emul", Currency.USD, 1.5m)));
        foreach (var (m, at) in paidAt)
            emulator.AddPayment(new PaymentSeed { Md5 = m, Amount = 1.5m, VisibleAt = start + at });

        var rss = new List<long>();
        var heap = new List<long>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            await Task.Delay(TimeSpan.FromSeconds(30));
            // The emulator's request log lives in this process too; it is not the watcher's memory.
            emulator.ClearRequests();
            GC.Collect();
            rss.Add(Environment.WorkingSet);
            heap.Add(GC.GetTotalMemory(forceFullCollection: true));
        }
        // The last payments paid get one more interval to be seen.
        await Task.Delay(TimeSpan.FromSeconds(5));

        var wrong = 0;
        foreach (var (m, task) in tasks)
        {
            PaymentOutcome? outcome = task.IsCompleted ? await task : null;
            if (paidAt.ContainsKey(m))
                wrong += outcome is PaymentOutcome.Paid ? 0 : 1;
            else if (expiring.Contains(m))
                wrong += outcome is PaymentOutcome.Expired or PaymentOutcome.Unconfirmed ? 0 : 1;
            else
                wrong += outcome is null ? 0 : 1;
        }
        var stats = watcher.Statistics;
        var twice = events.Count(e => e.Value > 1);
        var firstRss = rss[Math.Min(1, rss.Count - 1)];
        output.WriteLine($"FIGURE soak: {minutes} min, {Pending:N0} pending, {paidAt.Count:N0} paid, {expiring.Count:N0} expiring; " +
            $"{garbled:N0} answers garbled of {stats.ListRequests:N0} md5_list requests and {stats.SingleLookups:N0} single lookups; " +
            $"wrong outcomes {wrong}, reported twice {twice}; " +
            $"anomalies {string.Join(", ", stats.Anomalies.Where(a => a.Value > 0).Select(a => $"{a.Key} {a.Value:N0}"))}; " +
            $"RSS {firstRss / 1e6:0.0} MB after 1 min, {rss[^1] / 1e6:0.0} MB at the end (samples: {string.Join(" ", rss.Select(r => (r / 1e6).ToString("0", CultureInfo.InvariantCulture)))}); " +
            $"managed heap {heap[Math.Min(1, heap.Count - 1)] / 1e6:0.0} MB after 1 min, {heap[^1] / 1e6:0.0} MB at the end");
        Assert.Equal(0, wrong);
        Assert.Equal(0, twice);
        Assert.True(garbled > 0);
        Assert.True(rss[^1] < firstRss * 1.5, "resident memory grew by half or more");
    }
}
