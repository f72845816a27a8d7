using Bakong.Functional.Requests;
using LanguageExt;
using LanguageExt.Common;

namespace Bakong.Functional;

/// <summary>
/// How <see cref="BakongClient"/> retries read-only calls (check_* and the account check) that failed transiently:
/// HTTP 429, 5xx, transport failures, timeouts and errorCode 9. The <c>Retry-After</c> of a 429 or a 5xx replaces the schedule's delay.
/// request_token, verify, renew_token and generate_deeplink are never retried: request_token sends an e-mail.
/// </summary>
/// <param name="MaxAttempts">Attempts in all, the first included; 1 means no retry.</param>
/// <param name="Schedule">The waits between attempts.</param>
/// <param name="MaxRetryAfter">The longest <c>Retry-After</c> honoured; a longer one ends the retries and returns the 429.</param>
/// <example>
/// <code>
/// var options = new BakongClientOptions { Token = token, Retry = RetryPolicy.Default with { MaxAttempts = 5 } };
/// var noRetries = new BakongClientOptions { Token = token, Retry = RetryPolicy.None };
/// </code>
/// </example>
public sealed record RetryPolicy(int MaxAttempts, BackoffSchedule Schedule, TimeSpan MaxRetryAfter)
{
    /// <summary>Three attempts, 0.5 s then 1 s apart (±20%), honouring a Retry-After of up to one minute.</summary>
    public static RetryPolicy Default { get; } = new(3, BackoffSchedule.RetryDefault, TimeSpan.FromMinutes(1));

    /// <summary>Retries switched off: every call is tried once.</summary>
    public static RetryPolicy None { get; } = new(1, BackoffSchedule.RetryDefault, TimeSpan.Zero);

    /// <summary>Whether a failed call may be tried again at all.</summary>
    public bool IsEnabled => MaxAttempts > 1;

    /// <summary>Checks every setting, naming each bad one.</summary>
    public Fin<RetryPolicy> Validate()
    {
        var v = new Validator();
        v.Ensure(MaxAttempts is >= 1 and <= 100, nameof(MaxAttempts), "must be 1 to 100");
        if (v.Required(nameof(Schedule), Schedule))
            v.Part(nameof(Schedule), Schedule!.Validate());
        v.Ensure(MaxRetryAfter >= TimeSpan.Zero && MaxRetryAfter <= TimeSpan.FromDays(1), nameof(MaxRetryAfter), "must be zero to one day");
        return v.Result(this);
    }

    /// <summary>
    /// The wait before attempt <paramref name="attemptsMade"/> + 1 after <paramref name="error"/>, or <c>None</c> to stop:
    /// the error is not transient, the attempts are used up, or the server asked for a longer wait than allowed.
    /// </summary>
    /// <param name="attemptsMade">Attempts made so far, at least 1.</param>
    /// <param name="error">The last attempt's error.</param>
    /// <param name="randomSample">A number in [0, 1) that picks the jitter.</param>
    public Option<TimeSpan> NextDelay(int attemptsMade, BakongError? error, double randomSample)
    {
        if (error is null || !error.IsTransient)
            return Option<TimeSpan>.None;
        return NextDelay(attemptsMade, error.RequestedWait, randomSample);
    }

    /// <summary>The wait before the next attempt after a transient failure the server asked <paramref name="retryAfter"/> of, or <c>None</c> to stop.</summary>
    internal Option<TimeSpan> NextDelay(int attemptsMade, Option<TimeSpan> retryAfter, double randomSample)
    {
        if (attemptsMade >= MaxAttempts || Schedule is null)
            return Option<TimeSpan>.None;
        if (retryAfter.Exists(d => d > MaxRetryAfter))
            return Option<TimeSpan>.None;
        return Schedule.NextDelay(attemptsMade - 1, randomSample, DateTimeOffset.MinValue, Option<DateTimeOffset>.None, retryAfter);
    }

}
