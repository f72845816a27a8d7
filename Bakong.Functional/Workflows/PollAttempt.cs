using LanguageExt;

namespace Bakong.Functional;

/// <summary>What one check of a poll found.</summary>
public enum PollOutcome
{
    /// <summary>The transaction exists: polling ends with it.</summary>
    Found,

    /// <summary>Not found yet: polling goes on until the deadline.</summary>
    NotYet,

    /// <summary>An answer not heard: a failure that may pass (429, 5xx, transport, timeout) or one that cannot be trusted (a garbled body, an unexpected status). Polling goes on until the deadline.</summary>
    TransientFailure,

    /// <summary>A failure polling cannot fix (failed transaction, static QR, or one of <see cref="SettleRules.CannotBeFixedByWaiting"/>): polling ends with it.</summary>
    Failed,
}

/// <summary>One check made while polling, reported to the caller's <see cref="IProgress{T}"/>, for example to show progress.</summary>
/// <param name="Number">1 for the first check.</param>
/// <param name="At">When the check's answer arrived, by the client's clock.</param>
/// <param name="Outcome">What the check found.</param>
/// <param name="Error">The error, for <see cref="PollOutcome.TransientFailure"/> and <see cref="PollOutcome.Failed"/>.</param>
/// <param name="NextDelay">The wait before the next check; <c>None</c> when polling ends here.</param>
[System.Text.Json.Serialization.JsonConverter(typeof(PollAttemptJsonConverter))]
public sealed record PollAttempt(int Number, DateTimeOffset At, PollOutcome Outcome, Option<BakongError> Error, Option<TimeSpan> NextDelay);
