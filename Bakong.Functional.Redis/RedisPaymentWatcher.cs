using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Bakong.Functional.Model;
using Bakong.Functional.Requests;
using LanguageExt;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using static LanguageExt.Prelude;

namespace Bakong.Functional.Redis;

/// <summary>
/// One poller for every instance of a service. Each instance registers its payments in Redis with their deadlines;
/// the instance holding the poller lease (a key with an expiry, renewed every third of <see cref="RedisWatcherOptions.LeaseTime"/>)
/// alone polls Bakong, through a library <see cref="PaymentWatcher"/> fed with every pending payment. Each outcome is
/// appended to a Redis stream of the instance that registered the payment, and kept there until that instance reads it.
/// <list type="bullet">
/// <item>An outcome is reported once: it is written in one script that removes the payment from the pending set, so a
/// payment already reported (by this holder or a previous one) is never reported again.</item>
/// <item>If the holder dies, its lease expires and another instance takes it within two lease periods; the pending set
/// lives in Redis, so nothing registered before or during the hand-over is lost.</item>
/// <item>If Redis is unreachable when a payment is registered, this instance watches it itself and logs that.</item>
/// <item>Each instance keeps its own pending payments: it puts them back when Redis has lost them, and ends each one with
/// no outcome by its deadline (plus a grace) itself, as <see cref="PaymentOutcome.Unconfirmed"/>. A payment is never left hanging.</item>
/// </list>
/// Nothing here throws: the task of <see cref="Watch"/> never faults.
/// </summary>
/// <example>
/// <code>
/// await using var watcher = new RedisPaymentWatcher(redis, tokens.Client, new RedisWatcherOptions { InstanceId = podName });
/// PaymentOutcome outcome = await watcher.Watch(md5, qrExpiresAt, new ExpectedPayment("shop@bank", Currency.USD, 1.50m));
/// </code>
/// </example>
public sealed partial class RedisPaymentWatcher : IAsyncDisposable
{
    /// <summary>
    /// Reports an outcome only if the registration is still pending unchanged, and removes it in the same step: no
    /// payment is reported twice, whoever polled it. KEYS: pending hash, owner's stream. ARGV: md5, registration,
    /// outcome, stream expiry in ms, settled-at in ms. KEYS[3], the owner's set of reported md5s, keeps the owner from
    /// putting back a payment whose outcome waits in its stream.
    /// </summary>
    private const string ReportOnce = """
        if redis.call('hget', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
        redis.call('hdel', KEYS[1], ARGV[1])
        redis.call('xadd', KEYS[2], '*', 'md5', ARGV[1], 'outcome', ARGV[3], 'at', ARGV[5])
        redis.call('pexpire', KEYS[2], ARGV[4])
        redis.call('sadd', KEYS[3], ARGV[1])
        redis.call('pexpire', KEYS[3], ARGV[4])
        return 1
        """;

    /// <summary>
    /// Puts back the pending payments Redis lost, leaving alone any still there and any already reported.
    /// KEYS: pending hash, this instance's reported set. ARGV: md5, registration, md5, registration, …
    /// </summary>
    private const string PutBackScript = """
        local n = 0
        for i = 1, #ARGV, 2 do
            if redis.call('sismember', KEYS[2], ARGV[i]) == 0 then n = n + redis.call('hsetnx', KEYS[1], ARGV[i], ARGV[i + 1]) end
        end
        return n
        """;

    /// <summary>Removes a payment from the pending hash only if it is still this registration. KEYS: pending hash. ARGV: md5, registration.</summary>
    private const string RemoveIfSame =
        "if redis.call('hget', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('hdel', KEYS[1], ARGV[1]) else return 0 end";

    private const string RenewIfOwner =
        "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";

    private readonly IConnectionMultiplexer? redis;
    private readonly BakongClient? client;
    private readonly RedisWatcherOptions options;
    private readonly TimeProvider clock;
    private readonly ILogger logger;
    private readonly Option<BakongError> invalid;
    private readonly RedisKey pendingKey;
    private readonly RedisKey leaseKey;
    private readonly RedisKey myStream;
    private readonly string streamPrefix;
    // This instance's own pending payments, kept here too so Redis losing them never leaves one hanging.
    private readonly ConcurrentDictionary<string, Own> mine = new(StringComparer.Ordinal);
    // Payments ended here, and when: a second outcome for one (after a put-back) is dropped, never reported twice.
    private readonly ConcurrentDictionary<string, DateTimeOffset> ended = new(StringComparer.Ordinal);
    private readonly RedisKey markerKey;
    private readonly RedisKey myReported;
    private readonly string reportedPrefix;
    private DateTimeOffset nextKeep;
    private DateTimeOffset nextPrune;
    private int keeps;
    private long putBack;
    private readonly List<Channel<PaymentEvent>> subscribers = [];
    private readonly object gate = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly Task leaseLoop;
    private readonly Task eventLoop;
    // The lease holder's state; touched only by the lease loop.
    private readonly Dictionary<string, string> watching = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Report> unreported = new();
    private PaymentWatcher? poller;
    private DateTimeOffset nextSync;
    private bool redisDownLogged;
    // The fallback when Redis is unreachable at registration.
    private PaymentWatcher? local;
    private bool rereadEvents;
    private long reported;
    private long handOvers;
    private Task? stop;

    /// <summary>A watcher for one instance; it starts its loops at once. Bad arguments never throw: every payment then ends at once with <see cref="BakongError.InvalidInput"/>.</summary>
    /// <param name="redis">The connection; configure it with <see cref="RedisFleet.Configure(string)"/>.</param>
    /// <param name="client">The client to poll with when this instance holds the lease; it needs a token (for example <see cref="RedisAccessTokenSource.Client"/>).</param>
    /// <param name="options">Instance name, lease and intervals; null means the defaults.</param>
    /// <param name="logger">Where lease changes and the fallback are reported; null logs nothing.</param>
    public RedisPaymentWatcher(IConnectionMultiplexer? redis, BakongClient? client, RedisWatcherOptions? options = null, ILogger? logger = null)
    {
        this.redis = redis;
        this.client = client;
        this.options = options ?? RedisWatcherOptions.Default;
        this.logger = logger ?? NullLogger.Instance;
        clock = TimeProvider.System;
        var v = new Validator();
        v.Required(nameof(redis), redis);
        v.Required(nameof(client), client);
        v.Part(nameof(options), this.options.Validate());
        invalid = v.Problem;
        var prefix = invalid.IsNone ? this.options.KeyPrefix : RedisKeys.DefaultPrefix;
        pendingKey = new RedisKey($"{prefix}watch:pending");
        leaseKey = new RedisKey($"{prefix}watch:lease");
        streamPrefix = $"{prefix}watch:events:";
        myStream = new RedisKey(streamPrefix + this.options.InstanceId);
        markerKey = new RedisKey($"{prefix}watch:present:{this.options.InstanceId}");
        reportedPrefix = $"{prefix}watch:reported:";
        myReported = new RedisKey(reportedPrefix + this.options.InstanceId);
        if (invalid.IsSome)
        {
            stop = leaseLoop = eventLoop = Task.CompletedTask;
            return;
        }
        leaseLoop = Task.Run(LeaseLoop, CancellationToken.None);
        eventLoop = Task.Run(EventLoop, CancellationToken.None);
        FleetTelemetry.Started(this);
    }

    /// <summary>This instance's name in Redis.</summary>
    public string InstanceId => options.InstanceId;

    /// <summary>Whether this instance holds the poller lease now, and so alone polls Bakong.</summary>
    public bool IsPolling => Volatile.Read(ref poller) is not null;

    /// <summary>The options in force.</summary>
    public RedisWatcherOptions Options => options;

    /// <summary>Outcomes this instance wrote to Redis as lease holder.</summary>
    public long Reported => Interlocked.Read(ref reported);

    /// <summary>How many times this instance took the lease.</summary>
    public long LeasesTaken => Interlocked.Read(ref handOvers);

    /// <summary>Pending payments of this instance that Redis had lost (a restart without persistence, a failover, eviction, <c>FLUSHALL</c>) and this instance put back.</summary>
    public long PutBack => Interlocked.Read(ref putBack);

    /// <summary>
    /// Registers a payment for the fleet and returns its outcome, which reaches this instance whichever instance polls.
    /// Watching an md5 this instance already watches returns the same task.
    /// </summary>
    /// <param name="md5">The lowercase hex MD5 of the whole KHQR string (upper case is lowered).</param>
    /// <param name="deadline">When to give up: usually the QR's expiry.</param>
    /// <param name="expected">What the QR asked for; a transaction that differs ends as <see cref="PaymentOutcome.Mismatch"/>.</param>
    /// <returns>The outcome; it never faults. An md5 another instance registered ends at once with <see cref="BakongError.InvalidInput"/>.</returns>
    public Task<PaymentOutcome> Watch(string? md5, DateTimeOffset deadline, Option<ExpectedPayment> expected = default)
    {
        if (invalid.TrySome(out var settings))
            return Ended(settings);
        // The core's md5 rule, so the fleet refuses exactly what a single watcher refuses.
        var check = new Validator();
        if (!check.Md5("md5", md5))
            return Ended(check.Failure);
        if (stopping.IsCancellationRequested)
            return Ended(new BakongError.Cancelled());
        var key = md5!.ToLowerInvariant();
        var fresh = new Own(new TaskCompletionSource<PaymentOutcome>(TaskCreationOptions.RunContinuationsAsynchronously),
            OutcomeJson.Write(new OutcomeJson.Registration(InstanceId, deadline, expected)), deadline);
        var entry = mine.GetOrAdd(key, fresh);
        if (entry != fresh)
            return entry.Outcome.Task;
        _ = Register(key, deadline, expected, fresh);
        return fresh.Outcome.Task;
    }

    /// <summary>
    /// The outcome of every payment this instance registered, as it arrives, including those kept in Redis for this
    /// <see cref="RedisWatcherOptions.InstanceId"/> while no one was reading. Enumerate it once; it ends when the
    /// watcher stops or <paramref name="cancellationToken"/> fires, and never throws.
    /// </summary>
    public IAsyncEnumerable<PaymentEvent> Events(CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateUnbounded<PaymentEvent>(new UnboundedChannelOptions { SingleReader = true });
        lock (gate)
        {
            if (stop is not null)
                channel.Writer.TryComplete();
            else
                subscribers.Add(channel);
            // Outcomes kept because no one was reading are delivered to the new reader.
            rereadEvents = true;
        }
        return Read(channel, cancellationToken);
    }

    /// <summary>
    /// Stops this instance: the lease is released so another instance takes over at once, and payments still pending
    /// stay in Redis for the fleet. Their tasks here end with <see cref="BakongError.Cancelled"/>; their outcomes stay
    /// in this instance's stream for a restart with the same <see cref="RedisWatcherOptions.InstanceId"/>.
    /// </summary>
    public Task StopAsync()
    {
        lock (gate)
            return stop ??= StopCore(release: true);
    }

    /// <summary>The same as <see cref="StopAsync"/>.</summary>
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    /// <summary>For tests: stops as a crash would, without releasing the lease or telling Redis anything.</summary>
    internal Task CrashAsync()
    {
        lock (gate)
            return stop ??= StopCore(release: false);
    }

    /// <summary>The instance name only.</summary>
    public override string ToString() => $"RedisPaymentWatcher({InstanceId})";

    // ---- registration ----------------------------------------------------------------------------------------------

    private async Task Register(string md5, DateTimeOffset deadline, Option<ExpectedPayment> expected, Own own)
    {
        var registration = own.Registration;
        var db = redis!.GetDatabase();
        var added = redis.IsConnected
            ? await RedisKeys.Try(() => db.HashSetAsync(pendingKey, md5, registration, When.NotExists), options.RedisTimeout, clock).ConfigureAwait(false)
            : new Reply<bool>(false, "not connected");
        if (added.Ok && added.Value)
            return;
        if (added.Ok)
        {
            // Already pending: ours from before a restart keeps going; another instance's is refused.
            var existing = await RedisKeys.Try(() => db.HashGetAsync(pendingKey, md5), options.RedisTimeout, clock).ConfigureAwait(false);
            var owner = existing.Ok ? OutcomeJson.ReadRegistration(existing.Value.ToString()).Map(r => r.Owner) : None;
            if (owner.Exists(o => o == InstanceId) || (existing.Ok && existing.Value.IsNull))
            {
                if (existing.Value.IsNull)
                    await Register(md5, deadline, expected, own).ConfigureAwait(false);
                return;
            }
            if (existing.Ok)
            {
                Complete(md5, new PaymentOutcome.Error(BakongError.InvalidInput.Of("md5", "is already watched by another instance")));
                return;
            }
            added = new Reply<bool>(false, existing.Failure);
        }
        LogLocalFallback(logger, InstanceId, added.Failure!);
        own.Local = true;
        var outcome = await WatchLocally(md5, deadline, expected).ConfigureAwait(false);
        Publish(md5, outcome, clock.GetUtcNow());
    }

    private Task<PaymentOutcome> WatchLocally(string md5, DateTimeOffset deadline, Option<ExpectedPayment> expected)
    {
        PaymentWatcher watcher;
        lock (gate)
            watcher = local ??= new PaymentWatcher(client, options.Watcher);
        return watcher.Watch(md5, deadline, expected);
    }

    // ---- the lease and polling -------------------------------------------------------------------------------------

    private async Task LeaseLoop()
    {
        var tick = TimeSpan.FromTicks(Math.Min(options.LeaseTime.Ticks / 3, options.Sync.Ticks));
        var db = redis!.GetDatabase();
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await LeaseStep(db).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // The loop outlives any one failure; each is logged.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogLoopFailed(logger, InstanceId, ex.GetType().Name);
            }
            try
            {
                await Task.Delay(tick, clock, stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task LeaseStep(IDatabase db)
    {
        await Keep(db).ConfigureAwait(false);
        // Outcomes found before Redis went away are written whenever it answers, lease or not.
        await Flush(db).ConfigureAwait(false);
        var ms = (long)options.LeaseTime.TotalMilliseconds;
        if (poller is null)
        {
            var taken = await RedisKeys.Try(() => db.StringSetAsync(leaseKey, InstanceId, options.LeaseTime, When.NotExists), options.RedisTimeout, clock).ConfigureAwait(false);
            if (!taken.Ok || !taken.Value)
                return;
            Interlocked.Increment(ref handOvers);
            watching.Clear();
            Volatile.Write(ref poller, new PaymentWatcher(client, options.Watcher));
            nextSync = DateTimeOffset.MinValue;
            FleetTelemetry.Taken(InstanceId);
            LogLeaseTaken(logger, InstanceId);
        }
        else
        {
            var renewed = await RedisKeys.Try(() => db.ScriptEvaluateAsync(RenewIfOwner, [leaseKey], [InstanceId, ms]), options.RedisTimeout, clock).ConfigureAwait(false);
            if (!renewed.Ok)
            {
                // Redis is down for everyone, or just for us: keep polling; reports wait, and the report script drops duplicates.
                if (!redisDownLogged)
                    LogLeaseUnconfirmed(logger, InstanceId, renewed.Failure!);
                redisDownLogged = true;
                return;
            }
            redisDownLogged = false;
            if ((long)renewed.Value == 0)
            {
                FleetTelemetry.Lost(InstanceId);
                LogLeaseLost(logger, InstanceId);
                await StopPolling().ConfigureAwait(false);
                return;
            }
        }
        await Flush(db).ConfigureAwait(false);
        if (clock.GetUtcNow() >= nextSync)
        {
            nextSync = clock.GetUtcNow() + options.Sync;
            await Sync(db).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Looks after this instance's own pending payments, whatever Redis or the lease holder do: puts them back when Redis
    /// has lost them (checked every sync through a marker key and the pending key, and in full every tenth), and ends each one whose deadline
    /// passed without an outcome from the fleet as <see cref="PaymentOutcome.Unconfirmed"/>, after a grace long enough for
    /// a new holder's last check.
    /// </summary>
    private async Task Keep(IDatabase db)
    {
        var now = clock.GetUtcNow();
        if (now < nextKeep)
            return;
        nextKeep = now + options.Sync;
        if (now >= nextPrune)
        {
            // Ended payments are remembered long enough to drop a late second outcome, then forgotten.
            nextPrune = now + TimeSpan.FromMinutes(1);
            foreach (var old in ended.Where(e => e.Value < now - options.EventRetention).Select(e => e.Key).ToList())
                ended.TryRemove(old, out _);
        }
        var grace = options.LeaseTime * 2 + options.Sync + options.EventPollInterval + options.RedisTimeout;
        var waiting = new List<KeyValuePair<string, Own>>();
        foreach (var pair in mine)
        {
            if (pair.Value.Local)
                continue;
            if (now > pair.Value.Deadline + grace)
            {
                // Nothing about it reached this instance: it may have been paid, so it is not "expired".
                if (Publish(pair.Key, new PaymentOutcome.Unconfirmed(UnconfirmedReason.NotHeard, pair.Value.Deadline, None, 0), now))
                    LogEndedHere(logger, InstanceId, pair.Key);
                await RedisKeys.Try(() => db.ScriptEvaluateAsync(RemoveIfSame, [pendingKey], [pair.Key, pair.Value.Registration]), options.RedisTimeout, clock).ConfigureAwait(false);
                continue;
            }
            waiting.Add(pair);
        }
        if (waiting.Count == 0)
            return;
        // Both keys there means nothing was lost wholesale; a partial loss (a lagging replica) is caught by the full pass.
        var present = await RedisKeys.Try(() => db.KeyExistsAsync([markerKey, pendingKey]), options.RedisTimeout, clock).ConfigureAwait(false);
        if (!present.Ok || (present.Value == 2 && ++keeps % 10 != 0))
            return;
        long restored = 0;
        foreach (var chunk in waiting.Chunk(500))
        {
            var args = new RedisValue[chunk.Length * 2];
            for (var i = 0; i < chunk.Length; i++)
            {
                args[2 * i] = chunk[i].Key;
                args[2 * i + 1] = chunk[i].Value.Registration;
            }
            var put = await RedisKeys.Try(() => db.ScriptEvaluateAsync(PutBackScript, [pendingKey, myReported], args), options.RedisTimeout, clock).ConfigureAwait(false);
            if (!put.Ok)
                return;
            restored += (long)put.Value;
        }
        await RedisKeys.Try(() => db.StringSetAsync(markerKey, "1", options.EventRetention), options.RedisTimeout, clock).ConfigureAwait(false);
        if (restored > 0)
        {
            Interlocked.Add(ref putBack, restored);
            LogPutBack(logger, InstanceId, restored);
        }
    }

    /// <summary>Feeds the poller every pending payment of every instance, and drops those no longer pending.</summary>
    private async Task Sync(IDatabase db)
    {
        var all = await RedisKeys.Try(() => db.HashGetAllAsync(pendingKey), options.RedisTimeout, clock).ConfigureAwait(false);
        var watcher = poller;
        if (!all.Ok || watcher is null)
            return;
        var seen = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal);
        foreach (var field in all.Value)
        {
            var md5 = field.Name.ToString();
            var json = field.Value.ToString();
            seen.Add(md5);
            if (watching.TryGetValue(md5, out var known) && known == json)
                continue;
            var registration = OutcomeJson.ReadRegistration(json);
            if (registration.IsNone)
            {
                LogCorrupt(logger, InstanceId, md5);
                continue;
            }
            var r = (OutcomeJson.Registration)registration;
            watching[md5] = json;
            _ = watcher.Watch(md5, r.Deadline, r.Expected).ContinueWith(
                (t, state) => ((RedisPaymentWatcher)state!).Settled(new Report(md5, json, r.Owner, t.Result, clock.GetUtcNow())),
                this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        foreach (var gone in watching.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            watching.Remove(gone);
            watcher.Remove(gone);
        }
    }

    private void Settled(Report report)
    {
        // Cancelled comes only from a removal or from this poller stopping: the payment is not settled, so nothing is reported.
        if (report.Outcome is PaymentOutcome.Error { Reason: BakongError.Cancelled })
            return;
        unreported.Enqueue(report);
        _ = Flush(redis!.GetDatabase());
    }

    /// <summary>Writes the outcomes waiting to be reported; those Redis does not take now wait for the next tick.</summary>
    private async Task Flush(IDatabase db)
    {
        var retry = new List<Report>();
        while (unreported.TryDequeue(out var report))
        {
            var stream = new RedisKey(streamPrefix + report.Owner);
            var reportedSet = new RedisKey(reportedPrefix + report.Owner);
            var done = await RedisKeys.Try(() => db.ScriptEvaluateAsync(ReportOnce, [pendingKey, stream, reportedSet],
                [report.Md5, report.Registration, OutcomeJson.Write(report.Outcome), (long)options.EventRetention.TotalMilliseconds,
                    report.At.ToUnixTimeMilliseconds()]), options.RedisTimeout, clock).ConfigureAwait(false);
            if (!done.Ok)
            {
                retry.Add(report);
                continue;
            }
            if ((long)done.Value == 1)
                Interlocked.Increment(ref reported);
        }
        foreach (var r in retry)
            unreported.Enqueue(r);
    }

    private async Task StopPolling()
    {
        var watcher = Interlocked.Exchange(ref poller, null);
        watching.Clear();
        if (watcher is not null)
            await watcher.StopAsync().ConfigureAwait(false);
    }

    // ---- outcomes for this instance --------------------------------------------------------------------------------

    private async Task EventLoop()
    {
        var db = redis!.GetDatabase();
        RedisValue last = "0-0";
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                lock (gate)
                {
                    if (rereadEvents)
                        last = "0-0";
                    rereadEvents = false;
                }
                var read = await RedisKeys.Try(() => db.StreamReadAsync(myStream, last, 500), options.RedisTimeout, clock).ConfigureAwait(false);
                if (read.Ok)
                {
                    var handled = new List<RedisValue>();
                    foreach (var entry in read.Value)
                    {
                        last = entry.Id;
                        var md5 = entry["md5"].ToString();
                        var outcome = OutcomeJson.ReadOutcome(entry["outcome"].ToString());
                        if (outcome.IsNone)
                        {
                            LogCorrupt(logger, InstanceId, md5);
                            handled.Add(entry.Id);
                            continue;
                        }
                        var at = long.TryParse(entry["at"].ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
                            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
                            : clock.GetUtcNow();
                        // Kept in the stream only while no one here took it, so a later reader still gets it.
                        if (Publish(md5, (PaymentOutcome)outcome, at))
                            handled.Add(entry.Id);
                    }
                    if (handled.Count > 0)
                    {
                        await RedisKeys.Try(() => db.StreamDeleteAsync(myStream, [.. handled]), options.RedisTimeout, clock).ConfigureAwait(false);
                        var md5s = read.Value.Where(e => handled.Contains(e.Id)).Select(e => e["md5"]).ToArray();
                        await RedisKeys.Try(() => db.SetRemoveAsync(myReported, md5s), options.RedisTimeout, clock).ConfigureAwait(false);
                    }
                    if (read.Value.Length == 500)
                        continue;
                }
            }
#pragma warning disable CA1031 // The loop outlives any one failure; each is logged.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogLoopFailed(logger, InstanceId, ex.GetType().Name);
            }
            try
            {
                await Task.Delay(options.EventPollInterval, clock, stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>Ends the payment's task here and tells every reader; whether anyone took it.</summary>
    private bool Publish(string md5, PaymentOutcome outcome, DateTimeOffset at)
    {
        // A second outcome for a payment already ended here (it was put back after being reported) is dropped.
        if (ended.ContainsKey(md5))
            return true;
        var awaited = Complete(md5, outcome);
        var evt = new PaymentEvent(md5, outcome, at);
        lock (gate)
        {
            foreach (var s in subscribers)
                s.Writer.TryWrite(evt);
            return awaited || subscribers.Count > 0;
        }
    }

    private bool Complete(string md5, PaymentOutcome outcome)
    {
        if (!mine.TryRemove(md5, out var own))
            return false;
        ended[md5] = clock.GetUtcNow();
        return own.Outcome.TrySetResult(outcome);
    }

    private async IAsyncEnumerable<PaymentEvent> Read(Channel<PaymentEvent> channel, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            PaymentEvent evt;
            try
            {
                if (!await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                    yield break;
                if (!channel.Reader.TryRead(out evt!))
                    continue;
            }
            catch (OperationCanceledException)
            {
                lock (gate)
                    subscribers.Remove(channel);
                yield break;
            }
            yield return evt;
        }
    }

    private async Task StopCore(bool release)
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(leaseLoop, eventLoop).ConfigureAwait(false);
        var wasPolling = poller is not null;
        await StopPolling().ConfigureAwait(false);
        PaymentWatcher? fallback;
        lock (gate)
            fallback = local;
        if (fallback is not null)
            await fallback.StopAsync().ConfigureAwait(false);
        if (release && wasPolling)
        {
            await Flush(redis!.GetDatabase()).ConfigureAwait(false);
            await RedisKeys.Try(() => redis.GetDatabase().ScriptEvaluateAsync(RedisKeys.ReleaseIfOwner, [leaseKey], [InstanceId]), options.RedisTimeout, clock).ConfigureAwait(false);
        }
        foreach (var md5 in mine.Keys.ToList())
            Complete(md5, new PaymentOutcome.Error(new BakongError.Cancelled()));
        FleetTelemetry.Stopped(this);
        lock (gate)
        {
            foreach (var s in subscribers)
                s.Writer.TryComplete();
            subscribers.Clear();
        }
    }

    private static Task<PaymentOutcome> Ended(BakongError error) => Task.FromResult<PaymentOutcome>(new PaymentOutcome.Error(error));

    /// <summary>A payment this instance registered: its outcome, its registration as written to Redis, and its deadline.</summary>
    private sealed class Own(TaskCompletionSource<PaymentOutcome> outcome, string registration, DateTimeOffset deadline)
    {
        public TaskCompletionSource<PaymentOutcome> Outcome { get; } = outcome;
        public string Registration { get; } = registration;
        public DateTimeOffset Deadline { get; } = deadline;
        // Watched by this instance itself (Redis was unreachable at registration): its own watcher ends it.
        public volatile bool Local;
    }

    /// <summary>An outcome the lease holder found, waiting to be written to its owner's stream.</summary>
    private sealed record Report(string Md5, string Registration, string Owner, PaymentOutcome Outcome, DateTimeOffset At);

    [LoggerMessage(10, LogLevel.Information, "Instance {InstanceId} took the poller lease and polls Bakong for the fleet")]
    private static partial void LogLeaseTaken(ILogger logger, string instanceId);

    [LoggerMessage(11, LogLevel.Warning, "Instance {InstanceId} lost the poller lease to another instance and stops polling")]
    private static partial void LogLeaseLost(ILogger logger, string instanceId);

    [LoggerMessage(12, LogLevel.Warning, "Instance {InstanceId} cannot renew the poller lease ({Reason}): it keeps polling, and outcomes wait until Redis answers")]
    private static partial void LogLeaseUnconfirmed(ILogger logger, string instanceId, string reason);

    [LoggerMessage(13, LogLevel.Warning, "Redis is unreachable ({Reason}): instance {InstanceId} watches a payment itself")]
    private static partial void LogLocalFallback(ILogger logger, string instanceId, string reason);

    [LoggerMessage(14, LogLevel.Error, "Instance {InstanceId} skipped an unreadable entry for md5 {Md5}")]
    private static partial void LogCorrupt(ILogger logger, string instanceId, string md5);

    [LoggerMessage(16, LogLevel.Warning, "Redis had lost {Count} pending payments of instance {InstanceId}: they are put back")]
    private static partial void LogPutBack(ILogger logger, string instanceId, long count);

    [LoggerMessage(17, LogLevel.Warning, "No outcome reached instance {InstanceId} for md5 {Md5} after its deadline: it ends here as unconfirmed")]
    private static partial void LogEndedHere(ILogger logger, string instanceId, string md5);

    [LoggerMessage(15, LogLevel.Error, "A loop of instance {InstanceId} failed ({Reason}) and goes on")]
    private static partial void LogLoopFailed(ILogger logger, string instanceId, string reason);
}
