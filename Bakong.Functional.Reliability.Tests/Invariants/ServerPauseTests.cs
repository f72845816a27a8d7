using System.Collections.Concurrent;
using System.Globalization;
using Bakong.Functional.Reliability.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static Bakong.Functional.Reliability.Tests.Support.Results;

namespace Bakong.Functional.Reliability.Tests.Invariants;

/// <summary>
/// Invariant 8: the server's pauses are obeyed. Retry-After on a 503, on any 5xx that carries it, and on a 429, in
/// seconds or as an HTTP date: no retry goes out before the time asked for. Every gap is measured on the manual clock
/// the client, the emulator and the raw server share, by when each request arrived.
/// </summary>
public sealed class ServerPauseTests
{
    /// <summary>A manual clock that also reports each timer it is asked for, so a test advances only once the client waits.</summary>
    private sealed class WatchedClock() : FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 8, 0, 0, TimeSpan.Zero))
    {
        private readonly ConcurrentQueue<TimeSpan> dueTimes = new();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            dueTimes.Enqueue(dueTime);
            return base.CreateTimer(callback, state, dueTime, period);
        }

        /// <summary>Waits (in real time, at most 10 s) until a timer of exactly <paramref name="due"/> exists.</summary>
        public async Task UntilWaiting(TimeSpan due)
        {
            for (var i = 0; i < 1000 && !dueTimes.Contains(due); i++)
                await Task.Delay(10);
            Assert.Contains(due, dueTimes);
        }
    }

    private static RetryPolicy Retry => RetryPolicy.Default with { MaxAttempts = 2 };

    /// <summary>
    /// Runs one md5 lookup whose first answer asks for <paramref name="pause"/>: advances the manual clock to just before
    /// it, checks nothing was retried, then to it, and returns the gap between the two arrivals.
    /// </summary>
    private static async Task<TimeSpan> Gap(WatchedClock clock, Func<BakongClient, Task<Fin<Transaction>>> call, Func<IReadOnlyList<DateTimeOffset>> arrivals, Uri baseUrl, AccessToken token, TimeSpan pause)
    {
        using var http = new HttpClient();
        var client = new BakongClient(http, new BakongClientOptions { BaseUrl = baseUrl, Token = token, TimeProvider = clock, Retry = Retry, Timeout = TimeSpan.FromMinutes(5) });
        var running = call(client);
        await clock.UntilWaiting(pause);
        clock.Advance(pause - TimeSpan.FromMilliseconds(1));
        // Real time for a premature retry to show up, if the client were to send one.
        await Task.Delay(250);
        Assert.Single(arrivals());
        Assert.False(running.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        (await running.WaitAsync(TimeSpan.FromSeconds(10))).Succ();
        var at = arrivals();
        Assert.Equal(2, at.Count);
        return at[1] - at[0];
    }

    private static async Task<TimeSpan> EmulatorGap(Fault fault, TimeSpan pause)
    {
        var clock = new WatchedClock();
        var emulator = new BakongEmulator(null, clock);
        var md5 = emulator.AddPayment("pause-qr", 2.5m).Md5;
        var token = emulator.IssueToken();
        emulator.Inject(CheckTransactionByMd5.Path, fault);
        await using var server = await emulator.StartServerAsync();
        return await Gap(clock, c => c.SendAsync(CheckTransactionByMd5.Create(md5)), () => emulator.Requests.Select(r => r.At).ToList(), server.BaseUrl, token, pause);
    }

    [Fact]
    public async Task A_503_asking_for_5_seconds_is_retried_5_seconds_later_on_the_manual_clock()
    {
        // Before Core v2: a 5xx's Retry-After was ignored and the retry went after the schedule's 0.5 s.
        Assert.Equal(TimeSpan.FromSeconds(5), await EmulatorGap(new Fault.Unavailable(TimeSpan.FromSeconds(5)), TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_503_asking_with_an_HTTP_date_is_retried_at_that_date()
    {
        // Before Core v2: ignored on a 5xx.
        Assert.Equal(TimeSpan.FromSeconds(7), await EmulatorGap(new Fault.Unavailable(TimeSpan.FromSeconds(7), AsHttpDate: true), TimeSpan.FromSeconds(7)));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(504)]
    public async Task Any_5xx_carrying_Retry_After_is_obeyed(int status)
    {
        // Before Core v2: only 429's Retry-After was read.
        Assert.Equal(TimeSpan.FromSeconds(4), await EmulatorGap(new Fault.Unavailable(TimeSpan.FromSeconds(4), Status: status), TimeSpan.FromSeconds(4)));
    }

    [Fact]
    public async Task A_429_with_an_HTTP_date_is_obeyed_on_the_manual_clock()
    {
        // Control alongside the 5xx cases: 429 honoured its Retry-After before and after.
        Assert.Equal(TimeSpan.FromSeconds(9), await EmulatorGap(new Fault.RateLimited(TimeSpan.FromSeconds(9), AsHttpDate: true), TimeSpan.FromSeconds(9)));
    }

    [Fact]
    public async Task A_raw_502_with_Retry_After_seconds_is_retried_no_sooner_by_the_servers_own_arrival_times()
    {
        // Before Core v2: retried after the schedule's 0.5 s.
        var clock = new WatchedClock();
        var arrivals = new ConcurrentQueue<DateTimeOffset>();
        await using var server = RawServer.Start(x =>
        {
            arrivals.Enqueue(clock.GetUtcNow());
            return x.Write(arrivals.Count == 1
                ? RawServer.Http(502, Bodies.Html502, "text/html", "Retry-After: 3")
                : RawServer.Http(200, Bodies.Success(Bodies.Transaction)));
        });
        var gap = await Gap(clock, c => c.SendAsync(CheckTransactionByMd5.Create(Md5)), () => arrivals.ToList(), server.BaseUrl, CanaryToken, TimeSpan.FromSeconds(3));
        Assert.Equal(TimeSpan.FromSeconds(3), gap);
    }

    [Fact]
    public async Task A_raw_503_with_an_HTTP_date_in_the_past_is_retried_at_once_not_after_the_schedule()
    {
        // Before Core v2: the schedule's 0.5 s wait applied, which on a manual clock never passes.
        var clock = new WatchedClock();
        var arrivals = new ConcurrentQueue<DateTimeOffset>();
        var past = clock.GetUtcNow().AddMinutes(-1).ToString("r", CultureInfo.InvariantCulture);
        await using var server = RawServer.Start(x =>
        {
            arrivals.Enqueue(clock.GetUtcNow());
            return x.Write(arrivals.Count == 1 ? RawServer.Http(503, "", null, "Retry-After: " + past) : RawServer.Http(200, Bodies.Success(Bodies.Transaction)));
        });
        using var http = new HttpClient();
        var client = new BakongClient(http, new BakongClientOptions { BaseUrl = server.BaseUrl, Token = CanaryToken, TimeProvider = clock, Retry = Retry });
        (await client.SendAsync(CheckTransactionByMd5.Create(Md5)).WaitAsync(TimeSpan.FromSeconds(10))).Succ();
        Assert.Equal([clock.GetUtcNow(), clock.GetUtcNow()], arrivals.ToArray());
    }
}
