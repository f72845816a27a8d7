using System.Net;
using System.Text;
using Bakong.Functional.Tests.Support;

namespace Bakong.Functional.Tests.Runner;

/// <summary>The runner against a recording handler: exactly what goes on the wire, and what never does.</summary>
public class RunnerRecordingTests
{
    private const string Token = "test-token-secret";

    [Fact]
    public async Task Sends_method_path_headers_bearer_and_exact_body_bytes()
    {
        var handler = new RecordingHandler(200, Fixture.Text("check_transaction.success.json"));
        var client = RecordingHandler.Client(handler, configure: o => o.UserAgent = "shop-till/2.1");

        var t = (await client.SendAsync(CheckTransactionByMd5.Create(Fixture.Md5))).Succ();

        Assert.Equal(Fixture.Hash, t.Hash);
        var sent = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Equal(new Uri("https://bakong.test/v1/check_transaction_by_md5"), sent.Uri);
        Assert.Equal("Bearer " + Token, sent.Header("Authorization"));
        Assert.Equal("application/json", sent.Header("Content-Type"));
        Assert.Equal("application/json", sent.Header("Accept"));
        Assert.Equal("identity", sent.Header("Accept-Encoding"));
        Assert.Equal("shop-till/2.1", sent.Header("User-Agent"));
        Assert.Equal(Encoding.UTF8.GetBytes("""{"md5":"d60f3db96913029a2af979a1662c1e72"}"""), sent.Body);
    }

    [Fact]
    public async Task Token_endpoints_and_deeplinks_never_carry_the_bearer()
    {
        var handler = new RecordingHandler(200, Fixture.Success("""{"token":"abc"}"""));
        var client = RecordingHandler.Client(handler);

        await client.SendAsync(RequestToken.Create("dev@shop.kh", "Shop", "Till"));
        await client.SendAsync(VerifyToken.Create("ABCDEFGHIJ0123456789"));
        await client.SendAsync(RenewToken.Create("dev@shop.kh"));
        await client.SendAsync(GenerateDeeplink.Create("000201"));
        await client.SendAsync(CheckBakongAccount.Create("user@bank"));

        Assert.Equal(
            [("/v1/request_token", false), ("/v1/verify", false), ("/v1/renew_token", false), ("/v1/generate_deeplink_by_qr", false), ("/v1/check_bakong_account", true)],
            handler.Requests.Select(r => (r.Uri.AbsolutePath, r.Header("Authorization") is not null)));
    }

    [Fact]
    public async Task A_base_url_with_a_path_keeps_it()
    {
        var handler = new RecordingHandler(200, Fixture.Text("check_bakong_account.exists.json"));
        var client = RecordingHandler.Client(handler, configure: o => o.BaseUrl = new Uri("https://proxy.test/bakong/"));

        Assert.True((await client.SendAsync(CheckBakongAccount.Create("user@bank"))).Succ());
        Assert.Equal(new Uri("https://proxy.test/bakong/v1/check_bakong_account"), Assert.Single(handler.Requests).Uri);
    }

    [Fact]
    public async Task Invalid_input_a_missing_token_and_bad_options_send_nothing()
    {
        var handler = new RecordingHandler(200, "{}");

        var input = (await RecordingHandler.Client(handler).SendAsync(CheckTransactionByMd5.Create("nope"))).FailAs<BakongError.InvalidInput, Transaction>();
        Assert.True(input.Names("md5"));

        var noToken = (await RecordingHandler.Client(handler, token: null).SendAsync(CheckTransactionByMd5.Create(Fixture.Md5))).FailAs<BakongError.InvalidInput, Transaction>();
        Assert.True(noToken.Names("token"));

        var options = (await RecordingHandler.Client(handler, configure: o =>
        {
            o.BaseUrl = new Uri("http://bakong.example.com");
            o.Timeout = TimeSpan.Zero;
            o.MaxResponseBytes = 0;
            o.UserAgent = "bad\nagent";
        }).SendAsync(CheckTransactionByMd5.Create(Fixture.Md5))).FailAs<BakongError.InvalidInput, Transaction>();
        Assert.Equal(["BaseUrl", "Timeout", "UserAgent", "MaxResponseBytes"], options.Errors.Map(e => e.Field).ToArray());

        var noInvoker = (await new BakongClient(null, null).SendAsync(CheckTransactionByMd5.Create(Fixture.Md5))).FailAs<BakongError.InvalidInput, Transaction>();
        Assert.True(noInvoker.Names("invoker"));

        var nullEndpoint = (await RecordingHandler.Client(handler).SendAsync((Endpoint<Transaction>?)null)).FailAs<BakongError.InvalidInput, Transaction>();
        Assert.True(nullEndpoint.Names("endpoint"));

        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Plain_http_is_allowed_on_loopback_only()
    {
        Assert.True(new BakongClientOptions { BaseUrl = new Uri("http://127.0.0.1:5000") }.Validate().IsSucc);
        Assert.True(new BakongClientOptions { BaseUrl = new Uri("http://localhost:5000") }.Validate().IsSucc);
        Assert.True(new BakongClientOptions { BaseUrl = new Uri("http://10.0.0.1") }.Validate().IsFail);
        Assert.True(BakongClientOptions.ForSit().Validate().IsSucc);
        Assert.Equal(new Uri("https://sit-api-bakong.nbc.gov.kh"), BakongClientOptions.ForSit().BaseUrl);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task An_already_cancelled_token_sends_nothing()
    {
        var handler = new RecordingHandler(200, "{}");
        var result = await RecordingHandler.Client(handler).SendAsync(CheckTransactionByMd5.Create(Fixture.Md5), new CancellationToken(true));
        Assert.IsType<BakongError.Cancelled>(result.Fail());
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Retry_after_is_read_in_seconds_and_as_an_http_date()
    {
        var now = new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);
        var clock = new FixedClock(now);
        var handler = new RecordingHandler(_ =>
        {
            var r = RecordingHandler.Reply(429, "Too many requests", "text/plain");
            r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(7));
            return r;
        });
        var client = RecordingHandler.Client(handler, configure: o => o.TimeProvider = clock);
        var seconds = (await client.SendAsync(CheckTransactionByMd5.Create(Fixture.Md5))).FailAs<BakongError.RateLimited, Transaction>();
        Assert.Equal(Prelude.Some(TimeSpan.FromSeconds(7)), seconds.RetryAfter);
        Assert.Equal((429, "Too many requests"), (seconds.Response.Status, seconds.Response.Body));

        handler.Respond = _ =>
        {
            var r = RecordingHandler.Reply(429, "", "text/plain");
            r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(now.AddSeconds(90));
            return r;
        };
        var date = (await client.SendAsync(CheckTransactionByMd5.Create(Fixture.Md5))).FailAs<BakongError.RateLimited, Transaction>();
        Assert.Equal(Prelude.Some(TimeSpan.FromSeconds(90)), date.RetryAfter);
    }

    [Fact]
    public async Task Oversized_bodies_are_cut_at_the_limit_with_or_without_content_length()
    {
        var declared = new RecordingHandler(200, new string(' ', 5000));
        var e1 = (await RecordingHandler.Client(declared, configure: o => o.MaxResponseBytes = 1000).SendAsync(CheckTransactionByMd5.Create(Fixture.Md5)))
            .FailAs<BakongError.ResponseTooLarge, Transaction>();
        Assert.Equal((1000L, 200), (e1.LimitBytes, e1.Response.Status));

        var chunked = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new UnseekableStream(new byte[50_000])) });
        var e2 = (await RecordingHandler.Client(chunked, configure: o => o.MaxResponseBytes = 1000).SendAsync(CheckTransactionByMd5.Create(Fixture.Md5)))
            .FailAs<BakongError.ResponseTooLarge, Transaction>();
        Assert.Equal(1000L, e2.LimitBytes);
    }

    [Fact]
    public async Task Handler_exceptions_become_transport_errors()
    {
        var refused = new RecordingHandler(_ => throw new HttpRequestException("Connection refused (bakong.test:443)"));
        var e = (await RecordingHandler.Client(refused).SendAsync(CheckTransactionByMd5.Create(Fixture.Md5))).FailAs<BakongError.Transport, Transaction>();
        Assert.Equal("HttpRequestException: Connection refused (bakong.test:443)", e.Reason);

        var broken = new RecordingHandler(_ => throw new InvalidOperationException("boom"));
        Assert.IsType<BakongError.Transport>((await RecordingHandler.Client(broken).SendAsync(CheckTransactionByMd5.Create(Fixture.Md5))).Fail());
    }

    [Fact]
    public async Task A_refused_token_is_renewed_once_and_the_call_retried_with_the_new_one()
    {
        var handler = new RecordingHandler(r => r.Header("Authorization") == "Bearer old-token"
            ? RecordingHandler.Reply(401, Fixture.Failure(6, "Unauthorized."))
            : RecordingHandler.Reply(200, Fixture.Text("check_transaction.success.json")));
        var source = new SwappingSource("old-token", "new-token");
        var client = new BakongClient(new HttpClient(handler), new BakongClientOptions { BaseUrl = new Uri("https://bakong.test"), TokenSource = source });

        Assert.Equal(Fixture.Hash, (await client.SendAsync(CheckTransactionByMd5.Create(Fixture.Md5))).Succ().Hash);
        Assert.Equal(["Bearer old-token", "Bearer new-token"], handler.Requests.Select(r => r.Header("Authorization")));
        Assert.Equal(1, source.Renewals);
    }

    [Fact]
    public async Task A_fixed_token_that_is_refused_is_not_retried()
    {
        var handler = new RecordingHandler(401, Fixture.Failure(6, "Unauthorized."));
        var e = (await RecordingHandler.Client(handler).SendAsync(CheckTransactionByMd5.Create(Fixture.Md5))).FailAs<BakongError.Unauthorized, Transaction>();
        Assert.Equal(401, e.Response.Status);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_server_that_echoes_the_token_does_not_get_it_into_errors()
    {
        var handler = new RecordingHandler(r => RecordingHandler.Reply(500, $"bad token {r.Header("Authorization")}"));
        var e = (await RecordingHandler.Client(handler).SendAsync(CheckTransactionByMd5.Create(Fixture.Md5))).FailAs<BakongError.ServerError, Transaction>();
        Assert.Equal("bad token Bearer [redacted]", e.Response.Body);
        Assert.DoesNotContain(Token, e.ToString());
    }

    [Fact]
    public async Task LINQ_composes_renew_then_check_with_the_new_token()
    {
        var handler = new RecordingHandler(r => r.Uri.AbsolutePath == RenewToken.Path
            ? RecordingHandler.Reply(200, Fixture.Success("""{"token":"fresh-token"}"""))
            : RecordingHandler.Reply(200, Fixture.Text("check_transaction.not_found.json")));
        var client = RecordingHandler.Client(handler, token: null);

        var paid = await (
            from token in client.Send(RenewToken.Create("dev@shop.kh"))
            from found in client.WithToken(token).Send(CheckTransactionByMd5.Create(Fixture.Md5).OrNone())
            select found.IsSome).Run();

        Assert.False(paid.Succ());
        Assert.Equal("Bearer fresh-token", handler.Requests[1].Header("Authorization"));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private sealed class SwappingSource(string first, string second) : IAccessTokenSource
    {
        private AccessToken current = AccessToken.From(first).Succ();
        public int Renewals { get; private set; }

        public ValueTask<Fin<AccessToken>> GetTokenAsync(CancellationToken cancellationToken = default) => new(current);

        public ValueTask<Fin<AccessToken>> RenewAsync(AccessToken rejected, CancellationToken cancellationToken = default)
        {
            Renewals++;
            current = AccessToken.From(second).Succ();
            return new(current);
        }
    }

    /// <summary>A stream without a length, so the content goes out chunked.</summary>
    private sealed class UnseekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
    }
}
