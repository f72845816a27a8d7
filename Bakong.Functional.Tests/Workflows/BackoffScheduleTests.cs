using CsCheck;
using Bakong.Functional.Tests.Support;

namespace Bakong.Functional.Tests.Workflows;

public class BackoffScheduleTests
{
    private static readonly Gen<BackoffSchedule> Schedules = Gen.Select(
        Gen.Int[0, 60_000], Gen.Int[0, 600_000], Gen.Int[10, 50], Gen.Int[0, 100],
        (initialMs, extraMs, factorTenths, jitterPercent) => new BackoffSchedule(
            TimeSpan.FromMilliseconds(initialMs), factorTenths / 10.0,
            TimeSpan.FromMilliseconds(initialMs + extraMs), jitterPercent / 100.0));

    private static readonly Gen<double> Samples = Gen.Double.Unit;

    [Fact]
    public void A_delay_never_exceeds_the_maximum_delay_nor_goes_below_zero()
    {
        Gen.Select(Schedules, Gen.Int[-5, 10_000], Samples).Sample((s, attempt, u) =>
        {
            var d = s.DelayFor(attempt, u);
            return d >= TimeSpan.Zero && d <= s.MaxDelay;
        }, iter: Generators.Many);
    }

    [Fact]
    public void The_next_wait_never_runs_past_the_deadline_nor_the_maximum_delay()
    {
        var retryAfter = Gen.Frequency<Option<TimeSpan>>((3, Gen.Const(Option<TimeSpan>.None)), (1, Gen.Int[-10_000, 10_000_000].Select(ms => Prelude.Some(TimeSpan.FromMilliseconds(ms)))));
        var now = Clock.Start;
        Gen.Select(Schedules, Gen.Int[0, 200], Samples, Gen.Int[-10_000, 1_000_000], retryAfter).Sample((s, attempt, u, leftMs, asked) =>
        {
            var deadline = now.AddMilliseconds(leftMs);
            var next = s.NextDelay(attempt, u, now, deadline, asked);
            // The schedule's own waits stay within its maximum; a server's Retry-After within the longest wait.
            var most = asked.Match(_ => BackoffSchedule.LongestWait, () => s.MaxDelay);
            return next.Match(
                Some: w => w >= TimeSpan.Zero && w <= most && now + w <= deadline,
                None: () => deadline <= now);
        }, iter: Generators.Many);
    }

    [Fact]
    public void Retry_after_replaces_the_schedule_but_is_still_cut_at_the_deadline()
    {
        var s = BackoffSchedule.Fixed(TimeSpan.FromSeconds(2));
        var now = DateTimeOffset.UnixEpoch;
        Assert.Equal(TimeSpan.FromSeconds(30), s.NextDelay(0, 0.5, now, Option<DateTimeOffset>.None, TimeSpan.FromSeconds(30)));
        Assert.Equal(TimeSpan.FromSeconds(10), s.NextDelay(0, 0.5, now, now.AddSeconds(10), TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void Delays_grow_by_the_factor_up_to_the_maximum_without_jitter()
    {
        var s = new BackoffSchedule(TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(5), 0);
        Assert.Equal(
            new[] { 1.0, 2, 4, 5, 5 },
            Enumerable.Range(0, 5).Select(i => s.DelayFor(i, 0.9).TotalSeconds).ToArray());
    }

    [Fact]
    public void An_invalid_schedule_names_every_bad_setting()
    {
        var bad = new BackoffSchedule(TimeSpan.FromSeconds(-1), 0.5, TimeSpan.FromSeconds(-2), 2);
        var error = Assert.IsType<BakongError.InvalidInput>((BakongError)bad.Validate());
        Assert.Equal(new[] { "InitialDelay", "Factor", "MaxDelay", "Jitter" }, error.Errors.Map(e => e.Field).ToArray());
    }

    [Fact]
    public void Retry_policy_stops_on_errors_that_are_not_transient_and_when_attempts_run_out()
    {
        var policy = new RetryPolicy(3, BackoffSchedule.Fixed(TimeSpan.FromSeconds(1)), TimeSpan.FromMinutes(1));
        var server = new BakongError.ServerError(Option<TimeSpan>.None, new ResponseInfo(503, ""));
        Assert.Equal(TimeSpan.FromSeconds(1), policy.NextDelay(1, server, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(1), policy.NextDelay(2, server, 0.5));
        Assert.True(policy.NextDelay(3, server, 0.5).IsNone);
        Assert.True(policy.NextDelay(1, new BakongError.Unauthorized(new ResponseInfo(401, "")), 0.5).IsNone);
        Assert.True(policy.NextDelay(1, null, 0.5).IsNone);
        Assert.True(RetryPolicy.None.NextDelay(1, server, 0.5).IsNone);
        Assert.False(RetryPolicy.None.IsEnabled);
    }
}
