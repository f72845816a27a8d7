using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Bakong.Functional.Testing;
using BenchmarkDotNet.Attributes;

namespace Bakong.Functional.WatcherBench;

/// <summary>
/// One lookup served by the emulator (in process, no sockets, no network delay) with 1 or 10,000 payments seeded. The
/// payment looked up is the first one seeded, the worst case for a newest-first search, and "miss" finds nothing.
/// </summary>
[MemoryDiagnoser(false)]
public class LookupBenchmarks
{
    private HttpMessageInvoker invoker = null!;
    private string token = "";
    private byte[] md5Hit = [], md5Miss = [], hashHit = [], shortHashHit = [], listHit = [];

    [Params(1, 10_000)]
    public int Seeded { get; set; }

    [GlobalSetup]
    public void Seed()
    {
        var emulator = new BakongEmulator();
        var first = emulator.AddPayment(new PaymentSeed { Md5 = Md5(0), Amount = 1.5m });
        for (var i = 1; i < Seeded; i++)
            emulator.AddPayment(new PaymentSeed { Md5 = Md5(i), Amount = 1.5m });
        invoker = new HttpMessageInvoker(emulator.CreateHandler());
        token = emulator.IssueToken().Reveal();
        md5Hit = Body($"{{\"md5\":\"{first.Md5}\"}}");
        md5Miss = Body($"{{\"md5\":\"{Md5(99_999_999)}\"}}");
        hashHit = Body($"{{\"hash\":\"{first.Hash}\"}}");
        shortHashHit = Body($"{{\"hash\":\"{first.ShortHash}\",\"amount\":1.5,\"currency\":\"USD\"}}");
        listHit = Body("[" + string.Join(",", Enumerable.Range(0, 50).Select(i => $"\"{Md5(i % Seeded)}\"").Distinct()) + "]");
    }

    [GlobalCleanup]
    public void Cleanup() => invoker.Dispose();

    [Benchmark(Description = "md5: found")]
    public Task<int> Md5Found() => Send(CheckTransactionByMd5.Path, md5Hit);

    [Benchmark(Description = "md5: not found")]
    public Task<int> Md5NotFound() => Send(CheckTransactionByMd5.Path, md5Miss);

    [Benchmark(Description = "hash: found")]
    public Task<int> HashFound() => Send(CheckTransactionByHash.Path, hashHit);

    [Benchmark(Description = "short hash: found")]
    public Task<int> ShortHashFound() => Send(CheckTransactionByShortHash.Path, shortHashHit);

    [Benchmark(Description = "md5_list: 50 (or 1) found")]
    public Task<int> ListFound() => Send(CheckTransactionsByMd5List.Path, listHit);

    private async Task<int> Send(string path, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("http://127.0.0.1" + path)) { Content = new ByteArrayContent(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await invoker.SendAsync(request, CancellationToken.None);
        return (int)response.StatusCode;
    }

    private static string Md5(int i) => i.ToString("x32", CultureInfo.InvariantCulture);

    private static byte[] Body(string json) => Encoding.UTF8.GetBytes(json);
}
