using Bakong.Functional.Model;
using Bakong.Functional.Runner;
using Bakong.Functional.Workflows;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace Bakong.Functional;

/// <summary>
/// Polling a lookup until the payment shows up: <c>Some(transaction)</c> when found, <c>None</c> when the deadline
/// (usually the QR's expiry) passes first with the last check heard as not found, and a failure that polling cannot fix
/// (a failed transaction, a static QR, or one of <see cref="SettleRules.CannotBeFixedByWaiting"/>). Any other failure
/// (a 5xx, a timeout, a garbled body) is not heard and polled again; when the last check at the deadline is not heard
/// either, the poll fails with its error: the payment could not be confirmed, which is not "not paid". Waits follow a
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
    /// <param name="schedule">The waits between checks; null means <see cref="BackoffSchedule.PollingDefault"/>.</param>
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
    /// <param name="schedule">The waits between checks; null means <see cref="BackoffSchedule.PollingDefault"/>.</param>
    /// <param name="progress">Told about every check; exceptions it throws are ignored.</param>
    /// <param name="cancellationToken">Stops polling at once, with <see cref="BakongError.Cancelled"/>.</param>
    public static async Task<Fin<Option<A>>> PollUntilFoundAsync<A>(
        this BakongClient? client, Fin<Endpoint<Option<A>>> lookup, DateTimeOffset deadline,
        BackoffSchedule? schedule = null, IProgress<PollAttempt>? progress = null, CancellationToken cancellationToken = default) =>
        (await client.PollAsync(lookup, deadline, schedule, progress, cancellationToken).ConfigureAwait(false)).Result;

    /// <summary>The same client with retries off: a poll and the payment watcher pace and retry their own requests.</summary>
    internal static BakongClient WithoutRetries(this BakongClient client) => client.WithRetry(RetryPolicy.None);

    /// <summary>What a poll ended with, and for an ending with nothing heard at the deadline, how many answers could not be trusted.</summary>
    internal readonly record struct Poll<A>(Fin<Option<A>> Result, bool Heard, int Untrusted);

    /// <summary>
    /// The poll itself. Each answer is decided by <see cref="SettleRules"/>: found, or an error that ends it, returns at once;
    /// not found and every answer not heard (a failure that may pass, a garbled body, an unexpected status) poll again.
    /// At the deadline, a last check that was not heard ends with its error, never as "not paid". Each request is made
    /// once (the poll is the retry), so the poll ends within the deadline plus one request timeout.
    /// </summary>
    internal static async Task<Poll<A>> PollAsync<A>(
        this BakongClient? client, Fin<Endpoint<Option<A>>> lookup, DateTimeOffset deadline,
        BackoffSchedule? schedule, IProgress<PollAttempt>? progress, CancellationToken cancellationToken)
    {
        if (client is null)
            return Ended<A>(BakongError.InvalidInput.Of("client", "is required"));
        if (!(schedule ?? BackoffSchedule.PollingDefault).Validate().TrySucc(out var waits, out var badSchedule))
            return Ended<A>(badSchedule);
        if (lookup.IsBottom)
            return Ended<A>(BakongError.InvalidInput.Of("lookup", "is required"));
        if (!lookup.TrySucc(out var endpoint, out var badLookup))
            return Ended<A>(badLookup);
        var clock = client.Clock;
        var once = client.WithoutRetries();
        var untrusted = 0;

        for (var number = 1; ; number++)
        {
            var result = await once.SendAsync(endpoint, cancellationToken).ConfigureAwait(false);
            var now = clock.GetUtcNow();
            var (outcome, error) = Classify(result);
            if (error.Exists(e => e is BakongError.Cancelled))
                return Ended<A>(new BakongError.Cancelled());
            if (outcome is PollOutcome.TransientFailure && error.Exists(e => SettleRules.IsUntrusted(SettleRules.AnomalyOf(e))))
                untrusted++;
            var next = outcome is PollOutcome.Found or PollOutcome.Failed
                ? Option<TimeSpan>.None
                : waits.NextDelay(number - 1, Random.Shared.NextDouble(), now, deadline, RetryAfter(error));
            Report(progress, new PollAttempt(number, now, outcome, error, next));
            if (outcome is PollOutcome.Found or PollOutcome.Failed)
                return new Poll<A>(result, true, untrusted);
            if (!next.TrySome(out var wait))
                // Not paid only if the last check was heard; otherwise its error says why nothing could be confirmed.
                return outcome is PollOutcome.NotYet || !error.TrySome(out var last)
                    ? new Poll<A>(Option<A>.None, true, untrusted)
                    : new Poll<A>(Fin<Option<A>>.Fail(last), false, untrusted);
            try
            {
                await Task.Delay(wait, clock, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return Ended<A>(new BakongError.Cancelled());
            }
        }
    }

    private static Poll<A> Ended<A>(Error error) => new(Fin<Option<A>>.Fail(error), true, 0);

    /// <summary>The same as <see cref="PollUntilFoundAsync{A}"/>, as an effect for LINQ over <see cref="LanguageExt.Aff{A}"/>.</summary>
    public static Aff<Option<A>> PollUntilFound<A>(
        this BakongClient? client, Fin<Endpoint<Option<A>>> lookup, DateTimeOffset deadline,
        BackoffSchedule? schedule = null, IProgress<PollAttempt>? progress = null, CancellationToken cancellationToken = default) =>
        Effect.Of(() => client.PollUntilFoundAsync(lookup, deadline, schedule, progress, cancellationToken));

    /// <summary>One answer by the settle rules: found, not yet, not heard (reported as a transient failure), or an error that ends the poll.</summary>
    private static (PollOutcome Outcome, Option<BakongError> Error) Classify<A>(Fin<Option<A>> result)
    {
        if (result.TrySucc(out var found, out var failure))
            return (found.IsSome ? PollOutcome.Found : PollOutcome.NotYet, None);
        var e = BakongError.From(failure);
        return SettleRules.OfLookupError(e).Verdict switch
        {
            Verdict.NotYet => (PollOutcome.NotYet, None),
            Verdict.Settle => (PollOutcome.Failed, Some(e)),
            _ => (PollOutcome.TransientFailure, Some(e)),
        };
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
