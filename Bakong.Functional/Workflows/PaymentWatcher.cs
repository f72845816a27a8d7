using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Bakong.Functional.Diagnostics;
using Bakong.Functional.Endpoints;
using LanguageExt;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using static LanguageExt.Prelude;

namespace Bakong.Functional;

/// <summary>
/// Watches many open KHQR payments at once. Every pending md5 is checked once per <see cref="PaymentWatcherOptions.Interval"/>,
/// packed into check_transaction_by_md5_list requests of up to 50; each request keeps its own slot in the interval,
/// so requests are spread evenly instead of all at once. Each payment ends with exactly one <see cref="PaymentOutcome"/>:
/// awaited through the task <see cref="Watch(string, DateTimeOffset, Option{ExpectedPayment})"/> returns, and reported
/// to every reader of <see cref="Events"/>.
/// <list type="bullet">
/// <item>A payment leaves the batch as soon as it is paid, failed, mismatched, static, removed or past its deadline.</item>
/// <item>Each payment settles only on an answer about it (<see cref="SettleRules"/>): its own readable row, or its own single lookup. An answer that cannot be trusted is "not heard" and asked again; a payment whose rows are spoiled, or a batch whose answers stay untrusted, is asked about alone.</item>
/// <item>At its deadline a payment gets one last check, then ends as <see cref="PaymentOutcome.Expired"/> if that check was heard, and as <see cref="PaymentOutcome.Unconfirmed"/> if not.</item>
/// <item>A 429 pauses every request until its <c>Retry-After</c>; 5xx answers and transport failures back off.</item>
/// <item>A refused token is renewed once through the client's token source; a refusal after that ends the payments concerned with <see cref="PaymentOutcome.Error"/>.</item>
/// <item>When md5_list answers a non-JSON 403, the same payments are checked one by one, and md5_list is tried again after <see cref="PaymentWatcherOptions.ListRetryDelay"/>.</item>
/// </list>
/// Time is the client's <see cref="TimeProvider"/> unless another is given. Nothing here throws; disposing or the
/// cancellation token given at construction stops every check at once and ends each payment still pending with
/// <see cref="BakongError.Cancelled"/>.
/// </summary>
/// <example>
/// <code>
/// await using var watcher = new PaymentWatcher(client);
/// Task&lt;PaymentOutcome&gt; outcome = watcher.Watch(md5, deadline: qrExpiresAt,
///     new ExpectedPayment("shop@bank", Currency.USD, 1.50m));
/// if ((await outcome).IsPaid) { /* ship it */ }
/// </code>
/// </example>
public sealed partial class PaymentWatcher : IAsyncDisposable
{
    private const int BatchSize = CheckTransactionsByMd5List.MaxItems;
    // A group this sparse after a check moves into another with room, so requests stay nearly full.
    private const int MergeBelow = BatchSize / 2;
    private const double GoldenRatio = 0.6180339887498949;

    private readonly BakongClient? client;
    private readonly ILogger logger;
    private readonly PaymentWatcherOptions options;
    private readonly TimeProvider clock;
    private readonly Option<BakongError> invalid;
    private readonly object gate = new();
    private readonly Dictionary<string, Entry> pending = new(StringComparer.Ordinal);
    private readonly PriorityQueue<Group, DateTimeOffset> schedule = new();
    private readonly PriorityQueue<Entry, DateTimeOffset> deadlines = new();
    private readonly List<Group> open = [];
    private readonly List<Channel<PaymentEvent>> subscribers = [];
    private readonly CancellationTokenSource stopping = new();
    private readonly CancellationTokenRegistration external;
    private readonly SemaphoreSlim lists;
    private readonly SemaphoreSlim singles;
    private readonly Task loop;
    private readonly TaskCompletionSource drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTimeOffset wakeTarget = DateTimeOffset.MaxValue;
    private DateTimeOffset resumeAt = DateTimeOffset.MinValue;
    private DateTimeOffset listsBlockedUntil = DateTimeOffset.MinValue;
    private int failures;
    private long groupsCreated;
    private int staleDeadlines;
    private int running;
    private bool stopped;
    private bool sleeping;
    private Task sleepingOn = Task.CompletedTask;
    private DateTimeOffset sleepingUntil = DateTimeOffset.MaxValue;
    private Task? stop;
    private long settledCount;
    private long listRequests;
    private long singleLookups;
    private readonly AnomalyCounts anomalies = new();

    /// <summary>A watcher checking through <paramref name="client"/>. It starts at once and idles, with no timer, while nothing is pending.</summary>
    /// <param name="client">The client to check with; it needs a token. Its own retries are not used: the watcher paces and retries itself.</param>
    /// <param name="options">Interval, concurrency and limits; null means <see cref="PaymentWatcherOptions.Default"/>. Bad options never throw: every payment then ends at once with <see cref="BakongError.InvalidInput"/> naming them.</param>
    /// <param name="timeProvider">The clock; null means the client's <see cref="BakongClientOptions.TimeProvider"/>.</param>
    /// <param name="cancellationToken">Stops the watcher, as <see cref="DisposeAsync"/> does.</param>
    public PaymentWatcher(BakongClient? client, PaymentWatcherOptions? options = null, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        this.options = options ?? PaymentWatcherOptions.Default;
        var v = new Validator();
        v.Required("client", client);
        v.Part("options", this.options.Validate());
        invalid = v.Problem;
        this.client = client?.WithoutRetries();
        logger = client?.Logs.CreateLogger<PaymentWatcher>() ?? (ILogger)NullLogger.Instance;
        clock = timeProvider ?? client?.Clock ?? TimeProvider.System;
        lists = new SemaphoreSlim(invalid.IsSome ? 1 : this.options.MaxConcurrency);
        singles = new SemaphoreSlim(invalid.IsSome ? 1 : this.options.SingleLookupConcurrency);
        if (invalid.IsSome)
        {
            stopped = true;
            drained.TrySetResult();
            loop = Task.CompletedTask;
            stop = Task.CompletedTask;
            return;
        }
        Telemetry.CountPending(this, PendingCount);
        // The grid the first groups are spread over starts now.
        loop = Task.Run(RunAsync, CancellationToken.None);
        if (cancellationToken.CanBeCanceled)
            external = cancellationToken.Register(static w => _ = ((PaymentWatcher)w!).StopAsync(), this);
    }

    /// <summary>A watcher with checked options: the watcher, or <see cref="BakongError.InvalidInput"/> naming every bad setting.</summary>
    /// <param name="client">The client to check with.</param>
    /// <param name="options">Interval, concurrency and limits; null means the defaults.</param>
    /// <param name="timeProvider">The clock; null means the client's.</param>
    /// <param name="cancellationToken">Stops the watcher.</param>
    public static Fin<PaymentWatcher> Create(BakongClient? client, PaymentWatcherOptions? options = null, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        var watcher = new PaymentWatcher(client, options, timeProvider, cancellationToken);
        return watcher.invalid.TrySome(out var error) ? error : watcher;
    }

    /// <summary>The options in force.</summary>
    public PaymentWatcherOptions Options => options;

    /// <summary>
    /// Starts watching the KHQR with this md5 until it ends or <paramref name="deadline"/> passes. Watching an md5 that is
    /// already pending returns the same task: the first call's deadline and expectation hold.
    /// </summary>
    /// <param name="md5">The lowercase hex MD5 of the whole KHQR string (upper case is lowered).</param>
    /// <param name="deadline">When to give up: usually the QR's expiry. A deadline already past gets one check at once.</param>
    /// <param name="expected">What the QR asked for; a transaction that differs ends as <see cref="PaymentOutcome.Mismatch"/>. <c>None</c> accepts any transaction found.</param>
    /// <returns>The payment's outcome; it never faults or cancels. Bad input ends it at once with <see cref="BakongError.InvalidInput"/>.</returns>
    public Task<PaymentOutcome> Watch(string? md5, DateTimeOffset deadline, Option<ExpectedPayment> expected = default)
    {
        if (invalid.TrySome(out var settings))
            return Ended(settings);
        var v = new Validator();
        if (!v.Md5("md5", md5))
            return Ended(v.Failure);
        var key = md5!.ToLowerInvariant();
        lock (gate)
        {
            if (stopped)
                return Ended(new BakongError.Cancelled());
            if (pending.TryGetValue(key, out var existing))
                return existing.Task;
            if (pending.Count >= options.MaxPending)
                return Ended(BakongError.InvalidInput.Of("md5", $"cannot be watched: the watcher already holds MaxPending ({options.MaxPending}) payments"));
            var now = clock.GetUtcNow();
            var entry = new Entry(key, deadline, expected);
            pending.Add(key, entry);
            entry.InDeadlineQueue = true;
            deadlines.Enqueue(entry, WholeMilliseconds(deadline));
            WakeBy(WholeMilliseconds(deadline));
            // A payment already past its deadline goes straight to its last check.
            if (deadline > now)
                Join(entry, now);
            return entry.Task;
        }
    }

    /// <summary>Stops watching <paramref name="md5"/>: its task and event end with <see cref="BakongError.Cancelled"/>.</summary>
    /// <returns>Whether it was pending.</returns>
    public bool Remove(string? md5)
    {
        if (md5 is null)
            return false;
        lock (gate)
        {
            if (!pending.TryGetValue(md5.ToLowerInvariant(), out var entry))
                return false;
            Settle(entry, new PaymentOutcome.Error(new BakongError.Cancelled()), clock.GetUtcNow());
            return true;
        }
    }

    /// <summary>The task of a pending payment, for example to await it from another request than the one that started watching it.</summary>
    public Option<Task<PaymentOutcome>> Find(string? md5)
    {
        if (md5 is null)
            return None;
        lock (gate)
            return pending.TryGetValue(md5.ToLowerInvariant(), out var entry) ? Some(entry.Task) : None;
    }

    /// <summary>
    /// Every payment's end from now on, one <see cref="PaymentEvent"/> each, in the order they end. The subscription starts
    /// when this method is called, so nothing ending between the call and the first read is missed; enumerate it once.
    /// The sequence ends when the watcher stops or <paramref name="cancellationToken"/> fires; it never throws.
    /// </summary>
    /// <remarks>Events wait in memory until read, so read them as they come.</remarks>
    public IAsyncEnumerable<PaymentEvent> Events(CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateUnbounded<PaymentEvent>(new UnboundedChannelOptions { SingleReader = true });
        lock (gate)
        {
            if (stopped)
                channel.Writer.TryComplete();
            else
                subscribers.Add(channel);
        }
        return Read(channel, cancellationToken);
    }

    /// <summary>What the watcher is doing now.</summary>
    public PaymentWatcherStatistics Statistics
    {
        get
        {
            lock (gate)
            {
                var now = clock.GetUtcNow();
                return new PaymentWatcherStatistics(pending.Count, settledCount, listRequests, singleLookups,
                    now < listsBlockedUntil, resumeAt > now ? Some(resumeAt) : None)
                {
                    Anomalies = anomalies.Snapshot(),
                };
            }
        }
    }

    /// <summary>
    /// Stops the watcher: requests in flight are cancelled, nothing is left running, and every payment still pending ends
    /// with <see cref="BakongError.Cancelled"/>. Safe to call more than once; never throws.
    /// </summary>
    public Task StopAsync()
    {
        lock (gate)
        {
            if (stop is not null)
                return stop;
            stopped = true;
            stop = StopCore();
            return stop;
        }
    }

    /// <summary>The same as <see cref="StopAsync"/>.</summary>
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    /// <summary>For tests on a manual clock: the loop sleeps with its timer set, no check is running, and nothing has woken it.</summary>
    internal bool IsQuiet
    {
        get
        {
            lock (gate)
                return (sleeping && running == 0 && !wake.Task.IsCompleted && !sleepingOn.IsCompleted) || (stop?.IsCompleted ?? false);
        }
    }

    /// <summary>For tests on a manual clock: the loop's state, printed when it does not settle.</summary>
    internal string DebugState
    {
        get
        {
            lock (gate)
                return $"sleeping={sleeping} running={running} wake={wake.Task.IsCompleted} on={sleepingOn.Status} loop={loop.Status} target={wakeTarget:O} now={clock.GetUtcNow():O} pending={pending.Count}";
        }
    }

    /// <summary>For tests on a manual clock: when the sleeping loop's timer fires; <see cref="DateTimeOffset.MaxValue"/> when nothing is due.</summary>
    internal DateTimeOffset NextWake
    {
        get
        {
            lock (gate)
                return sleepingUntil;
        }
    }

    /// <summary>The options only, never the token.</summary>
    public override string ToString() => $"PaymentWatcher(Interval = {options.Interval}, MaxConcurrency = {options.MaxConcurrency})";

    private async Task StopCore()
    {
        // Leave the caller's lock before cancelling, so callbacks cannot re-enter it.
        await Task.Yield();
        try
        {
            await stopping.CancelAsync().ConfigureAwait(false);
            await loop.ConfigureAwait(false);
            lock (gate)
            {
                if (running == 0)
                    drained.TrySetResult();
            }
            await drained.Task.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Stopping never throws, whatever went wrong inside.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
        lock (gate)
        {
            var now = clock.GetUtcNow();
            foreach (var entry in pending.Values.ToList())
                Settle(entry, new PaymentOutcome.Error(new BakongError.Cancelled()), now);
            foreach (var s in subscribers)
                s.Writer.TryComplete();
            subscribers.Clear();
        }
        Telemetry.StopCounting(this);
        await external.DisposeAsync().ConfigureAwait(false);
    }

    private static Task<PaymentOutcome> Ended(BakongError error) => Task.FromResult<PaymentOutcome>(new PaymentOutcome.Error(error));

    private async IAsyncEnumerable<PaymentEvent> Read(Channel<PaymentEvent> channel, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }
                if (!more)
                    yield break;
                while (channel.Reader.TryRead(out var e))
                    yield return e;
            }
        }
        finally
        {
            lock (gate)
                subscribers.Remove(channel);
        }
    }

    // ---------------------------------------------------------------- state (all under the gate)

    /// <summary>One pending payment; it is its own completion source, to keep a pending payment small.</summary>
    private sealed class Entry(string md5, DateTimeOffset deadline, Option<ExpectedPayment> expected)
        : TaskCompletionSource<PaymentOutcome>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public readonly string Md5 = md5;
        public readonly DateTimeOffset Deadline = deadline;
        public readonly Option<ExpectedPayment> Expected = expected;
        public Group? Group;
        public int Slot;
        public bool Settled;
        public bool InDeadlineQueue;
        // What its answers said, for its outcome at the deadline (see SettleRules).
        public bool Ambiguous;
        public int Untrusted;
        public int UntrustedInARow;
        public Option<BakongError> LastError;
    }

    /// <summary>Up to 50 payments checked by one md5_list request, at its own moment in each interval.</summary>
    private sealed class Group
    {
        public readonly Entry[] Members = new Entry[BatchSize];
        public int Count;
        public DateTimeOffset NextCheck;
        public bool InFlight;
        public bool Removed;
        public int OpenSlot = -1;
        // Untrusted answers in a row, for the backoff before asking again.
        public int Untrusted;
    }

    /// <summary>Puts a new payment in a group with room, or in a new group whose moment is spread over the interval.</summary>
    private void Join(Entry entry, DateTimeOffset now)
    {
        Group group;
        if (open.Count > 0)
        {
            group = open[^1];
        }
        else
        {
            group = new Group();
            // Golden-ratio steps spread however many new groups evenly over the interval, so requests do not bunch.
            var fraction = (++groupsCreated * GoldenRatio) % 1.0;
            var offset = TimeSpan.FromTicks(Math.Max(1, (long)(options.Interval.Ticks * fraction)));
            Reschedule(group, now + offset);
        }
        Add(group, entry);
    }

    private void Add(Group group, Entry entry)
    {
        entry.Group = group;
        entry.Slot = group.Count;
        group.Members[group.Count++] = entry;
        UpdateOpen(group);
    }

    /// <summary>Takes a payment out of its group; an empty group that is not being checked goes at once.</summary>
    private void Detach(Entry entry)
    {
        if (entry.Group is not { } group)
            return;
        var last = group.Members[--group.Count];
        group.Members[entry.Slot] = last;
        last.Slot = entry.Slot;
        group.Members[group.Count] = null!;
        entry.Group = null;
        if (group.Count == 0 && !group.InFlight)
            RemoveGroup(group);
        else
            UpdateOpen(group);
    }

    private void RemoveGroup(Group group)
    {
        group.Removed = true;
        UpdateOpen(group);
    }

    /// <summary>Keeps <see cref="open"/> holding exactly the live groups with room.</summary>
    private void UpdateOpen(Group group)
    {
        var shouldBeOpen = !group.Removed && group.Count < BatchSize;
        if (shouldBeOpen == group.OpenSlot >= 0)
            return;
        if (shouldBeOpen)
        {
            group.OpenSlot = open.Count;
            open.Add(group);
            return;
        }
        var last = open[^1];
        open[group.OpenSlot] = last;
        last.OpenSlot = group.OpenSlot;
        open.RemoveAt(open.Count - 1);
        group.OpenSlot = -1;
    }

    private void Reschedule(Group group, DateTimeOffset at)
    {
        at = WholeMilliseconds(at);
        group.NextCheck = at;
        schedule.Enqueue(group, at);
        WakeBy(at);
    }

    /// <summary>Ends a payment: it leaves every structure, its task completes, and every reader gets its event.</summary>
    private void Settle(Entry entry, PaymentOutcome outcome, DateTimeOffset now)
    {
        if (entry.Settled)
            return;
        entry.Settled = true;
        pending.Remove(entry.Md5);
        Detach(entry);
        if (entry.InDeadlineQueue)
        {
            staleDeadlines++;
            // Settled payments linger in the deadline queue until their deadline; rebuild before they outnumber the live ones.
            if (staleDeadlines > 1024 && staleDeadlines > pending.Count)
                RebuildDeadlines();
        }
        settledCount++;
        Reported(entry, outcome, now);
        entry.TrySetResult(outcome);
        var e = new PaymentEvent(entry.Md5, outcome, now);
        foreach (var s in subscribers)
            s.Writer.TryWrite(e);
    }

    private void RebuildDeadlines()
    {
        deadlines.Clear();
        foreach (var entry in pending.Values)
            if (entry.InDeadlineQueue)
                deadlines.Enqueue(entry, WholeMilliseconds(entry.Deadline));
        staleDeadlines = 0;
    }

    /// <summary>The time rounded up to a whole millisecond, the step timers keep; the last check is never before the deadline.</summary>
    private static DateTimeOffset WholeMilliseconds(DateTimeOffset at)
    {
        var extra = at.UtcTicks % TimeSpan.TicksPerMillisecond;
        return extra == 0 || at.UtcTicks > DateTimeOffset.MaxValue.UtcTicks - TimeSpan.TicksPerMillisecond ? at : at.AddTicks(TimeSpan.TicksPerMillisecond - extra);
    }

    /// <summary>Wakes the loop if it sleeps past <paramref name="at"/>.</summary>
    private void WakeBy(DateTimeOffset at)
    {
        if (at >= wakeTarget)
            return;
        wakeTarget = at;
        wake.TrySetResult();
    }
}
