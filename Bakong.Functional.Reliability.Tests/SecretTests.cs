using Bakong.Functional.Reliability.Tests.Support;
using static Bakong.Functional.Reliability.Tests.Support.Results;

namespace Bakong.Functional.Reliability.Tests;

/// <summary>The token never leaks: not in ToString, errors, exception text, kept bodies or the emulator's log.</summary>
public sealed class SecretTests(ITestOutputHelper output)
{
    /// <summary>A transport that puts the request's Authorization header into its exception text, as careless handlers do.</summary>
    private sealed class LeakyHandler(Func<HttpRequestMessage, Exception> fail) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw fail(request);
    }

    private sealed class ThrowingTokenSource : IAccessTokenSource
    {
        public ValueTask<Fin<AccessToken>> GetTokenAsync(CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("vault said no for " + Canary);

        public ValueTask<Fin<AccessToken>> RenewAsync(AccessToken refused, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("vault said no for " + Canary);
    }

    private static void AssertClean(BakongError e)
    {
        Assert.DoesNotContain(Canary, e.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Canary, e.Summary, StringComparison.Ordinal);
        // Every fact of every case, through the two-level match: a new case or kind breaks this build.
        Assert.DoesNotContain(Canary, e.Match(
            api: a => a.Match(failure: x => x.ResponseMessage + x.Response, unknown: x => x.ResponseMessage + x.Response),
            http: h => h.Match(
                unauthorized: x => x.Response.ToString(), forbidden: x => x.ResponseMessage + x.Response, blocked: x => x.Response.ToString(),
                endpointNotFound: x => x.Response.ToString(), rateLimited: x => x.Response.ToString(), clientError: x => x.Response.ToString(),
                serverError: x => x.Response.ToString(), unexpectedStatus: x => x.Response.ToString()),
            network: n => n.Match(transport: x => x.Reason, timeout: x => x.After.ToString(), cancelled: _ => ""),
            response: r => r.Match(tooLarge: x => x.Response.ToString(), decode: x => x.Problem + x.Response.ToString()),
            invalidInput: x => string.Join(";", x.Errors)),
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HttpRequestException")]
    [InlineData("IOException inside")]
    [InlineData("InvalidOperationException")]
    public async Task Exception_text_that_carries_the_token_is_redacted(string kind)
    {
        var handler = new LeakyHandler(request =>
        {
            var text = $"could not send {request.Headers.Authorization}";
            return kind switch
            {
                "HttpRequestException" => new HttpRequestException(text),
                "IOException inside" => new HttpRequestException("send failed", new IOException(text)),
                _ => new InvalidOperationException(text),
            };
        });
        using var http = new HttpClient(handler);
        var client = new BakongClient(http, new BakongClientOptions { BaseUrl = new Uri("https://bakong.test"), Token = CanaryToken, Retry = RetryPolicy.None });
        var e = (await client.SendAsync(CheckTransactionByMd5.Create(Md5))).FailAs<BakongError.Transport, Transaction>();
        Assert.Contains("[redacted]", e.Reason, StringComparison.Ordinal);
        AssertClean(e);
    }

    [Fact]
    public async Task A_failing_token_source_does_not_leak_its_message()
    {
        using var http = new HttpClient(new RecordingHandler());
        var client = new BakongClient(http, new BakongClientOptions { BaseUrl = new Uri("https://bakong.test"), TokenSource = new ThrowingTokenSource(), Retry = RetryPolicy.None });
        AssertClean((await client.SendAsync(CheckTransactionByMd5.Create(Md5))).FailAs<BakongError.Transport, Transaction>());
    }

    [Fact]
    public async Task No_ToString_shows_the_token()
    {
        var options = new BakongClientOptions { BaseUrl = new Uri("https://bakong.test"), Token = CanaryToken };
        var client = new BakongClient(new HttpClient(new RecordingHandler()), options);
        var endpoint = CheckTransactionByMd5.Create(Md5);
        var texts = new[]
        {
            CanaryToken.ToString(), options.Token.ToString(), options.ToString() ?? "", client.ToString() ?? "", client.WithToken(CanaryToken).ToString() ?? "",
            endpoint.ToString(), endpoint.Map(e => e.Request.ToString()).IfFail(""), AccessToken.From(Canary).ToString(),
            (await client.SendAsync(endpoint)).ToString(),
        };
        foreach (var text in texts)
            Assert.DoesNotContain(Canary, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_emulator_log_never_holds_the_token_even_when_a_body_carries_it()
    {
        var emulator = new BakongEmulator();
        await using var server = await emulator.StartServerAsync();
        using var http = new HttpClient();
        var issued = emulator.IssueToken();
        foreach (var token in new[] { CanaryToken, issued })
        {
            var client = new BakongClient(http, new BakongClientOptions { BaseUrl = server.BaseUrl, Token = token, Retry = RetryPolicy.None });
            var secret = token.Reveal();
            // The token inside a request body (a caller pasting it as a reference) is redacted from the log as well.
            var results = new[]
            {
                (await client.SendAsync(CheckTransactionByExternalRef.Create(secret.Length <= 255 ? secret : secret[..255]))).Boxed(),
                (await client.SendAsync(CheckTransactionByMd5.Create(Md5))).Boxed(),
                (await client.SendAsync(CheckBakongAccount.Create("someone@bank"))).Boxed(),
            };
            foreach (var r in results.Where(r => r.IsFail))
            {
                var e = r.Fail();
                Assert.DoesNotContain(secret, e.ToString(), StringComparison.Ordinal);
                e.Received.IfSome(i => Assert.DoesNotContain(secret, i.Body, StringComparison.Ordinal));
            }
            emulator.Inject(BakongEmulator.AnyPath, new Fault.ServerError(500));
            AssertNoSecretIn(await client.SendAsync(CheckTransactionByMd5.Create(Md5)), secret);
        }
        Assert.NotEmpty(emulator.Requests);
        foreach (var entry in emulator.Requests)
        {
            var text = entry + entry.Body + entry.Authorization;
            Assert.DoesNotContain(Canary, text, StringComparison.Ordinal);
            Assert.DoesNotContain(issued.Reveal(), text, StringComparison.Ordinal);
        }
        Figures.Record(output, "secrets.emulator_log", $"{emulator.Requests.Count} logged requests, 0 containing a token");
    }

    private static void AssertNoSecretIn<T>(Fin<T> result, string secret) =>
        Assert.DoesNotContain(secret, result.ToString(), StringComparison.Ordinal);
}
