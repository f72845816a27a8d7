using Bakong.Functional.Testing;

namespace Bakong.Functional.Tests.Watcher;

/// <summary>How the watcher treats Bakong when it refuses, rate-limits or fails, and how it stops.</summary>
public sealed class WatcherResilienceTests
{
    private static readonly DateTimeOffset Start = WatcherHarness.Start;

    [Fact]
    public async Task A_non_json_403_on_md5_list_falls_back_to_single_lookups_and_md5_list_is_tried_again_later()
    {
        await using var h = new WatcherHarness();
        h.Emulator.InjectAlways(CheckTransactionsByMd5List.Path, new Fault.GeoBlocked());
        var md5s = Enumerable.Range(1, 3).Select(WatcherHarness.Md5).ToList();
        h.Pay(md5s[0], TimeSpan.Zero);
        var tasks = md5s.Select(m => h.Watcher.Watch(m, Start.AddMinutes(5))).ToList();

        var paid = await h.RunUntilDone(tasks[0]);
        Assert.IsType<PaymentOutcome.Paid>(paid);
        Assert.Single(h.Lists);
        Assert.Equal(3, h.Singles.Count);
        Assert.True(h.Watcher.Statistics.UsingSingleLookups);

        // Within ListRetryDelay (10 s) only single lookups go out: two a second for the two left.
        await h.RunFor(TimeSpan.FromSeconds(5));
        Assert.Single(h.Lists);
        Assert.Equal(3 + 10, h.Singles.Count);

        h.Emulator.ClearFaults();
        await h.RunUntil(h.Lists[0].At.AddSeconds(11));
        Assert.False(h.Watcher.Statistics.UsingSingleLookups);
        var singles = h.Singles.Count;
        await h.RunFor(TimeSpan.FromSeconds(3));
        Assert.Equal(singles, h.Singles.Count);
        Assert.True(h.Lists.Count >= 4);
        Assert.All(tasks.Skip(1), t => Assert.False(t.IsCompleted));
    }

    [Fact]
    public async Task A_429_pauses_every_request_until_its_retry_after()
    {
        await using var h = new WatcherHarness();
        foreach (var i in Enumerable.Range(1, 120))
            _ = h.Watcher.Watch(WatcherHarness.Md5(i), Start.AddMinutes(5));
        h.Emulator.Inject(CheckTransactionsByMd5List.Path, new Fault.RateLimited(TimeSpan.FromSeconds(10)));

        await h.RunFor(TimeSpan.FromSeconds(15));
        var refused = h.Lists[0];
        Assert.Equal(nameof(Fault.RateLimited), refused.Fault?.GetType().Name);
        Assert.True(h.Watcher.Statistics.PausedUntil.IsNone);
        // Nothing at all between the 429 and its Retry-After, from any of the three groups.
        Assert.DoesNotContain(h.Lists.Skip(1), r => r.At < refused.At.AddSeconds(10));
        Assert.Equal(3, h.Lists.Count(r => r.At == refused.At.AddSeconds(10)));
        // Then each group goes back to once a second.
        Assert.InRange(h.Lists.Count, 1 + 3 * 5, 1 + 3 * 6);
    }

    [Fact]
    public async Task While_paused_a_deadline_still_ends_its_payment_on_time_as_unconfirmed_since_nothing_was_heard()
    {
        await using var h = new WatcherHarness();
        h.Emulator.Inject(CheckTransactionsByMd5List.Path, new Fault.RateLimited(TimeSpan.FromSeconds(30)));
        var other = h.Watcher.Watch(WatcherHarness.Md5(1), Start.AddMinutes(5));
        var deadline = Start.AddSeconds(5);
        var task = h.Watcher.Watch(WatcherHarness.Md5(2), deadline);
        var outcome = await h.RunUntilDone(task);
        var unconfirmed = Assert.IsType<PaymentOutcome.Unconfirmed>(outcome);
        Assert.Equal(deadline, unconfirmed.Deadline);
        Assert.Equal(UnconfirmedReason.NotHeard, unconfirmed.Why);
        Assert.Equal(deadline, h.Now);
        Assert.Single(h.Lists);
        Assert.False(other.IsCompleted);
    }

    [Fact]
    public async Task A_5xx_backs_off_by_the_backoff_schedule_not_the_interval()
    {
        await using var h = new WatcherHarness();
        h.Emulator.Inject(CheckTransactionsByMd5List.Path, new Fault.ServerError(503));
        _ = h.Watcher.Watch(WatcherHarness.Md5(1), Start.AddMinutes(5));
        await h.RunFor(TimeSpan.FromSeconds(6));
        var at = h.Lists.Select(r => r.At).ToList();
        Assert.Equal(TimeSpan.FromSeconds(3), at[1] - at[0]);
        Assert.Equal(TimeSpan.FromSeconds(1), at[2] - at[1]);
    }

    [Fact]
    public async Task Transport_failures_back_off_too()
    {
        await using var h = new WatcherHarness();
        h.Emulator.Inject(CheckTransactionsByMd5List.Path, new Fault.ConnectionReset(), times: 2);
        var md5 = WatcherHarness.Md5(1);
        h.Pay(md5, TimeSpan.Zero);
        var outcome = await h.RunUntilDone(h.Watcher.Watch(md5, Start.AddMinutes(5)));
        Assert.IsType<PaymentOutcome.Paid>(outcome);
        var at = h.Lists.Select(r => r.At).ToList();
        Assert.Equal(3, at.Count);
        Assert.Equal(TimeSpan.FromSeconds(3), at[1] - at[0]);
        Assert.Equal(TimeSpan.FromSeconds(3), at[2] - at[1]);
    }

    [Fact]
    public async Task A_refused_token_is_renewed_once_through_the_token_source_and_checking_goes_on()
    {
        var tokens = new RenewOnce();
        await using var h = new WatcherHarness(tokens: tokens);
        tokens.Emulator = h.Emulator;
        var md5 = WatcherHarness.Md5(1);
        h.Pay(md5, TimeSpan.FromSeconds(2));
        var outcome = await h.RunUntilDone(h.Watcher.Watch(md5, Start.AddMinutes(5)));
        Assert.IsType<PaymentOutcome.Paid>(outcome);
        Assert.Equal(1, tokens.Renewals);
    }

    [Fact]
    public async Task Cancelling_the_token_ends_every_payment_and_the_events_and_sends_nothing_more()
    {
        using var cts = new CancellationTokenSource();
        await using var h = new WatcherHarness(cancellationToken: cts.Token);
        var events = h.Watcher.Events();
        var reading = events.ToListAsync().AsTask();
        var tasks = Enumerable.Range(1, 60).Select(i => h.Watcher.Watch(WatcherHarness.Md5(i), Start.AddMinutes(5))).ToList();
        // One request is left in flight on the emulator's latency when the token fires.
        h.Emulator.InjectAlways(CheckTransactionsByMd5List.Path, new Fault.Latency(TimeSpan.FromHours(1)));
        await h.Quiet();
        h.Clock.Advance(h.Watcher.NextWake - h.Now);
        await WatcherHarness.Until(() => h.Lists.Count == 1);

        await cts.CancelAsync();
        var outcomes = await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.All(outcomes, o => Assert.IsType<BakongError.Cancelled>(Assert.IsType<PaymentOutcome.Error>(o).Reason));
        var seen = await reading.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(60, seen.Count);
        await h.Watcher.StopAsync().WaitAsync(TimeSpan.FromSeconds(10));

        h.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Single(h.Lists);
        var late = await h.Watcher.Watch(WatcherHarness.Md5(99), Start.AddMinutes(20));
        Assert.IsType<BakongError.Cancelled>(Assert.IsType<PaymentOutcome.Error>(late).Reason);
        Assert.Empty(await h.Watcher.Events().ToListAsync());
    }

    [Fact]
    public async Task Disposing_stops_promptly_and_twice_is_harmless()
    {
        var h = new WatcherHarness();
        var task = h.Watcher.Watch(WatcherHarness.Md5(1), Start.AddMinutes(5));
        await h.DisposeAsync();
        await h.Watcher.DisposeAsync();
        Assert.IsType<PaymentOutcome.Error>(await task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(h.Watcher.IsQuiet);
    }

    [Fact]
    public async Task Cancelling_a_reader_ends_its_events_without_throwing()
    {
        await using var h = new WatcherHarness();
        using var cts = new CancellationTokenSource();
        var reading = h.Watcher.Events(cts.Token).ToListAsync().AsTask();
        await cts.CancelAsync();
        Assert.Empty(await reading.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void Bad_options_are_named_one_by_one()
    {
        var bad = new PaymentWatcherOptions
        {
            Interval = TimeSpan.Zero,
            MaxConcurrency = 0,
            SingleLookupConcurrency = 65,
            ListRetryDelay = TimeSpan.FromDays(2),
            Backoff = new BackoffSchedule(TimeSpan.FromSeconds(1), 0.5, TimeSpan.FromSeconds(1), 0),
            MaxPending = 0,
        };
        var error = Assert.IsType<BakongError.InvalidInput>((LanguageExt.Common.Error)bad.Validate());
        Assert.Equal(
            ["Interval", "MaxConcurrency", "SingleLookupConcurrency", "ListRetryDelay", "Backoff.Factor", "MaxPending"],
            error.Errors.Map(e => e.Field).ToArray());

        var created = PaymentWatcher.Create(new BakongClient(new HttpClient()), bad with { MaxConcurrency = 4 });
        var named = Assert.IsType<BakongError.InvalidInput>((LanguageExt.Common.Error)created);
        Assert.True(named.Names("options.Interval"));
        Assert.False(named.Names("options.MaxConcurrency"));
    }

    [Fact]
    public async Task A_watcher_with_bad_options_ends_every_payment_with_the_options_error()
    {
        await using var watcher = new PaymentWatcher(null, new PaymentWatcherOptions { Interval = TimeSpan.FromDays(1) });
        var outcome = await watcher.Watch(WatcherHarness.Md5(1), Start);
        var error = Assert.IsType<BakongError.InvalidInput>(Assert.IsType<PaymentOutcome.Error>(outcome).Reason);
        Assert.True(error.Names("client"));
        Assert.True(error.Names("options.Interval"));
    }

    [Fact]
    public async Task Beyond_max_pending_a_payment_is_refused()
    {
        await using var h = new WatcherHarness(WatcherHarness.Steady with { MaxPending = 2 });
        _ = h.Watcher.Watch(WatcherHarness.Md5(1), Start.AddMinutes(1));
        _ = h.Watcher.Watch(WatcherHarness.Md5(2), Start.AddMinutes(1));
        var third = await h.Watcher.Watch(WatcherHarness.Md5(3), Start.AddMinutes(1));
        Assert.True(Assert.IsType<BakongError.InvalidInput>(Assert.IsType<PaymentOutcome.Error>(third).Reason).Names("md5"));
    }

    /// <summary>Starts with a token the emulator has revoked; one renewal gives a good one.</summary>
    private sealed class RenewOnce : IAccessTokenSource
    {
        private AccessToken? current;
        public BakongEmulator? Emulator;
        public int Renewals;

        public ValueTask<Fin<AccessToken>> GetTokenAsync(CancellationToken cancellationToken = default)
        {
            if (current is null)
            {
                current = Emulator!.IssueToken();
                Emulator.RevokeToken(current);
            }
            return new(current);
        }

        public ValueTask<Fin<AccessToken>> RenewAsync(AccessToken rejected, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Renewals);
            current = Emulator!.IssueToken();
            return new(current);
        }
    }
}
