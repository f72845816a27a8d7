using Bakong.Functional.Runner;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace Bakong.Functional;

/// <summary>
/// Polling a lookup until the payment shows up: <c>Some(transaction)</c> when found, <c>None</c> when the deadline
/// (usually the QR's expiry) passes first, and a failure that polling cannot fix (a failed transaction,
/// a static QR, a refused token, bad input). Not found and transient failures mean "not yet". Waits follow a
/// <see cref="BackoffSchedule"/>, a 429's <c>Retry-After</c> wins over it, and the client's <see cref="TimeProvider"/> keeps time.
/// </summary>
/// <example>
/// <code>
/// var paid = await client.WaitForPaymentAsync(md5, deadline: qrExpiresAt, cancellationToken: ct);
/// </code>
/// </example>
public static class PaymentPolling
{
    /// <summary>Polls <c>check_transaction_by_md5</c> for the KHQR with this MD5 until it is paid, fails or the deadline passes.</summary>
    /// <param name="client">The client to check with; it needs a token.</param>
    /// <param name="md5">The lowercase hex MD5 of the whole KHQR string.</param>
    /// <param name="deadline">When to stop: usually the QR's expiry. At least one check is made even if it has passed.</param>
    /// <param name="schedule">The waits between checks; null means the client's <see cref="BakongClientOptions.PollSchedule"/>.</param>
    /// <param name="progress">Told about every check; exceptions it throws are ignored.</param>
    /// <param name="cancellationToken">Stops polling at once, with <see cref="BakongError.Cancelled"/>.</param>
    public static Task<Fin<Option<Transaction>>> WaitForPaymentAsync(
        this BakongClient? client, string? md5, DateTimeOffset deadline, BackoffSchedule? schedule = null,
        IProgress<PollAttempt>? progress = null, CancellationToken cancellationToken = default) =>
        client.PollUntilFoundAsync(CheckTransactionByMd5.Create(md5).OrNone(), deadline, schedule, progress, cancellationToken);

    /// <summary>The same as <see cref="WaitForPaymentAsync"/>, as an effect for LINQ over <see cref="LanguageExt.Aff{A}"/>.</summary>
    public static Aff<Option<Transaction>> WaitForPayment(
        this BakongClient? client, string? md5, DateTimeOffset deadline, BackoffSchedule? schedule = null,
        IProgress<PollAttempt>? progress = null, CancellationToken cancellationToken = default) =>
        Effect.Of(() => client.WaitForPaymentAsync(md5, deadline, schedule, progress, cancellationToken));

    /// <summary>
    /// Polls any single lookup whose "not yet" is <c>None</c>, such as
    /// <c>CheckTransactionByHash.Create(hash).OrNone()</c>; a not-found Left also counts as "not yet".
    /// </summary>
    /// <param name="client">The client to check with.</param>
    /// <param name="lookup">The lookup, straight from its <c>Create(…).OrNone()</c>; a validation Left is returned without I/O.</param>
    /// <param name="deadline">When to stop. At least one check is made even if it has passed.</param>
    /// <param name="schedule">The waits between checks; null means the client's <see cref="BakongClientOptions.PollSchedule"/>.</param>
    /// <param name="progress">Told about every check; exceptions it throws are ignored.</param>
    /// <param name="cancellationToken">Stops polling at once, with <see cref="BakongError.Cancelled"/>.</param>
    public static async Task<Fin<Option<A>>> PollUntilFoundAsync<A>(
        this BakongClient? client, Fin<Endpoint<Option<A>>> lookup, DateTimeOffset deadline,
        BackoffSchedule? schedule = null, IProgress<PollAttempt>? progress = null, CancellationToken cancellationToken = default)
    {
        if (client is null)
            return BakongError.InvalidInput.Of("client", "is required");
        var validSchedule = (schedule ?? client.PollSchedule).Validate();
        if (validSchedule.IsFail)
            return (Error)validSchedule;
        if (lookup.IsBottom)
            return BakongError.InvalidInput.Of("lookup", "is required");
        if (lookup.IsFail)
            return (Error)lookup;
        var endpoint = (Endpoint<Option<A>>)lookup;
        var waits = (BackoffSchedule)validSchedule;
        var clock = client.Clock;

        for (var number = 1; ; number++)
        {
            var result = await client.SendAsync(endpoint, cancellationToken).ConfigureAwait(false);
            var now = clock.GetUtcNow();
            var (outcome, error) = Classify(result);
            var next = outcome is PollOutcome.Found or PollOutcome.Failed
                ? Option<TimeSpan>.None
                : waits.NextDelay(number - 1, Random.Shared.NextDouble(), now, deadline, RetryAfter(error));
            Report(progress, new PollAttempt(number, now, outcome, error, next));
            if (outcome is PollOutcome.Found or PollOutcome.Failed)
                return result;
            if (next.IsNone)
                return Option<A>.None;
            try
            {
                await Task.Delay((TimeSpan)next, clock, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return new BakongError.Cancelled();
            }
        }
    }

    /// <summary>The same as <see cref="PollUntilFoundAsync{A}"/>, as an effect for LINQ over <see cref="LanguageExt.Aff{A}"/>.</summary>
    public static Aff<Option<A>> PollUntilFound<A>(
        this BakongClient? client, Fin<Endpoint<Option<A>>> lookup, DateTimeOffset deadline,
        BackoffSchedule? schedule = null, IProgress<PollAttempt>? progress = null, CancellationToken cancellationToken = default) =>
        Effect.Of(() => client.PollUntilFoundAsync(lookup, deadline, schedule, progress, cancellationToken));

    private static (PollOutcome Outcome, Option<BakongError> Error) Classify<A>(Fin<Option<A>> result)
    {
        if (result.IsSucc)
            return (((Option<A>)result).IsSome ? PollOutcome.Found : PollOutcome.NotYet, None);
        var e = BakongError.From((Error)result);
        return e.IsTransactionNotFound ? (PollOutcome.NotYet, None)
            : e.IsTransient ? (PollOutcome.TransientFailure, Some(e))
            : (PollOutcome.Failed, Some(e));
    }

    private static Option<TimeSpan> RetryAfter(Option<BakongError> error) =>
        error.Bind(e => e.RequestedWait);

    private static void Report(IProgress<PollAttempt>? progress, PollAttempt attempt)
    {
        try
        {
            progress?.Report(attempt);
        }
#pragma warning disable CA1031 // The caller's progress handler must not end the poll.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
