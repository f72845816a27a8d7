using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Bakong.Functional.Testing;
using LanguageExt;

namespace Bakong.Functional.WatcherBench;

/// <summary>One load run's settings.</summary>
public sealed record LoadSettings(string Mode, int Pending, TimeSpan Interval, TimeSpan NetworkDelay, TimeSpan Duration, int Concurrency, int Seed);

/// <summary>
/// The same payments for server and client: every md5 from the seed, and about a tenth of them paid at random moments
/// between 10% and 80% of the run.
/// </summary>
public static class Schedule
{
    public static string Md5(int seed, int i) => Khqr.Md5(string.Create(CultureInfo.InvariantCulture, $"watcher-bench-{seed}-{i}"));

    public static Dictionary<int, TimeSpan> PaidAt(int seed, int pending, TimeSpan duration)
    {
        var random = new Random(seed);
        var paid = new Dictionary<int, TimeSpan>();
        for (var i = 0; i < pending; i++)
        {
            var isPaid = random.NextDouble() < 0.1;
            var at = duration * (0.1 + 0.7 * random.NextDouble());
            if (isPaid)
                paid[i] = at;
        }
        return paid;
    }
}

/// <summary>The emulator in its own process, so the client's CPU is measured alone.</summary>
public static class LoadServer
{
    public static async Task<int> Serve(string[] args)
    {
        string Arg(string name) => args[Array.IndexOf(args, name) + 1];
        var seed = int.Parse(Arg("--seed"), CultureInfo.InvariantCulture);
        var pending = int.Parse(Arg("--pending"), CultureInfo.InvariantCulture);
        var delay = TimeSpan.FromMilliseconds(double.Parse(Arg("--delay"), CultureInfo.InvariantCulture));
        var duration = TimeSpan.FromSeconds(double.Parse(Arg("--duration"), CultureInfo.InvariantCulture));
        var start = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(Arg("--start"), CultureInfo.InvariantCulture));

        var emulator = new BakongEmulator(new EmulatorOptions { NetworkDelay = delay });
        foreach (var (i, at) in Schedule.PaidAt(seed, pending, duration))
            emulator.AddPayment(new PaymentSeed { Md5 = Schedule.Md5(seed, i), Amount = 1.5m, VisibleAt = start + at });
        await using var server = await emulator.StartServerAsync();
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["baseUrl"] = server.BaseUrl.AbsoluteUri,
            ["token"] = emulator.IssueToken().Reveal(),
        }));
        Console.Out.Flush();
        // Serves until the client closes standard input.
        while (await Console.In.ReadLineAsync() is not null)
        {
        }
        return 0;
    }
}

/// <summary>
/// One run: the pending payments watched either by one <see cref="PaymentWatcher"/> or by one polling loop each
/// (<see cref="PaymentPolling.WaitForPaymentAsync"/> with a fixed schedule), at the same request concurrency.
/// </summary>
public static class LoadRun
{
    public static Task PrintHeader()
    {
        Console.WriteLine("| Pending | Mode | Requests / interval | Checks / payment / interval | Round trip p50 | Detection p50 | Detection p99 | Detected | Client CPU | CPU / pending / interval | Heap / pending |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        return Task.CompletedTask;
    }

    public static async Task Run(LoadSettings s)
    {
        var start = DateTimeOffset.UtcNow.AddSeconds(s.Pending >= 5_000 ? 8 : 4);
        using var server = StartServer(s, start);
        var hello = JsonSerializer.Deserialize<Dictionary<string, string>>(await server.StandardOutput.ReadLineAsync() ?? "{}")!;
        var baseUrl = new Uri(hello["baseUrl"]);
        var token = (AccessToken)AccessToken.From(hello["token"]);

        var counter = new CountingHandler(s.Concurrency)
        {
            InnerHandler = new SocketsHttpHandler { MaxConnectionsPerServer = s.Concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(10) },
        };
        using var http = new HttpClient(counter) { Timeout = Timeout.InfiniteTimeSpan };
        var client = new BakongClient(http, new BakongClientOptions { BaseUrl = baseUrl, Token = token });
        var md5s = Enumerable.Range(0, s.Pending).Select(i => Schedule.Md5(s.Seed, i)).ToArray();
        var paidAt = Schedule.PaidAt(s.Seed, s.Pending, s.Duration);
        var deadline = start + s.Duration + TimeSpan.FromMinutes(5);

        // Warm the connection pool and both code paths (JIT included) before the clock starts.
        await WarmUp(client);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var heapBefore = GC.GetTotalMemory(true);
        var wait = start - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait);

        counter.Reset();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var detections = new List<double>();
        var detected = 0;
        using var stop = new CancellationTokenSource();
        long heapDuring;
        TimeSpan cpu;
        if (s.Mode == "watcher")
        {
            await using var watcher = new PaymentWatcher(client, new PaymentWatcherOptions { Interval = s.Interval, MaxConcurrency = s.Concurrency });
            var byMd5 = md5s.Select((m, i) => (m, i)).ToDictionary(x => x.m, x => x.i);
            var events = watcher.Events();
            var reading = Task.Run(async () =>
            {
                await foreach (var e in events)
                    if (e.Outcome.IsPaid && paidAt.TryGetValue(byMd5[e.Md5], out var at))
                    {
                        detections.Add((e.At - (start + at)).TotalMilliseconds);
                        detected++;
                    }
            });
            foreach (var md5 in md5s)
                _ = watcher.Watch(md5, deadline);
            await Task.Delay(start + s.Duration - DateTimeOffset.UtcNow);
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            heapDuring = GC.GetTotalMemory(true);
            await watcher.StopAsync();
            await reading;
        }
        else
        {
            var schedule = BackoffSchedule.Fixed(s.Interval);
            var loops = md5s.Select(async (md5, i) =>
            {
                var found = await client.WaitForPaymentAsync(md5, deadline, schedule, cancellationToken: stop.Token);
                if (found.IsSucc && ((Option<Transaction>)found).IsSome && paidAt.TryGetValue(i, out var at))
                {
                    lock (detections)
                    {
                        detections.Add((DateTimeOffset.UtcNow - (start + at)).TotalMilliseconds);
                        detected++;
                    }
                }
            }).ToArray();
            await Task.Delay(start + s.Duration - DateTimeOffset.UtcNow);
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            heapDuring = GC.GetTotalMemory(true);
            await stop.CancelAsync();
            await Task.WhenAll(loops);
        }
        var requests = counter.Count;
        var checks = counter.Keys;
        await server.StandardInput.DisposeAsync();
        await server.WaitForExitAsync();

        var intervals = s.Duration / s.Interval;
        detections.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {s.Pending:N0} | {(s.Mode == "watcher" ? "watcher" : "one polling loop each")} | {requests / intervals:N1} | {checks / intervals / s.Pending:0.00} | {counter.RoundTripMedianMs:0.0} ms | {Percentile(detections, 0.5):0} ms | {Percentile(detections, 0.99):0} ms | {detected}/{paidAt.Count} | {cpu.TotalMilliseconds / s.Duration.TotalSeconds:0} ms/s | {cpu.TotalMicroseconds / intervals / s.Pending:0.0} µs | {(heapDuring - heapBefore) / (double)s.Pending:N0} B |"));
    }

    private static async Task WarmUp(BakongClient client)
    {
        var md5s = Enumerable.Range(0, 120).Select(i => Khqr.Md5(string.Create(CultureInfo.InvariantCulture, $"warm-up-{i}"))).ToArray();
        var until = DateTimeOffset.UtcNow.AddSeconds(3);
        await using (var watcher = new PaymentWatcher(client, new PaymentWatcherOptions { Interval = TimeSpan.FromMilliseconds(50) }))
        {
            foreach (var md5 in md5s)
                _ = watcher.Watch(md5, until);
            var polls = md5s.Take(20).Select(m => client.WaitForPaymentAsync(m, until, BackoffSchedule.Fixed(TimeSpan.FromMilliseconds(50)))).ToArray();
            await Task.WhenAll(polls);
        }
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static Process StartServer(LoadSettings s, DateTimeOffset start)
    {
        var self = Environment.ProcessPath!;
        var info = new ProcessStartInfo(self)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        // Run as "dotnet bench.dll" or as the apphost alike.
        if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            info.ArgumentList.Add(typeof(LoadRun).Assembly.Location);
        foreach (var a in new[]
        {
            "serve", "--seed", s.Seed.ToString(CultureInfo.InvariantCulture), "--pending", s.Pending.ToString(CultureInfo.InvariantCulture),
            "--delay", s.NetworkDelay.TotalMilliseconds.ToString(CultureInfo.InvariantCulture),
            "--duration", s.Duration.TotalSeconds.ToString(CultureInfo.InvariantCulture),
            "--start", start.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
        })
            info.ArgumentList.Add(a);
        return Process.Start(info)!;
    }

    /// <summary>Counts requests and md5s asked about, times each round trip, and holds at most the given number in flight.</summary>
    private sealed class CountingHandler(int concurrency) : DelegatingHandler
    {
        private readonly SemaphoreSlim slots = new(concurrency);
        private readonly List<double> roundTrips = [];
        private long count;
        private long keys;

        public long Count => Interlocked.Read(ref count);

        public long Keys => Interlocked.Read(ref keys);

        public double RoundTripMedianMs
        {
            get
            {
                lock (roundTrips)
                {
                    var sorted = roundTrips.Order().ToList();
                    return sorted.Count == 0 ? double.NaN : sorted[sorted.Count / 2];
                }
            }
        }

        public void Reset()
        {
            Interlocked.Exchange(ref count, 0);
            Interlocked.Exchange(ref keys, 0);
            lock (roundTrips)
                roundTrips.Clear();
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await slots.WaitAsync(cancellationToken);
            try
            {
                Interlocked.Increment(ref count);
                var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
                Interlocked.Add(ref keys, request.RequestUri!.AbsolutePath == CheckTransactionsByMd5List.Path ? body.Count(c => c == ',') + 1 : 1);
                var watch = Stopwatch.StartNew();
                var response = await base.SendAsync(request, cancellationToken);
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                lock (roundTrips)
                    roundTrips.Add(watch.Elapsed.TotalMilliseconds);
                return response;
            }
            finally
            {
                slots.Release();
            }
        }
    }
}
