using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using Bakong.Functional.Testing;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Bakong.Functional.Redis.Tests;

/// <summary>
/// Three independent instances (each its own Redis connection, HTTP client, Bakong client and watcher) sharing one
/// poller through a real redis-server, against one emulator over loopback Kestrel.
/// </summary>
public sealed class SharedWatcherTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Three_instances_with_1000_pending_payments_each_poll_at_the_rate_of_one_and_each_gets_its_own_outcomes()
    {
        var interval = TimeSpan.FromSeconds(1);
        await using var fleet = await WatcherFleet.StartAsync(interval);
        var instances = await fleet.Instances(3);
        var md5s = instances.Select(_ => Enumerable.Range(0, 1000).Select(_ => NewMd5()).ToArray()).ToArray();
        var deadline = DateTimeOffset.UtcNow.AddMinutes(10);
        var tasks = instances.Select((w, n) => md5s[n].Select(m => w.Watcher.Watch(m, deadline)).ToArray()).ToArray();
        await fleet.UntilPendingInPoller(3000);

        // Every group of 50 has been checked at least once; now count a window of whole intervals.
        await Task.Delay(interval * 1.5);
        foreach (var i in instances)
            i.ResetCount();
        var window = Stopwatch.StartNew();
        await Task.Delay(interval * 3);
        var counts = instances.Select(i => i.ListRequests).ToArray();
        var elapsed = window.Elapsed;

        var perInterval = counts.Sum() / (elapsed / interval);
        output.WriteLine($"md5_list requests in {elapsed.TotalSeconds:0.00} s by instance: {string.Join(", ", counts)}; {perInterval:0.0} per {interval.TotalSeconds:0} s interval for 3,000 pending (one instance alone: 3,000 / 50 = 60)");
        Assert.Single(counts, c => c > 0);
        // The one that sent them is the lease holder (its count keeps growing after the snapshot, so compare who, not how many).
        Assert.True(instances[Array.FindIndex(counts, c => c > 0)].Watcher.IsPolling);
        // At most one instance's rate (60 full groups a second, 10% slack for the window's edges); a busy machine may send fewer.
        Assert.InRange(perInterval, 1, 66);

        // A tenth of the payments arrive; each outcome reaches the instance that registered it, and no other.
        var paid = md5s.Select(set => set.Take(100).ToArray()).ToArray();
        foreach (var m in paid.SelectMany(p => p))
            fleet.Emulator.AddPayment(m, 2.5m);
        for (var n = 0; n < 3; n++)
        {
            var outcomes = await Task.WhenAll(tasks[n].Take(100)).WaitAsync(TimeSpan.FromSeconds(20));
            Assert.All(outcomes, o => Assert.Equal(2.5m, Assert.IsType<PaymentOutcome.Paid>(o).Transaction.Amount));
            Assert.All(tasks[n].Skip(100), t => Assert.False(t.IsCompleted));
        }
        await fleet.AssertEachReportedOnce(paid.SelectMany(p => p));
    }

    [Fact]
    public async Task When_the_lease_holder_dies_another_polls_within_two_lease_periods_and_no_payment_is_lost_or_reported_twice()
    {
        await using var fleet = await WatcherFleet.StartAsync(TimeSpan.FromMilliseconds(200));
        var instances = await fleet.Instances(3);
        var events = instances.Select(i => i.Collect()).ToArray();
        var holder = await fleet.UntilOneHolds(instances, TimeSpan.FromSeconds(5));
        var deadline = DateTimeOffset.UtcNow.AddMinutes(10);
        var before = instances.ToDictionary(i => i, i => Enumerable.Range(0, 20).Select(_ => NewMd5()).ToList());
        var tasks = new Dictionary<string, Task<PaymentOutcome>>();
        foreach (var (i, list) in before)
            foreach (var m in list)
                tasks[m] = i.Watcher.Watch(m, deadline);
        await fleet.UntilPendingInPoller(60);

        // Some are paid while the first holder polls.
        var early = before.Values.SelectMany(l => l.Take(5)).ToList();
        foreach (var m in early)
            fleet.Emulator.AddPayment(m, 1m);
        await Task.WhenAll(early.Where(m => !before[holder].Contains(m)).Select(m => tasks[m])).WaitAsync(TimeSpan.FromSeconds(10));

        // The holder dies without a word; more payments are registered while no one polls.
        var killedAt = Stopwatch.StartNew();
        await holder.Watcher.CrashAsync();
        var survivors = instances.Where(i => i != holder).ToArray();
        var during = survivors.ToDictionary(i => i, i => Enumerable.Range(0, 20).Select(_ => NewMd5()).ToList());
        foreach (var (i, list) in during)
            foreach (var m in list)
                tasks[m] = i.Watcher.Watch(m, deadline);
        var next = await fleet.UntilOneHolds(survivors, Lease * 3);
        var handOver = killedAt.Elapsed;
        output.WriteLine($"hand-over after the holder died: {handOver.TotalMilliseconds:0} ms (lease {Lease.TotalMilliseconds:0} ms)");
        Assert.True(handOver <= Lease * 2, $"hand-over took {handOver.TotalMilliseconds:0} ms");

        // Everything still pending is paid now and reaches its instance, the dead one's included once it is back.
        var all = before.Values.SelectMany(l => l).Concat(during.Values.SelectMany(l => l)).ToList();
        foreach (var m in all.Except(early))
            fleet.Emulator.AddPayment(m, 1m);
        var survivorsOwn = survivors.SelectMany(i => before[i].Concat(during[i])).ToList();
        var outcomes = await Task.WhenAll(survivorsOwn.Select(m => tasks[m])).WaitAsync(TimeSpan.FromSeconds(15));
        Assert.All(outcomes, o => Assert.IsType<PaymentOutcome.Paid>(o));

        var restarted = await fleet.Restart(holder);
        var kept = restarted.Collect();
        var deadOnes = before[holder];
        await fleet.Until(() => events[Array.IndexOf(instances, holder)].Keys.Concat(kept.Keys).Distinct().Count() == deadOnes.Count, TimeSpan.FromSeconds(15));
        await Task.Delay(fleet.Interval * 3);

        foreach (var (i, n) in instances.Select((i, n) => (i, n)))
        {
            var own = before[i].Concat(during.GetValueOrDefault(i) ?? []).ToHashSet();
            var got = events[n].Concat(i == holder ? kept : []).ToList();
            Assert.All(got, e => Assert.Contains(e.Key, own));
            Assert.All(got, e => Assert.Single(e.Value));
            Assert.All(got, e => Assert.IsType<PaymentOutcome.Paid>(e.Value.Single()));
            Assert.Equal(own.Count, got.Count);
        }
        await fleet.AssertEachReportedOnce(all);
        Assert.True(next.Watcher.LeasesTaken == 1);
    }

    [Fact]
    public async Task Stopping_the_holder_releases_the_lease_at_once()
    {
        await using var fleet = await WatcherFleet.StartAsync(TimeSpan.FromMilliseconds(200));
        var instances = await fleet.Instances(2);
        var holder = await fleet.UntilOneHolds(instances, TimeSpan.FromSeconds(5));
        var other = instances.Single(i => i != holder);

        var stopped = Stopwatch.StartNew();
        await holder.Watcher.StopAsync();
        await fleet.UntilOneHolds([other], Lease * 3);

        output.WriteLine($"hand-over after a clean stop: {stopped.ElapsedMilliseconds} ms");
        Assert.True(stopped.Elapsed < Lease, $"took {stopped.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task A_hand_over_is_counted_lost_by_the_old_holder_and_taken_by_the_new_and_the_lease_gauge_names_the_holder()
    {
        using var handovers = new MetricCollector<long>(null, BakongTelemetry.MeterName, BakongTelemetry.LeaseHandovers);
        using var held = new MetricCollector<int>(null, BakongTelemetry.MeterName, BakongTelemetry.LeaseHeld);
        await using var fleet = await WatcherFleet.StartAsync(TimeSpan.FromMilliseconds(200));
        var instances = await fleet.Instances(2, "handover-");
        var holder = await fleet.UntilOneHolds(instances, TimeSpan.FromSeconds(5));
        var other = instances.Single(i => i != holder);
        int Held(Instance i)
        {
            held.RecordObservableInstruments();
            return held.GetMeasurementSnapshot().Last(m => (string?)m.Tags["bakong.fleet.instance"] == i.Watcher.InstanceId).Value;
        }
        Assert.Equal(1, Held(holder));
        Assert.Equal(0, Held(other));

        // Another instance's name in the lease, as after a pause longer than the lease: the holder finds it lost.
        await fleet.Admin.GetDatabase().StringSetAsync("bakong:watch:lease", "handover-elsewhere", Lease);
        await fleet.Until(() => !holder.Watcher.IsPolling, Lease * 3);
        await fleet.UntilOneHolds(instances, Lease * 3);

        var changes = handovers.GetMeasurementSnapshot()
            .Where(m => ((string?)m.Tags["bakong.fleet.instance"])!.StartsWith("handover-", StringComparison.Ordinal))
            .Select(m => $"{m.Tags["bakong.fleet.instance"]} {m.Tags["bakong.lease.change"]}")
            .ToList();
        Assert.Equal($"{holder.Watcher.InstanceId} taken", changes[0]);
        Assert.Equal($"{holder.Watcher.InstanceId} lost", changes[1]);
        Assert.Equal(3, changes.Count);
        Assert.EndsWith(" taken", changes[2], StringComparison.Ordinal);
        var now = instances.Single(i => i.Watcher.IsPolling);
        Assert.Equal(1, Held(now));
        Assert.Equal(0, Held(instances.Single(i => i != now)));
    }

    [Fact]
    public async Task With_redis_down_an_instance_watches_its_payment_itself_and_says_so()
    {
        await using var fleet = await WatcherFleet.StartAsync(TimeSpan.FromMilliseconds(200));
        var instance = (await fleet.Instances(1))[0];
        var md5 = NewMd5();
        fleet.Emulator.AddPayment(md5, 3m);
        fleet.Redis.Kill();
        await fleet.Until(() => !instance.Connection.IsConnected, TimeSpan.FromSeconds(5));

        var outcome = await instance.Watcher.Watch(md5, DateTimeOffset.UtcNow.AddMinutes(1)).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(3m, Assert.IsType<PaymentOutcome.Paid>(outcome).Transaction.Amount);
        Assert.Contains(instance.Log.Lines, l => l.Level == LogLevel.Warning && l.Id.Id == 13);
    }

    [Fact]
    public async Task An_md5_registered_by_another_instance_is_refused_naming_md5()
    {
        await using var fleet = await WatcherFleet.StartAsync(TimeSpan.FromMilliseconds(200));
        var instances = await fleet.Instances(2);
        var md5 = NewMd5();
        _ = instances[0].Watcher.Watch(md5, DateTimeOffset.UtcNow.AddMinutes(1));
        await fleet.Until(() => fleet.Admin.GetDatabase().HashExists("bakong:watch:pending", md5), TimeSpan.FromSeconds(5));

        var outcome = await instances[1].Watcher.Watch(md5, DateTimeOffset.UtcNow.AddMinutes(1)).WaitAsync(TimeSpan.FromSeconds(5));

        var error = Assert.IsType<PaymentOutcome.Error>(outcome);
        Assert.Equal(["md5"], Assert.IsType<BakongError.InvalidInput>(error.Reason).Errors.Map(e => e.Field).ToArray());
    }

    [Theory]
    [InlineData(null, "is required")]
    [InlineData("d60f3db96913029a2af979a1662c1e7", "must be 32 hexadecimal characters")]
    [InlineData("z60f3db96913029a2af979a1662c1e72", "must be 32 hexadecimal characters")]
    public async Task An_md5_is_refused_as_the_endpoint_refuses_it(string? md5, string reason)
    {
        await using var fleet = await WatcherFleet.StartAsync(TimeSpan.FromMilliseconds(200));
        var instance = (await fleet.Instances(1))[0];
        var endpoint = Assert.IsType<BakongError.InvalidInput>(CheckTransactionByMd5.Create(md5).Match(_ => null!, e => e)).Errors.Single();

        var outcome = await instance.Watcher.Watch(md5, DateTimeOffset.UtcNow.AddMinutes(1));

        var refused = Assert.IsType<BakongError.InvalidInput>(Assert.IsType<PaymentOutcome.Error>(outcome).Reason).Errors.Single();
        Assert.Equal(endpoint, refused);
        Assert.Equal(new FieldError("md5", reason), refused);
    }

    [Fact]
    public async Task Bad_arguments_end_every_payment_with_invalid_input_naming_each()
    {
        var watcher = new RedisPaymentWatcher(null, null, new RedisWatcherOptions { LeaseTime = TimeSpan.Zero, InstanceId = "has space" });

        var outcome = await watcher.Watch(NewMd5(), DateTimeOffset.UtcNow);

        var error = Assert.IsType<BakongError.InvalidInput>(Assert.IsType<PaymentOutcome.Error>(outcome).Reason);
        Assert.Equal(["redis", "client", "options.InstanceId", "options.LeaseTime"], error.Errors.Map(e => e.Field).ToArray());
        await watcher.DisposeAsync();
    }

    private static string NewMd5() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    /// <summary>One emulator, one redis-server, an admin connection, and watcher instances built on demand.</summary>
    [Fact]
    public async Task When_redis_loses_everything_mid_run_every_payment_still_ends_exactly_once_at_the_instance_that_registered_it()
    {
        await using var fleet = await WatcherFleet.StartAsync(TimeSpan.FromMilliseconds(200));
        var instances = await fleet.Instances(2);
        var events = instances.Select(i => i.Collect()).ToArray();
        var deadline = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddSeconds(25).ToUnixTimeMilliseconds());
        var md5s = instances.Select(_ => Enumerable.Range(0, 150).Select(_ => NewMd5()).ToArray()).ToArray();
        var tasks = md5s.Select((set, n) => set.Select(m => instances[n].Watcher.Watch(m, deadline)).ToArray()).ToArray();
        // Two thirds are paid, one every 25 ms over the first ten seconds, while Redis is lost three ways.
        var paid = md5s.SelectMany(set => set.Take(100)).OrderBy(_ => RandomNumberGenerator.GetInt32(1000)).ToArray();
        var paying = Task.Run(async () =>
        {
            foreach (var m in paid)
            {
                fleet.Emulator.AddPayment(m, 2.5m);
                await Task.Delay(25);
            }
        });
        await fleet.UntilPendingInPoller(300);

        await Task.Delay(1500);
        fleet.Redis.Kill();
        await Task.Delay(1500);
        await fleet.Redis.RestartAsync();
        output.WriteLine("redis-server killed and started empty");
        await Task.Delay(2500);
        var admin = await ConnectionMultiplexer.ConnectAsync(fleet.Redis.ConnectionString + ",allowAdmin=true");
        await admin.GetServers()[0].FlushAllDatabasesAsync();
        output.WriteLine("FLUSHALL");
        await Task.Delay(2500);
        await admin.GetDatabase().KeyDeleteAsync("bakong:watch:pending");
        output.WriteLine("pending key deleted");
        await paying;

        for (var n = 0; n < 2; n++)
        {
            var outcomes = await Task.WhenAll(tasks[n]).WaitAsync(TimeSpan.FromSeconds(40));
            for (var i = 0; i < 150; i++)
            {
                if (i < 100)
                    Assert.Equal(2.5m, Assert.IsType<PaymentOutcome.Paid>(outcomes[i]).Transaction.Amount);
                else
                    Assert.Equal(deadline, Assert.IsType<PaymentOutcome.Expired>(outcomes[i]).Deadline);
            }
        }
        await Task.Delay(1000);
        for (var n = 0; n < 2; n++)
        {
            // Each of its own payments once; nothing of the other's.
            Assert.Equal(150, events[n].Count);
            Assert.All(md5s[n], m => Assert.Single(events[n][m]));
            Assert.All(md5s[1 - n], m => Assert.False(events[n].ContainsKey(m)));
        }
        Assert.All(instances, i => Assert.True(i.Watcher.PutBack > 0));
        output.WriteLine($"put back: {string.Join(", ", instances.Select(i => i.Watcher.PutBack))}");
        await admin.DisposeAsync();
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("html-on-200")]
    [InlineData("duplicate-conflicting")]
    [InlineData("row-labelled-with-another-key")]
    public async Task Through_the_fleet_one_bad_answer_or_row_never_ends_the_other_payments(string bad)
    {
        await using var fleet = await WatcherFleet.StartAsync(TimeSpan.FromMilliseconds(200));
        var instances = await fleet.Instances(2);
        var events = instances.Select(i => i.Collect()).ToArray();
        var deadline = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddSeconds(6).ToUnixTimeMilliseconds());
        var md5s = instances.Select(_ => Enumerable.Range(0, 25).Select(_ => NewMd5()).ToArray()).ToArray();
        var culprit = md5s[0][0];
        var other = md5s[1][24];
        Fault fault = bad switch
        {
            "truncated" => new Fault.Rewrite(b => b[..(b.Length / 2)]),
            "html-on-200" => new Fault.Rewrite(_ => "<html>maintenance</html>"),
            "duplicate-conflicting" => new Fault.Rewrite(b => b.Replace("[{", $$"""[{"md5":"{{culprit}}","status":"FAILED","message":"x"},{""", StringComparison.Ordinal)),
            _ => new Fault.Rewrite(b => b.Replace($"\"md5\":\"{culprit}\"", $"\"md5\":\"{other}\"", StringComparison.Ordinal)),
        };
        if (bad is "truncated" or "html-on-200")
            fleet.Emulator.Inject(CheckTransactionsByMd5List.Path, fault, times: 5);
        else
            fleet.Emulator.InjectAlways(CheckTransactionsByMd5List.Path, fault);
        // The first ten of each instance are paid at once, the culprit among them.
        foreach (var m in md5s.SelectMany(set => set.Take(10)))
            fleet.Emulator.AddPayment(m, 2.5m);
        var tasks = md5s.Select((set, n) => set.Select(m => instances[n].Watcher.Watch(m, deadline)).ToArray()).ToArray();

        for (var n = 0; n < 2; n++)
        {
            var outcomes = await Task.WhenAll(tasks[n]).WaitAsync(TimeSpan.FromSeconds(40));
            for (var i = 0; i < 25; i++)
            {
                if (i < 10)
                    Assert.Equal(2.5m, Assert.IsType<PaymentOutcome.Paid>(outcomes[i]).Transaction.Amount);
                else
                    Assert.Equal(deadline, Assert.IsType<PaymentOutcome.Expired>(outcomes[i]).Deadline);
            }
        }
        await Task.Delay(500);
        for (var n = 0; n < 2; n++)
            Assert.All(md5s[n], m => Assert.Single(events[n][m]));
    }

    [Fact]
    public async Task With_redis_gone_for_good_an_instance_ends_its_own_payment_itself_after_the_deadline_as_unconfirmed()
    {
        await using var fleet = await WatcherFleet.StartAsync(TimeSpan.FromMilliseconds(200));
        var instance = (await fleet.Instances(1))[0];
        var events = instance.Collect();
        await fleet.UntilOneHolds([instance], TimeSpan.FromSeconds(5));
        var deadline = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddSeconds(2).ToUnixTimeMilliseconds());
        var md5 = NewMd5();
        var task = instance.Watcher.Watch(md5, deadline);
        await fleet.UntilPendingInPoller(1);
        fleet.Redis.Kill();

        var outcome = Assert.IsType<PaymentOutcome.Unconfirmed>(await task.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal((UnconfirmedReason.NotHeard, deadline), (outcome.Why, outcome.Deadline));
        Assert.True(DateTimeOffset.UtcNow > deadline);
        await Task.Delay(500);
        Assert.Single(events[md5]);
        Assert.Contains(instance.Log.Lines, l => l.Id.Id == 17 && l.Text.Contains(md5, StringComparison.Ordinal));
    }

    private sealed class WatcherFleet : IAsyncDisposable
    {
        private readonly List<Instance> instances = [];
        private readonly AccessToken token;

        private WatcherFleet(BakongEmulator emulator, EmulatorServer server, RedisServer redis, IConnectionMultiplexer admin, TimeSpan interval)
        {
            Emulator = emulator;
            Server = server;
            Redis = redis;
            Admin = admin;
            Interval = interval;
            token = emulator.IssueToken();
        }

        public BakongEmulator Emulator { get; }

        public EmulatorServer Server { get; }

        public RedisServer Redis { get; }

        public IConnectionMultiplexer Admin { get; }

        public TimeSpan Interval { get; }

        public static async Task<WatcherFleet> StartAsync(TimeSpan interval)
        {
            var emulator = new BakongEmulator();
            var server = await emulator.StartServerAsync();
            var redis = await RedisServer.StartAsync();
            return new WatcherFleet(emulator, server, redis, await redis.ConnectAsync(), interval);
        }

        public async Task<Instance[]> Instances(int count, string prefix = "instance-")
        {
            var made = new Instance[count];
            for (var n = 0; n < count; n++)
                made[n] = await Start($"{prefix}{instances.Count + n}");
            instances.AddRange(made);
            return made;
        }

        public async Task<Instance> Restart(Instance dead)
        {
            await dead.DisposeAsync();
            var back = await Start(dead.Watcher.InstanceId);
            instances.Add(back);
            return back;
        }

        private async Task<Instance> Start(string id)
        {
            var counter = new Counter(new SocketsHttpHandler());
            var http = new HttpClient(counter);
            var connection = await Redis.ConnectAsync();
            var client = new BakongClient(http, new BakongClientOptions { BaseUrl = Server.BaseUrl, Token = token });
            var log = new ListLogger();
            var options = new RedisWatcherOptions
            {
                InstanceId = id,
                LeaseTime = Lease,
                SyncInterval = TimeSpan.FromMilliseconds(200),
                EventPollInterval = TimeSpan.FromMilliseconds(50),
                Watcher = new PaymentWatcherOptions { Interval = Interval },
            };
            return new Instance(http, counter, connection, new RedisPaymentWatcher(connection, client, options, log), log);
        }

        public async Task<Instance> UntilOneHolds(IReadOnlyList<Instance> among, TimeSpan within)
        {
            await Until(() => among.Any(i => i.Watcher.IsPolling), within);
            return among.Single(i => i.Watcher.IsPolling);
        }

        /// <summary>Waits until the pending set holds <paramref name="count"/> payments and the holder has had a sync since.</summary>
        public async Task UntilPendingInPoller(long count)
        {
            await Until(() => Admin.GetDatabase().HashLength("bakong:watch:pending") >= count, TimeSpan.FromSeconds(10));
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        public async Task Until(Func<bool> condition, TimeSpan within)
        {
            var until = Stopwatch.StartNew();
            while (!condition())
            {
                Assert.True(until.Elapsed < within, $"not so within {within.TotalSeconds} s");
                await Task.Delay(10);
            }
        }

        /// <summary>Each payment was written to a stream exactly once and left the pending set.</summary>
        public async Task AssertEachReportedOnce(IEnumerable<string> settled)
        {
            var list = settled.ToList();
            var db = Admin.GetDatabase();
            Assert.Equal(list.Count, instances.Sum(i => i.Watcher.Reported));
            foreach (var m in list)
                Assert.False(await db.HashExistsAsync("bakong:watch:pending", m));
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var i in instances)
                await i.DisposeAsync();
            await Admin.DisposeAsync();
            await Redis.DisposeAsync();
            await Server.DisposeAsync();
        }
    }

    private sealed class Instance(HttpClient http, Counter counter, IConnectionMultiplexer connection, RedisPaymentWatcher watcher, ListLogger log) : IAsyncDisposable
    {
        public RedisPaymentWatcher Watcher { get; } = watcher;

        public IConnectionMultiplexer Connection { get; } = connection;

        public ListLogger Log { get; } = log;

        public long ListRequests => counter.Lists;

        public void ResetCount() => counter.Reset();

        /// <summary>Every event this instance receives, by md5, from now on.</summary>
        public ConcurrentDictionary<string, ConcurrentQueue<PaymentOutcome>> Collect()
        {
            var got = new ConcurrentDictionary<string, ConcurrentQueue<PaymentOutcome>>();
            var events = Watcher.Events();
            _ = Task.Run(async () =>
            {
                await foreach (var e in events)
                    got.GetOrAdd(e.Md5, _ => new ConcurrentQueue<PaymentOutcome>()).Enqueue(e.Outcome);
            });
            return got;
        }

        public async ValueTask DisposeAsync()
        {
            await Watcher.DisposeAsync();
            await Connection.DisposeAsync();
            http.Dispose();
        }
    }

    /// <summary>Counts the md5_list requests one instance sends.</summary>
    private sealed class Counter(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private long lists;

        public long Lists => Interlocked.Read(ref lists);

        public void Reset() => Interlocked.Exchange(ref lists, 0);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri?.AbsolutePath == CheckTransactionsByMd5List.Path)
                Interlocked.Increment(ref lists);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
