using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Bakong.Functional.Testing.Tests.Support;

/// <summary>The two faces of the emulator, so each test runs over both.</summary>
public enum Face
{
    Handler,
    Server,
}

/// <summary>One emulator behind one face, with a real library client and a raw HttpClient for off-spec requests.</summary>
internal sealed class Harness : IAsyncDisposable
{
    private Harness(BakongEmulator emulator, HttpClient http, Uri baseUrl, EmulatorServer? server)
    {
        Emulator = emulator;
        Http = http;
        BaseUrl = baseUrl;
        Server = server;
    }

    public BakongEmulator Emulator { get; }
    public HttpClient Http { get; }
    public Uri BaseUrl { get; }
    public EmulatorServer? Server { get; }

    public static async Task<Harness> Start(Face face, BakongEmulator? emulator = null)
    {
        emulator ??= new BakongEmulator();
        if (face == Face.Handler)
            return new Harness(emulator, new HttpClient(emulator.CreateHandler()), new Uri("http://127.0.0.1/"), null);
        var server = await emulator.StartServerAsync();
        return new Harness(emulator, new HttpClient(), server.BaseUrl, server);
    }

    /// <summary>A library client; with <paramref name="authorized"/>, holding a fresh emulator token.</summary>
    public BakongClient Client(bool authorized = true, TimeSpan? timeout = null, AccessToken? token = null) =>
        new(Http, new BakongClientOptions
        {
            // Each test checks one exchange with the emulator; retries are the runner's own tests.
            Retry = RetryPolicy.None,
            BaseUrl = BaseUrl,
            Token = token is not null ? token : authorized ? Emulator.IssueToken() : Option<AccessToken>.None,
            Timeout = timeout ?? TimeSpan.FromSeconds(10),
        });

    /// <summary>A raw POST, for what the library refuses to send (over 50 keys, malformed IDs, missing fields).</summary>
    public async Task<(int Status, JsonElement Body)> Post(string path, string json, AccessToken? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseUrl, path.TrimStart('/')))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Reveal());
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return ((int)response.StatusCode, document.RootElement.Clone());
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (Server is not null)
            await Server.DisposeAsync();
    }
}

/// <summary>Unwrapping for assertions: a wrong side fails the test with the error's summary.</summary>
internal static class FinAssert
{
    public static A Succ<A>(Fin<A> result) =>
        result.Match(Succ: r => r, Fail: e => throw new Xunit.Sdk.XunitException($"expected Succ, got Fail: {e.Message}"));

    /// <summary>The failure, which must be a <see cref="BakongError"/>: the library hands back no other error.</summary>
    public static BakongError Fail<A>(Fin<A> result) =>
        result.Match(Succ: r => throw new Xunit.Sdk.XunitException($"expected Fail, got Succ: {r}"), Fail: e => Assert.IsAssignableFrom<BakongError>(e));

    public static ApiErrorCode ApiCode<A>(Fin<A> result) =>
        Assert.IsType<BakongError.ApiFailure>(Fail(result)).ErrorCode;
}
