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
internal static class EitherAssert
{
    public static A Right<A>(Either<BakongError, A> result) =>
        result.Match(Right: r => r, Left: e => throw new Xunit.Sdk.XunitException($"expected Right, got Left: {e.Summary}"));

    public static BakongError Left<A>(Either<BakongError, A> result) =>
        result.Match(Right: r => throw new Xunit.Sdk.XunitException($"expected Left, got Right: {r}"), Left: e => e);

    public static ApiErrorCode ApiCode<A>(Either<BakongError, A> result) =>
        Assert.IsType<BakongError.ApiFailure>(Left(result)).Code;
}

/// <summary>A clock the test moves by hand; timers stay real.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
