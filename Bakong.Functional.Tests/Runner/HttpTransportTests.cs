using System.Net;
using System.Net.Http.Headers;
using Bakong.Functional.Runner;
using Bakong.Functional.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Bakong.Functional.Tests.Runner;

/// <summary>The transport alone: what goes on the wire, what is refused, and what its failures become.</summary>
public class HttpTransportTests
{
    private static readonly Endpoint<Transaction> Lookup = CheckTransactionByMd5.Create(Fixture.Md5).Succ();
    private static readonly Uri Base = new("https://bakong.test");

    private static HttpTransport Transport(HttpMessageHandler handler, Uri? baseUrl = null, TimeProvider? clock = null) =>
        new(new HttpClient(handler), baseUrl ?? Base, "tests/1.0", clock ?? TimeProvider.System);

    [Fact]
    public async Task Sends_post_json_accept_identity_encoding_user_agent_and_the_bearer()
    {
        var handler = new RecordingHandler(200, Envelopes.Found());

        await Transport(handler).Send(Lookup, Replies.Call(Envelopes.Access("wire-token")));

        var sent = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Equal(new Uri("https://bakong.test/v1/check_transaction_by_md5"), sent.Uri);
        Assert.Equal("identity", sent.Header("Accept-Encoding"));
        Assert.Equal("application/json", sent.Header("Accept"));
        Assert.Equal("application/json", sent.Header("Content-Type"));
        Assert.Equal("tests/1.0", sent.Header("User-Agent"));
        Assert.Equal("Bearer wire-token", sent.Header("Authorization"));
        Assert.Equal(Lookup.Request.Body, sent.BodyText);
    }

    [Fact]
    public async Task Without_a_token_no_authorization_header_is_sent()
    {
        var handler = new RecordingHandler(200, Envelopes.Found());
        await Transport(handler).Send(Lookup, Replies.Call());
        Assert.Null(Assert.Single(handler.Requests).Header("Authorization"));
    }

    [Fact]
    public async Task An_answer_from_another_host_after_a_redirect_is_refused()
    {
        // What HttpClient reports after following a redirect: the final request went elsewhere.
        var handler = new RecordingHandler(_ =>
        {
            var response = RecordingHandler.Reply(200, Envelopes.Found());
            response.RequestMessage = new HttpRequestMessage(HttpMethod.Post, "https://evil.test/v1/check_transaction_by_md5");
            return response;
        });

        var e = (await Transport(handler).Send(Lookup, Replies.Call())).FailAs<BakongError.Transport, Transaction>();

        Assert.Contains("redirected away from the configured host to https://evil.test", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_real_redirect_to_another_loopback_port_is_refused_and_never_gets_the_token()
    {
        string? bearerAtTarget = "(not called)";
        await using var target = await LoopbackServer.StartAsync(ctx =>
        {
            bearerAtTarget = ctx.Request.Headers.Authorization.FirstOrDefault();
            ctx.Response.ContentType = "application/json";
            return ctx.Response.WriteAsync(Envelopes.Found());
        });
        await using var origin = await LoopbackServer.StartAsync(ctx =>
        {
            ctx.Response.StatusCode = 307;
            ctx.Response.Headers.Location = new Uri(target.BaseUrl, ctx.Request.Path.Value).ToString();
            return Task.CompletedTask;
        });
        using var http = new HttpClient();
        var transport = new HttpTransport(http, origin.BaseUrl, "tests/1.0", TimeProvider.System);

        var e = (await transport.Send(Lookup, Replies.Call(Envelopes.Access("loopback-secret")))).FailAs<BakongError.Transport, Transaction>();

        Assert.StartsWith("redirected away from the configured host", e.Reason, StringComparison.Ordinal);
        Assert.Null(bearerAtTarget);
    }

    [Fact]
    public async Task A_redirect_within_the_configured_host_is_followed()
    {
        await using var server = await LoopbackServer.StartAsync(ctx =>
        {
            if (ctx.Request.Path == CheckTransactionByMd5.Path)
            {
                ctx.Response.StatusCode = 307;
                ctx.Response.Headers.Location = "/moved";
                return Task.CompletedTask;
            }
            ctx.Response.ContentType = "application/json";
            return ctx.Response.WriteAsync(Envelopes.Found());
        });
        using var http = new HttpClient();

        var result = await new HttpTransport(http, server.BaseUrl, "tests/1.0", TimeProvider.System).Send(Lookup, Replies.Call());

        Assert.Equal(Envelopes.Hash, result.Succ().Hash);
    }

    [Fact]
    public async Task Handler_exceptions_are_transport_errors_and_cancellation_is_cancelled()
    {
        var refused = new RecordingHandler(_ => throw new HttpRequestException("Connection refused (bakong.test:443)"));
        Assert.Equal("HttpRequestException: Connection refused (bakong.test:443)",
            (await Transport(refused).Send(Lookup, Replies.Call())).FailAs<BakongError.Transport, Transaction>().Reason);

        using var cts = new CancellationTokenSource();
        var cancelling = new RecordingHandler(_ =>
        {
            cts.Cancel();
            throw new TaskCanceledException("cancelled", null, cts.Token);
        });
        Assert.IsType<BakongError.Cancelled>((await Transport(cancelling).Send(Lookup, Replies.Call(cancellationToken: cts.Token))).Fail());

        var untouched = new RecordingHandler(200, Envelopes.Found());
        Assert.IsType<BakongError.Cancelled>((await Transport(untouched).Send(Lookup, Replies.Call(cancellationToken: new CancellationToken(true)))).Fail());
        Assert.Empty(untouched.Requests);
    }

    [Theory]
    [InlineData(429, true)]
    [InlineData(500, true)]
    [InlineData(503, true)]
    [InlineData(400, false)]
    [InlineData(200, false)]
    public async Task Retry_after_is_read_on_429_and_5xx_only_in_seconds_or_as_a_date_on_the_transport_clock(int status, bool read)
    {
        var clock = Clock.New();
        foreach (var header in new[] { new RetryConditionHeaderValue(TimeSpan.FromSeconds(7)), new RetryConditionHeaderValue(Clock.Start.AddSeconds(7)) })
        {
            var handler = new RecordingHandler(_ =>
            {
                var r = RecordingHandler.Reply(status, status == 200 ? Envelopes.Found() : "busy", status == 200 ? "application/json" : "text/plain");
                r.Headers.RetryAfter = header;
                return r;
            });
            var result = await Transport(handler, clock: clock).Send(Lookup, Replies.Call());

            var wait = result.IsSucc ? Option<TimeSpan>.None : result.Fail().RequestedWait;
            Assert.Equal(read ? Prelude.Some(TimeSpan.FromSeconds(7)) : Option<TimeSpan>.None, wait);
        }
    }

    [Fact]
    public async Task A_base_url_with_a_path_keeps_it()
    {
        var handler = new RecordingHandler(200, Envelopes.Found());
        await Transport(handler, new Uri("https://proxy.test/bakong/")).Send(Lookup, Replies.Call());
        Assert.Equal(new Uri("https://proxy.test/bakong/v1/check_transaction_by_md5"), Assert.Single(handler.Requests).Uri);
    }
}
