using System.Diagnostics;
using Bakong.Functional.Reliability.Tests.Support;
using static Bakong.Functional.Reliability.Tests.Support.Results;

namespace Bakong.Functional.Reliability.Tests;

/// <summary>Cancellation returns at once and leaves nothing running; timeouts belong to each call.</summary>
[Collection(TimingCollection.Name)]
public sealed class CancellationTests(ITestOutputHelper output)
{
    private static BakongClient Client(HttpClient http, Uri baseUrl, AccessToken token, TimeSpan? timeout = null, RetryPolicy? retry = null) =>
        new(http, new BakongClientOptions { BaseUrl = baseUrl, Token = token, Timeout = timeout ?? TimeSpan.FromSeconds(30), Retry = retry ?? RetryPolicy.None });

    [Theory]
    [InlineData("waiting for headers")]
    [InlineData("mid-body")]
    public async Task A_call_cancelled_mid_flight_returns_within_100_ms_and_the_server_sees_the_abort(string when)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = RawServer.Start(async x =>
        {
            if (when == "mid-body")
                await x.Write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"responseCode\":0,");
            reached.TrySetResult();
            await x.WaitForClientClose();
            aborted.TrySetResult();
        });
        using var http = new HttpClient();
        var client = Client(http, server.BaseUrl, CanaryToken);
        // Warm-up, so JIT does not count against the 100 ms.
        server.Behaviour = x => x.Write(RawServer.Http(200, Bodies.Success(Bodies.Transaction)));
        Assert.True((await client.SendAsync(CheckTransactionByMd5.Create(Md5))).IsRight);
        server.Behaviour = async x =>
        {
            if (when == "mid-body")
                await x.Write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"responseCode\":0,");
            reached.TrySetResult();
            await x.WaitForClientClose();
            aborted.TrySetResult();
        };

        using var cts = new CancellationTokenSource();
        var call = client.SendAsync(CheckTransactionByMd5.Create(Md5), cts.Token);
        await reached.Task.WaitAsync(TimeSpan.FromSeconds(5));
        await Task.Delay(50);
        var watch = Stopwatch.StartNew();
        await cts.CancelAsync();
        var result = await call;
        watch.Stop();

        Assert.IsType<BakongError.Cancelled>(result.Left());
        Figures.Record(output, $"cancel.{when.Replace(' ', '_')}", $"Left(Cancelled) {watch.Elapsed.TotalMilliseconds:0.0} ms after cancel");
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));
        // Nothing left running: the server sees the connection closed.
        await aborted.Task.WaitAsync(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Cancelling_during_a_retry_wait_returns_at_once()
    {
        var emulator = new BakongEmulator();
        var md5 = emulator.AddPayment("qr-cancel-retry", 1m).Md5;
        await using var server = await emulator.StartServerAsync();
        emulator.Inject(CheckTransactionByMd5.Path, new Fault.RateLimited(TimeSpan.FromSeconds(30)));
        using var http = new HttpClient();
        var client = Client(http, server.BaseUrl, emulator.IssueToken(), retry: RetryPolicy.Default);
        using var cts = new CancellationTokenSource();
        var call = client.SendAsync(CheckTransactionByMd5.Create(md5), cts.Token);
        while (emulator.Requests.Count == 0) await Task.Delay(5);
        await Task.Delay(100);
        var watch = Stopwatch.StartNew();
        await cts.CancelAsync();
        Assert.IsType<BakongError.Cancelled>((await call).Left());
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));
        Assert.Single(emulator.Requests);
    }

    [Fact]
    public async Task One_slow_call_times_out_alone_while_concurrent_fast_calls_finish()
    {
        var emulator = new BakongEmulator();
        var payment = emulator.AddPayment("qr-slow-fast", 2m);
        await using var server = await emulator.StartServerAsync();
        emulator.Inject(CheckTransactionByMd5.Path, new Fault.NeverAnswer());
        using var http = new HttpClient();
        var client = Client(http, server.BaseUrl, emulator.IssueToken(), TimeSpan.FromSeconds(1));
        // Warm-up on the fast path.
        Assert.True((await client.SendAsync(CheckTransactionByHash.Create(payment.Hash))).IsRight);

        var total = Stopwatch.StartNew();
        var slow = Task.Run(async () => { var w = Stopwatch.StartNew(); var r = await client.SendAsync(CheckTransactionByMd5.Create(payment.Md5)); return (r, w.Elapsed); });
        var fast = Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            var w = Stopwatch.StartNew();
            var r = await client.SendAsync(CheckTransactionByHash.Create(payment.Hash));
            return (r, w.Elapsed);
        })).ToList();
        var fastResults = await Task.WhenAll(fast);
        var fastDone = total.Elapsed;
        var (slowResult, slowElapsed) = await slow;

        Assert.All(fastResults, f => Assert.Equal(2m, f.r.Right().Amount));
        var slowest = fastResults.Max(f => f.Elapsed);
        Assert.InRange(slowest, TimeSpan.Zero, TimeSpan.FromMilliseconds(800));
        Assert.True(fastDone < slowElapsed, "the fast calls finished before the slow one gave up");
        Assert.Equal(TimeSpan.FromSeconds(1), slowResult.LeftAs<BakongError.Timeout, Transaction>().After);
        Assert.InRange(slowElapsed, TimeSpan.FromMilliseconds(950), TimeSpan.FromSeconds(3));
        Figures.Record(output, "timeout.isolation", $"1 slow call timed out after {slowElapsed.TotalMilliseconds:0} ms (limit 1000 ms); 20 concurrent fast calls all succeeded, slowest {slowest.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task Each_call_gets_the_whole_timeout()
    {
        var emulator = new BakongEmulator();
        var md5 = emulator.AddPayment("qr-per-call", 3m).Md5;
        await using var server = await emulator.StartServerAsync();
        emulator.Inject(CheckTransactionByMd5.Path, new Fault.Latency(TimeSpan.FromMilliseconds(500)), times: 3);
        using var http = new HttpClient();
        var client = Client(http, server.BaseUrl, emulator.IssueToken(), TimeSpan.FromMilliseconds(900));
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 3; i++)
            Assert.Equal(3m, (await client.SendAsync(CheckTransactionByMd5.Create(md5))).Right().Amount);
        // Three calls took longer than one timeout together, and none timed out.
        Assert.True(watch.Elapsed > TimeSpan.FromMilliseconds(1400));
    }
}
