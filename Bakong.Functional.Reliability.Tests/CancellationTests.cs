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

    /// <summary>The call through either front door: the awaitable task, or the LINQ effect run.</summary>
    private static Task<Fin<Transaction>> Start(BakongClient client, string door, CancellationToken cancellationToken) => door == "Aff"
        ? client.Send(CheckTransactionByMd5.Create(Md5), cancellationToken).Run().AsTask()
        : client.SendAsync(CheckTransactionByMd5.Create(Md5), cancellationToken);

    [Theory]
    [InlineData("waiting for headers", "Task")]
    [InlineData("mid-body", "Task")]
    [InlineData("waiting for headers", "Aff")]
    [InlineData("mid-body", "Aff")]
    public async Task A_call_cancelled_mid_flight_returns_within_100_ms_and_the_server_sees_the_abort(string when, string door)
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
        Assert.True((await Start(client, door, CancellationToken.None)).IsSucc);
        server.Behaviour = async x =>
        {
            if (when == "mid-body")
                await x.Write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"responseCode\":0,");
            reached.TrySetResult();
            await x.WaitForClientClose();
            aborted.TrySetResult();
        };

        using var cts = new CancellationTokenSource();
        var call = Start(client, door, cts.Token);
        await reached.Task.WaitAsync(TimeSpan.FromSeconds(5));
        await Task.Delay(50);
        var watch = Stopwatch.StartNew();
        await cts.CancelAsync();
        var result = await call;
        watch.Stop();

        Assert.IsType<BakongError.Cancelled>(result.Fail());
        Figures.Record(output, $"cancel.{door}.{when.Replace(' ', '_')}", $"Fail(Cancelled) {watch.Elapsed.TotalMilliseconds:0.0} ms after cancel");
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));
        // Nothing left running: the server sees the connection closed.
        await aborted.Task.WaitAsync(TimeSpan.FromSeconds(2));
    }

    [Theory]
    [InlineData("Task")]
    [InlineData("Aff")]
    public async Task Cancelling_during_a_retry_wait_returns_at_once(string door)
    {
        var emulator = new BakongEmulator();
        var md5 = emulator.AddPayment("qr-cancel-retry", 1m).Md5;
        await using var server = await emulator.StartServerAsync();
        emulator.Inject(CheckTransactionByMd5.Path, new Fault.RateLimited(TimeSpan.FromSeconds(30)));
        using var http = new HttpClient();
        var client = Client(http, server.BaseUrl, emulator.IssueToken(), retry: RetryPolicy.Default);
        using var cts = new CancellationTokenSource();
        var call = door == "Aff"
            ? client.Send(CheckTransactionByMd5.Create(md5), cts.Token).Run().AsTask()
            : client.SendAsync(CheckTransactionByMd5.Create(md5), cts.Token);
        while (emulator.Requests.Count == 0) await Task.Delay(5);
        await Task.Delay(100);
        var watch = Stopwatch.StartNew();
        await cts.CancelAsync();
        Assert.IsType<BakongError.Cancelled>((await call).Fail());
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));
        Assert.Single(emulator.Requests);
    }

    [Fact]
    public async Task Cancelling_a_LINQ_query_reaches_the_call_in_flight_and_nothing_after_it_runs()
    {
        var emulator = new BakongEmulator();
        const string email = "ops@shop.example";
        emulator.RegisterEmail(email);
        var md5 = emulator.AddPayment("qr-cancel-linq", 1m).Md5;
        await using var server = await emulator.StartServerAsync();
        using var http = new HttpClient();
        var client = new BakongClient(http, new BakongClientOptions { BaseUrl = server.BaseUrl, Timeout = TimeSpan.FromSeconds(30), Retry = RetryPolicy.None });
        var afterCheck = 0;
        Aff<Option<Transaction>> Query(CancellationToken ct) =>
            from token in client.Send(RenewToken.Create(email), ct)
            from paid in client.WithToken(token).Send(CheckTransactionByMd5.Create(md5).OrNone(), ct)
            from _ in Prelude.SuccessAff(Interlocked.Increment(ref afterCheck))
            select paid;
        // Warm-up: the same query once to the end, so JIT does not count against the 100 ms.
        Assert.True((await Query(CancellationToken.None).Run()).Succ().IsSome);
        Assert.Equal(1, afterCheck);
        emulator.ClearRequests();
        emulator.Inject(CheckTransactionByMd5.Path, new Fault.NeverAnswer());

        using var cts = new CancellationTokenSource();
        var run = Query(cts.Token).Run().AsTask();
        while (!emulator.Requests.Any(r => r.Path == CheckTransactionByMd5.Path)) await Task.Delay(5);
        await Task.Delay(50);
        var watch = Stopwatch.StartNew();
        await cts.CancelAsync();
        var result = await run;
        watch.Stop();

        Assert.IsType<BakongError.Cancelled>(result.Fail());
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));
        Assert.Equal(1, afterCheck);
        Assert.Equal([RenewToken.Path, CheckTransactionByMd5.Path], emulator.Requests.Select(r => r.Path));
        Figures.Record(output, "cancel.linq_query", $"Fail(Cancelled) {watch.Elapsed.TotalMilliseconds:0.0} ms after cancel, during the query's second call");
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
        Assert.True((await client.SendAsync(CheckTransactionByHash.Create(payment.Hash))).IsSucc);

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

        Assert.All(fastResults, f => Assert.Equal(2m, f.r.Succ().Amount));
        var slowest = fastResults.Max(f => f.Elapsed);
        Assert.InRange(slowest, TimeSpan.Zero, TimeSpan.FromMilliseconds(800));
        Assert.True(fastDone < slowElapsed, "the fast calls finished before the slow one gave up");
        Assert.Equal(TimeSpan.FromSeconds(1), slowResult.FailAs<BakongError.Timeout, Transaction>().After);
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
            Assert.Equal(3m, (await client.SendAsync(CheckTransactionByMd5.Create(md5))).Succ().Amount);
        // Three calls took longer than one timeout together, and none timed out.
        Assert.True(watch.Elapsed > TimeSpan.FromMilliseconds(1400));
    }
}
