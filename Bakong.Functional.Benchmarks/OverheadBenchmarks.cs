using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using LanguageExt;

namespace Bakong.Functional.Benchmarks;

/// <summary>
/// The client's own CPU and allocations per call, with the network taken out: the same canned answer from an in-process
/// handler, through the library and through raw HttpClient + source-generated STJ. What is left is what each client adds.
/// </summary>
[MemoryDiagnoser]
public class OverheadBenchmarks
{
    private static readonly byte[] Answer = System.Text.Encoding.UTF8.GetBytes(
        """{"responseCode":0,"responseMessage":"Success","errorCode":null,"data":{"hash":"8465d722d7d5065f2886b4c5e7a6e5d0a2ad9dbfbfa2bd18a0b08ecc4a1e8f1e","fromAccountId":"bridgeaccount@bkrt","toAccountId":"sothea_chea@aclb","currency":"USD","amount":1.5,"description":"testing bakong generator","createdDateMs":1700000000000,"acknowledgedDateMs":1700000001000}}""");

    private HttpClient http = null!;
    private BakongClient client = null!;
    private string token = "";
    private readonly Uri md5Url = new("http://127.0.0.1:1/v1/check_transaction_by_md5");

    /// <summary>Answers every request at once with the same 200 and JSON body, as a server would after the headers.</summary>
    private sealed class Canned : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Answer) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } }, RequestMessage = request });
    }

    [GlobalSetup]
    public void Setup()
    {
        token = "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjE3NzE0OTUyMDB9.bench-token";
        http = new HttpClient(new Canned());
        client = new BakongClient(http, new BakongClientOptions { BaseUrl = new Uri("http://127.0.0.1:1"), Token = AccessToken.From(token).ToOption() });
    }

    [GlobalCleanup]
    public void Cleanup() => http.Dispose();

    [Benchmark(Baseline = true, Description = "canned answer: raw HttpClient + STJ source-gen")]
    public async Task<EnvelopeDto<TransactionDto>?> Raw()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, md5Url)
        {
            Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(new Md5RequestDto { Md5 = Samples.Md5 }, BaselineJson.Default.Md5RequestDto)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        await using var body = await response.Content.ReadAsStreamAsync();
        return await JsonSerializer.DeserializeAsync(body, BaselineJson.Default.EnvelopeDtoTransactionDto);
    }

    [Benchmark(Description = "canned answer: Bakong.Functional")]
    public Task<Fin<Transaction>> Library() => client.SendAsync(CheckTransactionByMd5.Create(Samples.Md5));
}
