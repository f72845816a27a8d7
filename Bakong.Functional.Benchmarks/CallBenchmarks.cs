using System.Net.Http.Headers;
using System.Text.Json;
using Bakong.Functional.Testing;
using BenchmarkDotNet.Attributes;
using LanguageExt;

namespace Bakong.Functional.Benchmarks;

/// <summary>Shared setup: the emulator's Kestrel server on 127.0.0.1 with one paid KHQR, and one keep-alive HttpClient.</summary>
public abstract class EmulatorBenchmark
{
    protected BakongEmulator Emulator = null!;
    protected EmulatorServer Server = null!;
    protected HttpClient Http = null!;
    protected BakongClient Client = null!;
    protected AccessToken Token = null!;
    protected Uri Md5Url = null!;

    [GlobalSetup]
    public async Task StartEmulator()
    {
        Emulator = new BakongEmulator();
        Emulator.AddPayment(new PaymentSeed { Md5 = Samples.Md5, Amount = 1.0m, Description = "testing bakong generator" });
        Server = await Emulator.StartServerAsync();
        Token = Emulator.IssueToken();
        // One connection for the sequential runs: a keep-alive connection, as a long-running merchant service has.
        Http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10), MaxConnectionsPerServer = 16 });
        Client = new BakongClient(Http, new BakongClientOptions { BaseUrl = Server.BaseUrl, Token = Token });
        Md5Url = new Uri(Server.BaseUrl, CheckTransactionByMd5.Path.TrimStart('/'));
    }

    [GlobalCleanup]
    public async Task StopEmulator()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }

    /// <summary>The baseline call: a raw HttpClient POST of the same request, and a source-generated deserialize.</summary>
    protected async Task<EnvelopeDto<TransactionDto>?> RawCall(string md5)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Md5Url)
        {
            Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(new Md5RequestDto { Md5 = md5 }, BaselineJson.Default.Md5RequestDto)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token.Reveal());
        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        return await JsonSerializer.DeserializeAsync(body, BaselineJson.Default.EnvelopeDtoTransactionDto);
    }
}

/// <summary>One check_transaction_by_md5 call end to end over loopback.</summary>
[MemoryDiagnoser]
public class CallBenchmarks : EmulatorBenchmark
{
    [Benchmark(Baseline = true, Description = "one md5 check: raw HttpClient + STJ source-gen")]
    public Task<EnvelopeDto<TransactionDto>?> Raw() => RawCall(Samples.Md5);

    [Benchmark(Description = "one md5 check: Bakong.Functional")]
    public Task<Fin<Transaction>> Library() => Client.SendAsync(CheckTransactionByMd5.Create(Samples.Md5));
}

/// <summary>Calls per second: see the Calls/s column.</summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class ThroughputBenchmarks : EmulatorBenchmark
{
    private string[] manyMd5s = [];

    [GlobalSetup(Target = nameof(Batch10000))]
    public async Task SeedBatch()
    {
        await StartEmulator();
        manyMd5s = Enumerable.Range(0, 10_000).Select(i => i.ToString("x32", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        foreach (var md5 in manyMd5s.Where((_, i) => i % 2 == 0))
            Emulator.AddPayment(new PaymentSeed { Md5 = md5, Amount = 2.5m });
    }

    [Benchmark(Description = "2,000 md5 checks in sequence, one connection"), Calls(2_000)]
    public async Task<int> Sequential2000()
    {
        var paid = 0;
        for (var i = 0; i < 2_000; i++)
            paid += (await Client.SendAsync(CheckTransactionByMd5.Create(Samples.Md5))).IsSucc ? 1 : 0;
        return paid;
    }

    [Benchmark(Description = "2,000 md5 checks at concurrency 8"), Calls(2_000)]
    public async Task<int> Concurrent2000()
    {
        var paid = 0;
        await Parallel.ForAsync(0, 2_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, ct) =>
        {
            if ((await Client.SendAsync(CheckTransactionByMd5.Create(Samples.Md5), ct)).IsSucc)
                Interlocked.Increment(ref paid);
        });
        return paid;
    }

    [Benchmark(Description = "10,000 md5s through the chunked batch API"), Calls(10_000)]
    public async Task<int> Batch10000()
    {
        var rows = await Client.CheckManyByMd5Async(manyMd5s);
        return rows.IsSucc ? ((Seq<BatchItem>)rows).Count : -1;
    }
}
