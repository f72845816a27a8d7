using System.Diagnostics;
using System.Text;
using Bakong.Functional.Reliability.Tests.Support;
using static Bakong.Functional.Reliability.Tests.Support.Results;

namespace Bakong.Functional.Reliability.Tests;

/// <summary>A 50 MB answer is cut at the size limit, and the memory it costs is measured, not assumed.</summary>
public sealed class OversizedBodyTests(ITestOutputHelper output)
{
    private const long Total = 50L * 1024 * 1024;

    private static async Task Serve(RawExchange x, bool chunked)
    {
        var chunk = new byte[64 * 1024];
        chunk.AsSpan().Fill((byte)'a');
        await x.Write(chunked
            ? "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
            : $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {Total}\r\n\r\n");
        var chunkHead = Encoding.ASCII.GetBytes($"{chunk.Length:x}\r\n");
        for (long sent = 0; sent < Total; sent += chunk.Length)
        {
            if (chunked) await x.Stream.WriteAsync(chunkHead, x.Stopping);
            await x.Stream.WriteAsync(chunk, x.Stopping);
            if (chunked) await x.Stream.WriteAsync("\r\n"u8.ToArray(), x.Stopping);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_50_MB_body_is_cut_at_the_limit_and_memory_stays_bounded(bool chunked)
    {
        await using var server = RawServer.Start(x => Serve(x, chunked));
        using var http = new HttpClient();
        var client = new BakongClient(http, new BakongClientOptions { BaseUrl = server.BaseUrl, Token = CanaryToken, Retry = RetryPolicy.None });
        // Warm up the connection machinery so the figure is the body's cost, not first-use JIT.
        await client.SendAsync(CheckTransactionByMd5.Create(Md5));

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var workingSetBefore = process.WorkingSet64;
        long peakHeap = heapBefore, peakWorkingSet = workingSetBefore;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
                process.Refresh();
                peakWorkingSet = Math.Max(peakWorkingSet, process.WorkingSet64);
                await Task.Delay(1);
            }
        });

        var watch = Stopwatch.StartNew();
        var result = await client.SendAsync(CheckTransactionByMd5.Create(Md5));
        watch.Stop();
        await stop.CancelAsync();
        await sampler;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        var e = result.FailAs<BakongError.ResponseTooLarge, Transaction>();
        Assert.Equal(BakongClientOptions.DefaultMaxResponseBytes, e.LimitBytes);
        Assert.Equal(200, e.Response.Status);
        var form = chunked ? "chunked" : "content_length";
        Figures.Record(output, $"oversized.{form}", $"50 MB body cut at the {Figures.Mb(BakongClientOptions.DefaultMaxResponseBytes)} limit in {watch.ElapsedMilliseconds} ms; allocated {Figures.Mb(allocated)}, peak managed heap +{Figures.Mb(peakHeap - heapBefore)}, peak working set +{Figures.Mb(peakWorkingSet - workingSetBefore)}");
        // Bounded: a few times the 1 MiB limit, never the 50 MB sent.
        Assert.InRange(allocated, 0, 8L * 1024 * 1024);
        Assert.InRange(peakHeap - heapBefore, long.MinValue, 8L * 1024 * 1024);
    }
}
