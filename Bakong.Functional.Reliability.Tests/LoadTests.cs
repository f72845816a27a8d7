using System.Diagnostics;
using System.Net;
using System.Net.NetworkInformation;
using Bakong.Functional.Reliability.Tests.Support;

namespace Bakong.Functional.Reliability.Tests;

/// <summary>
/// Load against the emulator over loopback: no failures, bounded connections, no managed-memory growth across runs.
/// Short form in CI (3 runs of 2,000 calls); <c>BAKONG_FULL_LOAD=1</c> runs the issue's 10,000 calls per run.
/// </summary>
// Alone: other tests running in parallel would show up as this test's memory growth.
[Collection(TimingCollection.Name)]
public sealed class LoadTests(ITestOutputHelper output)
{
    private const int Concurrency = 64;
    // Run 1 warms pools, connections and the thread pool; memory is compared from run 2 on.
    private const int Runs = 5;

    [Fact]
    public async Task Calls_at_concurrency_64_hold_with_zero_failures_bounded_connections_and_flat_memory()
    {
        var calls = LoadSettings.Full ? 10_000 : 2_000;
        var emulator = new BakongEmulator();
        var md5 = emulator.AddPayment("qr-load", 4.25m).Md5;
        await using var server = await emulator.StartServerAsync();
        var port = server.BaseUrl.Port;
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) });
        var client = new BakongClient(http, new BakongClientOptions { BaseUrl = server.BaseUrl, Token = emulator.IssueToken(), Retry = RetryPolicy.None, Timeout = TimeSpan.FromSeconds(20) });
        var endpoint = CheckTransactionByMd5.Create(md5);

        var maxConnections = 0;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var open = IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpConnections()
                    .Count(c => c.LocalEndPoint.Port == port && c.LocalEndPoint.Address.Equals(IPAddress.Loopback) && c.State == TcpState.Established);
                maxConnections = Math.Max(maxConnections, open);
                await Task.Delay(20);
            }
        });

        var memory = new List<long>();
        var totalFailures = 0;
        var totalWatch = Stopwatch.StartNew();
        var perRun = new List<string>();
        for (var run = 0; run < Runs; run++)
        {
            var failures = 0;
            var watch = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(0, calls), new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (_, _) =>
            {
                var r = await client.SendAsync(endpoint);
                if (!r.Match(t => t.Amount == 4.25m, _ => false))
                    Interlocked.Increment(ref failures);
            });
            watch.Stop();
            totalFailures += failures;
            // The emulator keeps a request log; clearing it keeps the measure on the client.
            emulator.ClearRequests();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            memory.Add(GC.GetTotalMemory(forceFullCollection: true));
            perRun.Add($"run {run + 1}: {calls} calls in {watch.Elapsed.TotalSeconds:0.00} s ({calls / watch.Elapsed.TotalSeconds:0} calls/s), {failures} failures, managed heap {Figures.Mb(memory[^1])}");
            output.WriteLine(perRun[^1]);
        }
        await stop.CancelAsync();
        await sampler;

        var growth = memory[^1] - memory[1];
        Figures.Record(output, "load.calls", $"{Runs} runs x {calls} calls = {Runs * calls} calls at concurrency {Concurrency} in {totalWatch.Elapsed.TotalSeconds:0.0} s ({(LoadSettings.Full ? "full form" : "short form; BAKONG_FULL_LOAD=1 for 10,000 per run")})");
        Figures.Record(output, "load.failures", $"{totalFailures}");
        Figures.Record(output, "load.max_open_connections", $"{maxConnections} (server side, sampled every 20 ms; concurrency {Concurrency})");
        Figures.Record(output, "load.managed_heap", $"after warm-up run 1 {Figures.Mb(memory[0])}, after run 2 {Figures.Mb(memory[1])}, after run {Runs} {Figures.Mb(memory[^1])}, growth from run 2 to {Runs} {Figures.Mb(growth)}");
        foreach (var (line, i) in perRun.Select((l, i) => (l, i)))
            Figures.Record(output, $"load.run{i + 1}", $"{line}");

        Assert.Equal(0, totalFailures);
        // No leak: a connection goes back to the pool just after its response completes, so under CPU load a new call
        // may open one more in that moment; a leak would grow with the 10,000 calls, not stay near the concurrency.
        Assert.InRange(maxConnections, 1, Concurrency + Concurrency / 4);
        // Flat: what one run leaves behind does not accumulate (2 MB of slack for runtime noise).
        Assert.InRange(growth, long.MinValue, 2L * 1024 * 1024);
    }
}

/// <summary>Tests that measure time or memory run alone, after the parallel ones, so their figures are their own.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "Timing";
}
