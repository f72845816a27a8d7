using Bakong.Functional.Requests;
using LanguageExt;
using static LanguageExt.Prelude;

namespace Bakong.Functional;

/// <summary>
/// How long to wait between attempts: <see cref="InitialDelay"/>, growing by <see cref="Factor"/> each time, never above
/// <see cref="MaxDelay"/>, spread by ±<see cref="Jitter"/> so many clients do not call in step. Pure: the random sample is
/// an argument, so the same inputs always give the same delay.
/// </summary>
/// <param name="InitialDelay">The wait after the first attempt.</param>
/// <param name="Factor">How much each wait grows over the last; 1 keeps the interval fixed.</param>
/// <param name="MaxDelay">The longest wait the schedule itself ever asks for.</param>
/// <param name="Jitter">The relative spread, 0 to 1: 0.2 means each wait is 80% to 120% of the nominal one (capped at <see cref="MaxDelay"/>).</param>
/// <example>
/// <code>
/// var schedule = new BackoffSchedule(TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(10), 0.1);
/// TimeSpan third = schedule.DelayFor(attempt: 2, randomSample: 0.5); // 4 s
/// </code>
/// </example>
public sealed record BackoffSchedule(TimeSpan InitialDelay, double Factor, TimeSpan MaxDelay, double Jitter)
{
    /// <summary>For polling a payment: 2 s, growing by 1.5, at most 15 s, ±10%.</summary>
    public static BackoffSchedule PollingDefault { get; } = new(TimeSpan.FromSeconds(2), 1.5, TimeSpan.FromSeconds(15), 0.1);

    /// <summary>For retrying a failed read: 0.5 s, doubling, at most 10 s, ±20%.</summary>
    public static BackoffSchedule RetryDefault { get; } = new(TimeSpan.FromMilliseconds(500), 2, TimeSpan.FromSeconds(10), 0.2);

    /// <summary>The same wait every time, without jitter.</summary>
    public static BackoffSchedule Fixed(TimeSpan delay) => new(delay, 1, delay, 0);

    /// <summary>Checks every setting, naming each bad one.</summary>
    public Fin<BackoffSchedule> Validate()
    {
        var v = new Validator();
        v.Ensure(InitialDelay >= TimeSpan.Zero && InitialDelay <= TimeSpan.FromDays(1), nameof(InitialDelay), "must be zero to one day");
        v.Ensure(Factor is >= 1 and <= 100, nameof(Factor), "must be 1 to 100");
        v.Ensure(MaxDelay >= TimeSpan.Zero && MaxDelay >= InitialDelay && MaxDelay <= TimeSpan.FromDays(1), nameof(MaxDelay), "must be at least the initial delay and at most one day");
        v.Ensure(Jitter is >= 0 and <= 1, nameof(Jitter), "must be 0 to 1");
        return v.Result(this);
    }

    /// <summary>
    /// The wait after attempt number <paramref name="attempt"/> (0 for the first). Always between zero and
    /// <see cref="MaxDelay"/>, whatever the inputs; an invalid schedule waits <see cref="MaxDelay"/> or zero rather than fail.
    /// </summary>
    /// <param name="attempt">Attempts made so far, minus one; negative counts as 0.</param>
    /// <param name="randomSample">A number in [0, 1) that picks the jitter; 0.5 means none. Out-of-range values are clamped.</param>
    public TimeSpan DelayFor(int attempt, double randomSample)
    {
        var max = Clamp(MaxDelay.Ticks, 0, TimeSpan.FromDays(1).Ticks);
        var initial = Clamp(InitialDelay.Ticks, 0, max);
        var factor = double.IsNaN(Factor) || Factor < 1 ? 1 : Factor;
        // Computed in double so a large attempt number saturates at the maximum instead of overflowing.
        var nominal = Math.Min(initial * Math.Pow(factor, Math.Max(attempt, 0)), max);
        var jitter = double.IsNaN(Jitter) ? 0 : Math.Clamp(Jitter, 0, 1);
        var sample = double.IsNaN(randomSample) ? 0.5 : Math.Clamp(randomSample, 0, 1);
        var spread = nominal * (1 + jitter * (2 * sample - 1));
        return TimeSpan.FromTicks(Clamp((long)Math.Min(spread, max), 0, max));
    }

    /// <summary>
    /// The wait before the next attempt, or <c>None</c> when <paramref name="deadline"/> has passed. A server's
    /// <paramref name="retryAfter"/> replaces the schedule's delay; either way the wait never runs past the deadline.
    /// </summary>
    /// <param name="attempt">Attempts made so far, minus one.</param>
    /// <param name="randomSample">A number in [0, 1) that picks the jitter.</param>
    /// <param name="now">The current time.</param>
    /// <param name="deadline">When to give up; <c>None</c> means no deadline.</param>
    /// <param name="retryAfter">How long the server asked to wait, if it did.</param>
    public Option<TimeSpan> NextDelay(int attempt, double randomSample, DateTimeOffset now, Option<DateTimeOffset> deadline, Option<TimeSpan> retryAfter)
    {
        var wait = retryAfter.Match(r => r < TimeSpan.Zero ? TimeSpan.Zero : r > LongestWait ? LongestWait : r, () => DelayFor(attempt, randomSample));
        return deadline.Match(
            Some: d => d <= now ? Option<TimeSpan>.None : Some(wait < d - now ? wait : d - now),
            None: () => Some(wait));
    }

    /// <summary>The longest single wait, whatever a server asks: timers cannot wait much past 49 days.</summary>
    public static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    private static long Clamp(long value, long min, long max) => Math.Min(Math.Max(value, min), max);
}
