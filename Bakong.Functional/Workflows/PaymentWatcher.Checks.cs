using Bakong.Functional.Diagnostics;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace Bakong.Functional;

// The loop and the checks: when each group is due, what is sent, and what each answer does to the payments in it.
public sealed partial class PaymentWatcher
{
    /// <summary>What one check said about one payment: nothing when it was not sent (paused or stopping), else a decision of <see cref="SettleRules"/>.</summary>
    private struct Answer
    {
        public bool Sent;
        public Decision Decision;
    }

    private async Task RunAsync()
    {
        var token = stopping.Token;
        try
        {
            while (!token.IsCancellationRequested)
            {
                List<(Entry[] Batch, Group? Group, DateTimeOffset Scheduled)>? due = null;
                DateTimeOffset target;
                Task signal;
                DateTimeOffset now;
                lock (gate)
                {
                    now = clock.GetUtcNow();
                    var paused = resumeAt > now;
                    List<Entry>? last = null;
                    while (deadlines.TryPeek(out var entry, out var at) && at <= now)
                    {
                        deadlines.Dequeue();
                        if (entry.Settled)
                        {
                            staleDeadlines--;
                            continue;
                        }
                        entry.InDeadlineQueue = false;
                        // While paused no last check may go out, and the deadline does not wait for the pause: nothing is heard.
                        if (paused)
                        {
                            Settle(entry, Unheard(entry), now);
                            continue;
                        }
                        Detach(entry);
                        (last ??= []).Add(entry);
                    }
                    if (last is not null)
                        foreach (var chunk in last.Chunk(BatchSize))
                            (due ??= []).Add((chunk, null, now));
                    while (schedule.TryPeek(out var group, out var at) && at <= now)
                    {
                        schedule.Dequeue();
                        if (group.Removed)
                            continue;
                        if (paused)
                        {
                            Reschedule(group, resumeAt);
                            continue;
                        }
                        if (group.Count == 0)
                        {
                            RemoveGroup(group);
                            continue;
                        }
                        group.InFlight = true;
                        (due ??= []).Add((group.Members.AsSpan(0, group.Count).ToArray(), group, at));
                    }
                    running += due?.Count ?? 0;
                    target = Earliest();
                    wakeTarget = target;
                    wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    signal = wake.Task;
                }
                if (due is not null)
                    foreach (var (batch, group, scheduled) in due)
                        _ = CheckAsync(batch, group, scheduled, token);
                await Sleep(target == DateTimeOffset.MaxValue ? Timeout.InfiniteTimeSpan : target - now, signal, token).ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // The loop never throws; a broken invariant must not leave payments hanging unnoticed.
        catch (Exception)
#pragma warning restore CA1031
        {
            _ = StopAsync();
        }
    }

    private DateTimeOffset Earliest()
    {
        var target = DateTimeOffset.MaxValue;
        if (schedule.TryPeek(out _, out var next))
            target = next;
        if (deadlines.TryPeek(out _, out var deadline) && deadline < target)
            target = deadline;
        return target;
    }

    /// <summary>Waits until <paramref name="wait"/> has passed on the clock, the loop is woken, or the watcher stops. No timer runs while nothing is due.</summary>
    private async Task Sleep(TimeSpan wait, Task signal, CancellationToken token)
    {
        if (signal.IsCompleted || token.IsCancellationRequested)
            return;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(token);
        // Nothing due: wait for a payment or the stop alone, with no timer.
        // Timers count whole milliseconds: a shorter wait would fire at once and spin until the time comes.
        if (wait != Timeout.InfiniteTimeSpan)
            wait = wait > BackoffSchedule.LongestWait ? BackoffSchedule.LongestWait
                : wait <= TimeSpan.Zero ? TimeSpan.Zero
                : TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds));
        var delay = wait == Timeout.InfiniteTimeSpan
            ? Task.Delay(Timeout.Infinite, cancel.Token)
            : Task.Delay(wait, clock, cancel.Token);
        lock (gate)
        {
            sleeping = true;
            sleepingOn = delay;
            sleepingUntil = wait == Timeout.InfiniteTimeSpan ? DateTimeOffset.MaxValue : clock.GetUtcNow() + wait;
        }
        await Task.WhenAny(delay, signal).ConfigureAwait(false);
        lock (gate)
            sleeping = false;
        await cancel.CancelAsync().ConfigureAwait(false);
    }

    /// <summary>Checks one batch (a group, or payments at their deadline) and applies the answers; never throws.</summary>
    private async Task CheckAsync(Entry[] batch, Group? group, DateTimeOffset scheduled, CancellationToken token)
    {
        var answers = new Answer[batch.Length];
        using var span = StartCheck(batch.Length);
        try
        {
            await Ask(batch, answers, last: group is null, token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A check never throws; what was not heard is tried again.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var error = BakongError.From(LanguageExt.Common.Error.New(ex));
            for (var i = 0; i < answers.Length; i++)
                if (!answers[i].Sent)
                    answers[i] = new Answer { Sent = true, Decision = Decision.NotHeard(AnswerAnomaly.NoAnswer, error) };
        }
        finally
        {
            lock (gate)
            {
                Apply(batch, answers, group, scheduled);
                if (--running == 0 && stopping.IsCancellationRequested)
                    drained.TrySetResult();
            }
            EndCheck(span, batch, answers, group);
        }
    }

    /// <summary>
    /// Sends the md5_list request for a batch and decides each payment on its own rows; then asks alone, with single
    /// lookups, each payment whose rows were spoiled (and every payment while md5_list is blocked).
    /// </summary>
    /// <param name="batch">The payments.</param>
    /// <param name="answers">Where each payment's answer goes.</param>
    /// <param name="last">Whether this is the last check at the deadline: an untrusted answer is then isolated at once.</param>
    /// <param name="token">Stops the check.</param>
    private async Task Ask(Entry[] batch, Answer[] answers, bool last, CancellationToken token)
    {
        if (!await Enter(lists, token).ConfigureAwait(false))
            return;
        var alone = false;
        try
        {
            DateTimeOffset sentAt;
            int untrustedInARow = 0;
            lock (gate)
            {
                sentAt = clock.GetUtcNow();
                if (resumeAt > sentAt)
                    return;
                alone = sentAt < listsBlockedUntil;
                if (!alone)
                    listRequests++;
                foreach (var entry in batch)
                    untrustedInARow = Math.Max(untrustedInARow, entry.UntrustedInARow);
                if (last)
                    untrustedInARow = SettleRules.AskAloneAfter;
            }
            if (!alone)
            {
                Telemetry.WatcherListRequests.Add(1);
                var asked = new Asked[batch.Length];
                var md5s = new string[batch.Length];
                for (var i = 0; i < batch.Length; i++)
                {
                    md5s[i] = batch[i].Md5;
                    asked[i] = new Asked(batch[i].Md5, batch[i].Expected);
                }
                var answer = await client!.SendAsync(CheckTransactionsByMd5List.CreateEach(md5s), token).ConfigureAwait(false);
                var failure = answer.TryFail(out var failed) ? BakongError.From(failed) : null;
                if (failure is { } error && Interrupted(error, whole: true))
                {
                    if (error is not BakongError.Blocked)
                        return;
                    Anomaly("list_blocked");
                    lock (gate)
                        listsBlockedUntil = clock.GetUtcNow() + options.ListRetryDelay;
                    alone = true;
                    for (var i = 0; i < batch.Length; i++)
                        answers[i] = new Answer { Sent = true, Decision = Decision.Fallback };
                }
                else
                {
                    var decided = SettleRules.DecideList(answer, asked, untrustedInARow);
                    if (answer.IsSucc)
                        Succeeded();
                    foreach (var anomaly in decided.Anomalies)
                        OnAnomaly(anomaly, failure);
                    for (var i = 0; i < batch.Length; i++)
                    {
                        answers[i] = new Answer { Sent = true, Decision = decided.Decisions[i] };
                        alone |= decided.Decisions[i].Verdict == Verdict.AskAlone;
                    }
                }
            }
            else
            {
                for (var i = 0; i < batch.Length; i++)
                    answers[i] = new Answer { Sent = true, Decision = Decision.Fallback };
            }
        }
        finally
        {
            lists.Release();
        }
        if (alone)
        {
            var lookups = new List<Task>();
            for (var i = 0; i < batch.Length; i++)
                if (answers[i].Decision.Verdict == Verdict.AskAlone)
                    lookups.Add(AskOne(batch[i], answers, i, token));
            await Task.WhenAll(lookups).ConfigureAwait(false);
        }
    }

    /// <summary>One single lookup: the payment's own answer, which replaces what its list rows said.</summary>
    private async Task AskOne(Entry entry, Answer[] answers, int index, CancellationToken token)
    {
        // Until its own answer comes, it was not asked.
        answers[index].Sent = false;
        if (!await Enter(singles, token).ConfigureAwait(false))
            return;
        try
        {
            lock (gate)
            {
                if (resumeAt > clock.GetUtcNow())
                    return;
                singleLookups++;
            }
            var answer = await client!.SendAsync(CheckTransactionByMd5.Create(entry.Md5), token).ConfigureAwait(false);
            if (answer.TryFail(out var failed) && Interrupted(BakongError.From(failed), whole: false))
                return;
            answers[index].Sent = true;
            var decision = SettleRules.DecideSingle(answer, entry.Expected);
            if (decision.Verdict != Verdict.NotHeard)
                Succeeded();
            else if (decision.Anomaly is { } anomaly)
                OnAnomaly(anomaly, decision.Error.MatchUnsafe(e => e, () => null));
            // A spoiled row stays the reason when its own lookup is not heard either.
            answers[index].Decision = decision.Verdict == Verdict.NotHeard && answers[index].Decision.Anomaly is AnswerAnomaly.DuplicateRow or AnswerAnomaly.UnreadableRow
                ? decision with { Anomaly = answers[index].Decision.Anomaly }
                : decision;
        }
        finally
        {
            singles.Release();
        }
    }

    /// <summary>
    /// Whether a failed request is handled by the shell rather than by the settle rules: cancellation is nothing; a 429
    /// or a server's Retry-After pauses every request (its payments are asked again when the pause ends); a non-JSON 403
    /// on md5_list turns to single lookups.
    /// </summary>
    private bool Interrupted(BakongError error, bool whole)
    {
        if (error is BakongError.Cancelled)
            return true;
        if (error.RequestedWait.IsSome || error is BakongError.RateLimited)
        {
            OnAnomaly(AnswerAnomaly.NoAnswer, error);
            lock (gate)
            {
                var now = clock.GetUtcNow();
                var wait = error.RequestedWait.Match(w => w, () => options.Backoff.DelayFor(failures++, Random.Shared.NextDouble()));
                if (wait > BackoffSchedule.LongestWait)
                    wait = BackoffSchedule.LongestWait;
                if (now + wait > resumeAt)
                    resumeAt = now + wait;
            }
            return true;
        }
        return whole && error is BakongError.Blocked;
    }

    private void Succeeded()
    {
        lock (gate)
            failures = 0;
    }

    /// <summary>The outcome of a payment whose deadline came with nothing trustworthy heard about it at its last check.</summary>
    private static PaymentOutcome.Unconfirmed Unheard(Entry entry) =>
        new(entry.Ambiguous ? UnconfirmedReason.Ambiguous : UnconfirmedReason.NotHeard, entry.Deadline, entry.LastError, entry.Untrusted);

    /// <summary>Applies a batch's answers, then puts its group back on the schedule. Under the gate.</summary>
    private void Apply(Entry[] batch, Answer[] answers, Group? group, DateTimeOffset scheduled)
    {
        var now = clock.GetUtcNow();
        var noAnswer = false;
        var untrusted = false;
        var unsent = false;
        for (var i = 0; i < batch.Length; i++)
        {
            var entry = batch[i];
            if (entry.Settled)
                continue;
            var answer = answers[i];
            if (answer.Sent && answer.Decision.Verdict == Verdict.Settle)
            {
                Settle(entry, answer.Decision.Outcome!, now);
                continue;
            }
            // Stopping ends what is left with Cancelled, not with what an unsent check would mean.
            if (stopping.IsCancellationRequested)
                continue;
            if (answer.Sent)
                Note(entry, answer.Decision);
            if (group is null)
            {
                // The last check, made at the deadline: one try. Not paid is Expired only if that try was heard.
                Settle(entry, answer.Sent && answer.Decision.Verdict == Verdict.NotYet ? new PaymentOutcome.Expired(entry.Deadline) : Unheard(entry), now);
                continue;
            }
            // A payment that reached its deadline meanwhile has left for its last check.
            if (entry.Group != group)
                continue;
            unsent |= !answer.Sent;
            if (answer.Sent && answer.Decision.Anomaly is { } anomaly)
            {
                noAnswer |= anomaly == AnswerAnomaly.NoAnswer;
                untrusted |= anomaly != AnswerAnomaly.NoAnswer && answer.Decision.Verdict == Verdict.NotHeard;
            }
        }
        if (group is null)
            return;
        group.InFlight = false;
        if (group.Removed)
            return;
        if (group.Count == 0)
        {
            RemoveGroup(group);
            return;
        }
        if (stopping.IsCancellationRequested)
            return;
        DateTimeOffset next;
        if (noAnswer)
        {
            next = now + options.Backoff.DelayFor(failures++, Random.Shared.NextDouble());
        }
        else if (unsent)
        {
            next = resumeAt > now ? resumeAt : now;
        }
        else if (untrusted)
        {
            // An untrusted answer is asked again sooner than the interval, never later: the next one may be fine.
            var wait = options.Backoff.DelayFor(group.Untrusted++, Random.Shared.NextDouble());
            next = now + (wait < options.Interval ? wait : options.Interval);
        }
        else
        {
            group.Untrusted = 0;
            next = scheduled + options.Interval;
            if (next < now)
                next = now;
            if (group.Count < MergeBelow && Merge(group, next))
                return;
        }
        Reschedule(group, next);
    }

    /// <summary>Keeps what a payment's answers said, for its outcome at the deadline. Under the gate.</summary>
    private static void Note(Entry entry, Decision decision)
    {
        if (decision.Verdict == Verdict.NotYet)
        {
            entry.UntrustedInARow = 0;
            entry.Ambiguous = false;
            return;
        }
        if (decision.Anomaly is not { } anomaly)
            return;
        decision.Error.IfSome(e => entry.LastError = e);
        if (anomaly == AnswerAnomaly.NoAnswer)
            return;
        entry.Untrusted++;
        entry.UntrustedInARow++;
        entry.Ambiguous |= anomaly is AnswerAnomaly.DuplicateRow or AnswerAnomaly.UnreadableRow;
    }

    /// <summary>
    /// Moves a sparse group's payments into another group with room that is due no later than they are, so each is still
    /// checked within one interval, and the requests stay nearly full.
    /// </summary>
    private bool Merge(Group group, DateTimeOffset next)
    {
        // A few candidates from the end of the open list are enough: merging is a saving, not a duty.
        for (int i = open.Count - 1, tried = 0; i >= 0 && tried < 16; i--, tried++)
        {
            var target = open[i];
            if (target == group || target.InFlight || target.Count + group.Count > BatchSize || target.NextCheck > next)
                continue;
            while (group.Count > 0)
            {
                var entry = group.Members[group.Count - 1];
                group.Members[--group.Count] = null!;
                Add(target, entry);
            }
            RemoveGroup(group);
            return true;
        }
        return false;
    }

    /// <summary>Waits for a slot; false when the watcher stops first.</summary>
    private static async Task<bool> Enter(SemaphoreSlim slots, CancellationToken token)
    {
        try
        {
            await slots.WaitAsync(token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
