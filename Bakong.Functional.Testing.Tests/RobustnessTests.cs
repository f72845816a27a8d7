using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Bakong.Functional.Testing.Tests.Support;
using CsCheck;
using static Bakong.Functional.Testing.Tests.Support.FinAssert;

namespace Bakong.Functional.Testing.Tests;

public class RobustnessTests
{
    private static readonly string[] Paths = [.. BakongApi.Operations.Select(o => o.Path)];

    [Fact]
    public async Task Any_body_on_any_endpoint_gets_a_json_envelope_never_an_exception()
    {
        var emulator = new BakongEmulator();
        var token = emulator.IssueToken();
        using var http = new HttpClient(emulator.CreateHandler());
        var bodies = Gen.OneOf<string>(
            Gen.String,
            // Mostly JSON punctuation and the letters of true/false/null, so many bodies are almost JSON.
            Gen.String["{}[]\":,.-+0123456789eEtrufalsn \\md5qhxy"],
            Gen.OneOf("", "{}", "[]", "null", "1", "\"x\"", """{"md5":1}""", """{"qr":"a","sourceInfo":5}""", """["a",1]""", """{"amount":"x","hash":"a","currency":"USD"}"""));
        var requests = from path in Gen.OneOf(Paths) from body in bodies select (path, body);
        await requests.SampleAsync(async (path, body) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("http://127.0.0.1" + path)) { Content = new StringContent(body, Encoding.UTF8) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Reveal());
            using var response = await http.SendAsync(request);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
            var code = json.RootElement.TryGetProperty("responseCode", out var c) ? c.GetInt32()
                : json.RootElement.GetProperty("data").GetProperty("responseCode").GetInt32();
            return code is 0 or 1 && (int)response.StatusCode is 200 or 400;
        }, iter: 2000);
    }

    [Fact]
    public void A_bad_seeding_argument_is_refused_at_once_naming_it()
    {
        var emulator = new BakongEmulator();
        Assert.Equal("accountId", Assert.ThrowsAny<ArgumentException>(() => emulator.AddAccount(null!)).ParamName);
        Assert.Equal("accountId", Assert.ThrowsAny<ArgumentException>(() => emulator.AddAccount(" ")).ParamName);
        Assert.Equal("email", Assert.ThrowsAny<ArgumentException>(() => emulator.RegisterEmail(null!)).ParamName);
        Assert.Equal("project", Assert.ThrowsAny<ArgumentException>(() => emulator.RegisterEmail("dev@example.com", "Org", "")).ParamName);
        Assert.Equal("token", Assert.Throws<ArgumentNullException>(() => emulator.RevokeToken(null!)).ParamName);
        Assert.Equal("qrOrMd5", Assert.ThrowsAny<ArgumentException>(() => emulator.AddPayment(null!, 1m)).ParamName);
        Assert.Equal("seed", Assert.Throws<ArgumentNullException>(() => emulator.AddPayment((PaymentSeed)null!)).ParamName);
        Assert.Equal("seed.Amount", Assert.Throws<ArgumentOutOfRangeException>(() => emulator.AddPayment("000201", -1m)).ParamName);
        Assert.Equal("seed.VisibleAfterPolls", Assert.Throws<ArgumentOutOfRangeException>(() => emulator.AddPayment(new PaymentSeed { VisibleAfterPolls = -1 })).ParamName);
        Assert.Equal("lifetime", Assert.Throws<ArgumentOutOfRangeException>(() => emulator.IssueToken(TimeSpan.FromSeconds(-1))).ParamName);
        Assert.Equal("port", Assert.Throws<ArgumentOutOfRangeException>(() => { _ = emulator.StartServerAsync(-1); }).ParamName);
        Assert.Equal("port", Assert.Throws<ArgumentOutOfRangeException>(() => { _ = emulator.StartServerAsync(65536); }).ParamName);
        // Nothing refused was kept.
        Assert.Empty(emulator.Payments);
        Assert.False(emulator.IsRegistered("dev@example.com"));
    }

    [Fact]
    public void Extreme_but_valid_seeding_arguments_are_taken_as_given()
    {
        var emulator = new BakongEmulator();
        Assert.Null(emulator.VerificationCodeFor(null));
        Assert.Null(emulator.Payment(null));
        Assert.NotNull(emulator.IssueToken(TimeSpan.MaxValue, DateTimeOffset.MaxValue));
        Assert.NotNull(emulator.IssueToken(TimeSpan.Zero, DateTimeOffset.MinValue));
    }

    [Theory]
    [InlineData(Face.Handler)]
    [InlineData(Face.Server)]
    public async Task Unknown_paths_are_404_and_other_methods_405(Face face)
    {
        await using var h = await Harness.Start(face);
        using var get = await h.Http.GetAsync(new Uri(h.BaseUrl, "v1/check_transaction_by_md5"));
        Assert.Equal(405, (int)get.StatusCode);
        var wrongHost = new BakongClient(h.Http, new BakongClientOptions { BaseUrl = new Uri(h.BaseUrl, "api/"), Token = h.Emulator.IssueToken() });
        Assert.IsType<BakongError.EndpointNotFound>(Fail(await wrongHost.SendAsync(CheckTransactionByMd5.Create(Khqr.Md5("x")))));
    }

    [Fact]
    public async Task Every_endpoint_of_the_API_description_has_a_handler_and_no_other_path_is_served()
    {
        var emulator = new BakongEmulator();
        var token = emulator.IssueToken();
        using var http = new HttpClient(emulator.CreateHandler());
        async Task<int> Post(string path)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("http://127.0.0.1" + path)) { Content = new StringContent("{}", Encoding.UTF8) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Reveal());
            using var response = await http.SendAsync(request);
            return (int)response.StatusCode;
        }

        foreach (var operation in BakongApi.Operations)
            Assert.True(await Post(operation.Path) == 200, $"{operation.Name} has no handler");
        // Near misses of real paths; one of them once fell through to the hash batch.
        foreach (var path in new[] { "/v1/check_transaction_by_anything", "/v1/check_transaction_by_md5/", "/v2/verify", "/v1/Verify", "/" })
            Assert.Equal(404, await Post(path));
    }

    [Fact]
    public async Task A_fixed_port_can_be_asked_for()
    {
        var emulator = new BakongEmulator();
        await using var first = await emulator.StartServerAsync();
        var port = first.BaseUrl.Port;
        await first.DisposeAsync();
        await using var second = await emulator.StartServerAsync(port);
        Assert.Equal(port, second.BaseUrl.Port);
        Assert.Equal("127.0.0.1", second.BaseUrl.Host);
    }
}
