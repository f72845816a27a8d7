using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace Bakong.Functional.WatcherBench;

/// <summary>
/// Managed memory per pending payment, measured exactly: payments are registered on a manual clock that never moves,
/// so nothing is in flight and what the heap grows by is what pending payments hold. The md5 strings are made before
/// the first measurement, as an application holds them anyway.
/// </summary>
public static class MemoryFigures
{
    public static async Task Print()
    {
        Console.WriteLine("| Pending | Watcher: bytes / pending payment | One polling loop each: bytes / pending payment |");
        Console.WriteLine("|---:|---:|---:|");
        foreach (var n in new[] { 1_000, 10_000, 100_000 })
        {
            var watcher = await WatcherBytes(n);
            var polling = await PollingBytes(n);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {n:N0} | {watcher:N0} | {polling:N0} |"));
        }
    }

    private static async Task<double> WatcherBytes(int n)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var http = new HttpClient(new NotFound());
        var client = new BakongClient(http, new BakongClientOptions { BaseUrl = new Uri("http://127.0.0.1/"), Token = Token, TimeProvider = clock });
        var md5s = Md5s(n);
        await using var watcher = new PaymentWatcher(client, new PaymentWatcherOptions { MaxPending = n });
        var tasks = new Task<PaymentOutcome>[n];
        var before = Heap();
        for (var i = 0; i < n; i++)
            tasks[i] = watcher.Watch(md5s[i], clock.GetUtcNow().AddMinutes(10));
        var after = Heap();
        GC.KeepAlive(tasks);
        GC.KeepAlive(md5s);
        return (after - before) / (double)n;
    }

    private static async Task<double> PollingBytes(int n)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var http = new HttpClient(new NotFound());
        var client = new BakongClient(http, new BakongClientOptions { BaseUrl = new Uri("http://127.0.0.1/"), Token = Token, TimeProvider = clock });
        var md5s = Md5s(n);
        using var stop = new CancellationTokenSource();
        var schedule = BackoffSchedule.Fixed(TimeSpan.FromSeconds(2));
        var before = Heap();
        var loops = new Task[n];
        for (var i = 0; i < n; i++)
            loops[i] = client.WaitForPaymentAsync(md5s[i], clock.GetUtcNow().AddMinutes(10), schedule, cancellationToken: stop.Token);
        // Each loop has made its first check and now waits on its timer for the next one.
        await Task.Delay(200);
        var after = Heap();
        await stop.CancelAsync();
        await Task.WhenAll(loops);
        GC.KeepAlive(md5s);
        return (after - before) / (double)n;
    }

    private static readonly AccessToken Token = (AccessToken)AccessToken.From("eyJhbGciOiJIUzI1NiJ9.e30.c2ln");

    private static string[] Md5s(int n) => Enumerable.Range(0, n).Select(i => i.ToString("x32", CultureInfo.InvariantCulture)).ToArray();

    private static long Heap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(true);
    }

    /// <summary>Answers every lookup "not found" at once.</summary>
    private sealed class NotFound : HttpMessageHandler
    {
        private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"responseCode":1,"responseMessage":"Transaction could not be found.","errorCode":1,"data":null}""");

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Body) { Headers = { { "Content-Type", "application/json" } } } });
    }
}
