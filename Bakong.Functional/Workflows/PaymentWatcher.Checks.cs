using Bakong.Functional.Diagnostics;
using LanguageExt;
using LanguageExt.Common;

namespace Bakong.Functional;

// The loop and the checks: when each group is due, what is sent, and what each answer does to the payments in it.
public sealed partial class PaymentWatcher
{
    /// <summary>What one check said about one payment.</summary>
    private enum Heard : byte
    {
        /// <summary>Not asked: the watcher was paused or stopping.</summary>
        Unsent,
        /// <summary>Asked and not there yet.</summary>
        NotYet,
        /// <summary>The request failed in a way that may pass.</summary>
        Transient,
        /// <summary>An outcome: the payment ends.</summary>
        Ended,
    }

    private struct Answer
    {
        public Heard Heard;
        public PaymentOutcome? Outcome;
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
                        // While paused no last check may go out, and the deadline does not wait for the pause.
                        if (paused)
                        {
                            Settle(entry, new PaymentOutcome.Expired(entry.Deadline), now);
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
            await Ask(batch, answers, token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A check never throws; what was not heard is tried again.
        catch (Exception)
#pragma warning restore CA1031
        {
            for (var i = 0; i < answers.Length; i++)
                if (answers[i].Heard == Heard.Unsent)
                    answers[i].Heard = Heard.Transient;
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

    /// <summary>Sends the md5_list request for a batch, or single lookups while md5_list is blocked.</summary>
    private async Task Ask(Entry[] batch, Answer[] answers, CancellationToken token)
    {
        if (!await Enter(lists, token).ConfigureAwait(false))
            return;
        var useSingles = false;
        try
        {
            DateTimeOffset sentAt;
            lock (gate)
            {
                sentAt = clock.GetUtcNow();
                if (resumeAt > sentAt)
                    return;
                useSingles = sentAt < listsBlockedUntil;
                if (!useSingles)
                    listRequests++;
            }
            if (!useSingles)
            {
                Telemetry.WatcherListRequests.Add(1);
                var md5s = new string[batch.Length];
                for (var i = 0; i < batch.Length; i++)
                    md5s[i] = batch[i].Md5;
                var answer = await client!.SendAsync(CheckTransactionsByMd5List.Create(md5s), token).ConfigureAwait(false);
                if (answer.IsSucc)
                {
                    Succeeded();
                    var i = 0;
                    foreach (var row in (Seq<BatchRow>)answer)
                    {
                        if (i < batch.Length)
                            answers[i] = FromRow(row, batch[i]);
                        i++;
                    }
                    return;
                }
                var error = BakongError.From((Error)answer);
                if (error is BakongError.Blocked)
                {
                    Anomaly("list_blocked");
                    lock (gate)
                        listsBlockedUntil = clock.GetUtcNow() + options.ListRetryDelay;
                    useSingles = true;
                }
                else
                {
                    Failed(error, answers.AsSpan());
                    return;
                }
            }
        }
        finally
        {
            lists.Release();
        }
        if (useSingles)
            await Task.WhenAll(Enumerable.Range(0, batch.Length).Select(i => AskOne(batch[i], answers, i, token))).ConfigureAwait(false);
    }

    /// <summary>One single lookup, for the fallback.</summary>
    private async Task AskOne(Entry entry, Answer[] answers, int index, CancellationToken token)
    {
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
            if (answer.IsSucc)
            {
                Succeeded();
                answers[index] = Ended(PaymentOutcome.Of((Transaction)answer, entry.Expected));
                return;
            }
            var error = BakongError.From((Error)answer);
            switch (error)
            {
                case BakongError.ApiFailure { ErrorCode: ApiErrorCode.TransactionNotFound }:
                    Succeeded();
                    answers[index].Heard = Heard.NotYet;
                    break;
                case BakongError.ApiFailure { ErrorCode: ApiErrorCode.TransactionFailed } f:
                    Succeeded();
                    answers[index] = Ended(new PaymentOutcome.Failed(f.ResponseMessage));
                    break;
                case BakongError.ApiFailure { ErrorCode: ApiErrorCode.StaticQrNotSupported }:
                    Succeeded();
                    answers[index] = Ended(new PaymentOutcome.StaticQr());
                    break;
                default:
                    Failed(error, answers.AsSpan(index, 1));
                    break;
            }
        }
        finally
        {
            singles.Release();
        }
    }

    private static Answer Ended(PaymentOutcome outcome) => new() { Heard = Heard.Ended, Outcome = outcome };

    private static Answer FromRow(BatchRow row, Entry entry) => row.Match(
        found: f => Ended(PaymentOutcome.Of(f.Transaction, entry.Expected)),
        notFound: _ => new Answer { Heard = Heard.NotYet },
        failed: f => Ended(new PaymentOutcome.Failed(f.Message)),
        staticQr: _ => Ended(new PaymentOutcome.StaticQr()),
        // An unknown status (SERVICE_FAILED, say) or a missing row is not an answer: ask again next time.
        otherStatus: _ => new Answer { Heard = Heard.NotYet },
        missing: _ => new Answer { Heard = Heard.NotYet });

    /// <summary>
    /// What a failed request means for its payments: a server's wait or a 429 pauses every request; other transient
    /// failures back off; cancellation is nothing; anything else ends them with the error.
    /// </summary>
    private void Failed(BakongError error, Span<Answer> answers)
    {
        if (error is BakongError.Cancelled)
            return;
        if (error.RequestedWait.IsSome || error is BakongError.RateLimited)
        {
            lock (gate)
            {
                var now = clock.GetUtcNow();
                var wait = error.RequestedWait.Match(w => w, () => options.Backoff.DelayFor(failures++, Random.Shared.NextDouble()));
                if (wait > BackoffSchedule.LongestWait)
                    wait = BackoffSchedule.LongestWait;
                if (now + wait > resumeAt)
                    resumeAt = now + wait;
            }
            // Not answered, and asked again when the pause ends.
            return;
        }
        if (error.IsTransient)
        {
            foreach (ref var a in answers)
                a.Heard = Heard.Transient;
            return;
        }
        foreach (ref var a in answers)
            a = Ended(new PaymentOutcome.Error(error));
    }

    private void Succeeded()
    {
        lock (gate)
            failures = 0;
    }

    /// <summary>Applies a batch's answers, then puts its group back on the schedule. Under the gate.</summary>
    private void Apply(Entry[] batch, Answer[] answers, Group? group, DateTimeOffset scheduled)
    {
        var now = clock.GetUtcNow();
        var transient = false;
        var unsent = false;
        for (var i = 0; i < batch.Length; i++)
        {
            var entry = batch[i];
            if (entry.Settled)
                continue;
            if (answers[i].Outcome is { } outcome)
            {
                Settle(entry, outcome, now);
                continue;
            }
            // Stopping ends what is left with Cancelled, not with what an unsent check would mean.
            if (stopping.IsCancellationRequested)
                continue;
            if (group is null)
            {
                // The last check, made at the deadline: one try, and whatever it heard, the time is up.
                Settle(entry, new PaymentOutcome.Expired(entry.Deadline), now);
                continue;
            }
            // A payment that reached its deadline meanwhile has left for its last check.
            if (entry.Group != group)
                continue;
            transient |= answers[i].Heard == Heard.Transient;
            unsent |= answers[i].Heard == Heard.Unsent;
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
        if (transient)
        {
            next = now + options.Backoff.DelayFor(failures++, Random.Shared.NextDouble());
        }
        else if (unsent)
        {
            next = resumeAt > now ? resumeAt : now;
        }
        else
        {
            next = scheduled + options.Interval;
            if (next < now)
                next = now;
            if (group.Count < MergeBelow && Merge(group, next))
                return;
        }
        Reschedule(group, next);
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
