using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Bakong.Functional.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Bakong.Functional.Tests.Runner;

/// <summary>The runner over real sockets: Kestrel on 127.0.0.1 with an OS-chosen port.</summary>
public class RunnerLoopbackTests
{
    private static BakongClient Client(Uri baseUrl, TimeSpan? timeout = null, string? token = "loopback-token") => new(
        new HttpClient(),
        new BakongClientOptions
        {
            BaseUrl = baseUrl,
            Token = token is null ? Option<AccessToken>.None : AccessToken.From(token).Succ(),
            Timeout = timeout ?? TimeSpan.FromSeconds(10),
            Retry = RetryPolicy.None,
        });

    private static Task Write(HttpContext ctx, string json)
    {
        ctx.Response.ContentType = "application/json";
        return ctx.Response.WriteAsync(json);
    }

    [Fact]
    public async Task Success_over_a_real_socket()
    {
        await using var server = await LoopbackServer.StartAsync(ctx => Write(ctx, Fixture.Text("check_transaction.success.json")));
        var t = (await Client(server.BaseUrl).SendAsync(CheckTransactionByMd5.Create(Fixture.Md5))).Succ();
        Assert.Equal((Fixture.Hash, 1.0m, Currency.USD), (t.Hash, t.Amount, t.Currency));
    }

    [Fact]
    public async Task A_server_that_does_not_answer_in_time_is_a_timeout()
    {
        await using var server = await LoopbackServer.StartAsync(async ctx => await Task.Delay(TimeSpan.FromSeconds(30), ctx.RequestAborted));
        var watch = Stopwatch.StartNew();
        var e = (await Client(server.BaseUrl, TimeSpan.FromMilliseconds(300)).SendAsync(CheckTransactionByMd5.Create(Fixture.Md5))).FailAs<BakongError.Timeout, Transaction>();
        Assert.Equal(TimeSpan.FromMilliseconds(300), e.After);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_refused_connection_is_a_transport_error()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var e = (await Client(new Uri($"http://127.0.0.1:{port}")).SendAsync(CheckTransactionByMd5.Create(Fixture.Md5))).FailAs<BakongError.Transport, Transaction>();
        Assert.Contains("refused", e.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_body_cut_off_mid_way_is_a_transport_error()
    {
        await using var server = await LoopbackServer.StartAsync(async ctx =>
        {
            var body = System.Text.Encoding.UTF8.GetBytes(Fixture.Text("check_transaction.success.json"));
            ctx.Response.ContentLength = body.Length;
            await ctx.Response.Body.WriteAsync(body.AsMemory(0, body.Length / 2));
            await ctx.Response.Body.FlushAsync();
            ctx.Abort();
        });
        var e = (await Client(server.BaseUrl).SendAsync(CheckTransactionByMd5.Create(Fixture.Md5))).FailAs<BakongError.Transport, Transaction>();
        Assert.False(string.IsNullOrEmpty(e.Reason));
    }

    [Fact]
    public async Task Cancelling_mid_flight_returns_cancelled_promptly()
    {
        await using var server = await LoopbackServer.StartAsync(async ctx => await Task.Delay(TimeSpan.FromSeconds(30), ctx.RequestAborted));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var watch = Stopwatch.StartNew();
        var result = await Client(server.BaseUrl).SendAsync(CheckTransactionByMd5.Create(Fixture.Md5), cts.Token);
        Assert.IsType<BakongError.Cancelled>(result.Fail());
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task One_LINQ_query_renews_the_token_then_checks_by_md5()
    {
        var seen = new List<(string Path, string? Bearer)>();
        await using var server = await LoopbackServer.StartAsync(ctx =>
        {
            lock (seen) seen.Add((ctx.Request.Path, ctx.Request.Headers.Authorization.FirstOrDefault()));
            return Write(ctx, ctx.Request.Path == RenewToken.Path
                ? Fixture.Success("""{"token":"eyJhbGciOiJIUzI1NiJ9.eyJpYXQiOjE3NjM3MTkyMDAsImV4cCI6MTc3MTQ5NTIwMH0.c2ln"}""")
                : Fixture.Text("check_transaction.success.json"));
        });
        var client = Client(server.BaseUrl, token: null);

        var outcome = await (
            from token in client.Send(RenewToken.Create("dev@shop.kh"))
            from paid in client.WithToken(token).Send(CheckTransactionByMd5.Create(Fixture.Md5).OrNone())
            select paid.Match(t => $"paid {t.Amount} {t.Currency}", () => "not yet")).Run();

        Assert.Equal("paid 1.0 USD", outcome.Succ());
        Assert.Equal(
            [("/v1/renew_token", null), ("/v1/check_transaction_by_md5", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJpYXQiOjE3NjM3MTkyMDAsImV4cCI6MTc3MTQ5NTIwMH0.c2ln")],
            seen);
    }

    [Fact]
    public async Task A_geo_block_page_is_blocked_not_a_decode_error()
    {
        await using var server = await LoopbackServer.StartAsync(ctx =>
        {
            ctx.Response.StatusCode = 403;
            ctx.Response.ContentType = "text/html";
            return ctx.Response.WriteAsync("<html><body><h1>403 Forbidden</h1></body></html>");
        });
        var e = (await Client(server.BaseUrl).SendAsync(CheckTransactionsByMd5List.Create([Fixture.Md5]))).FailAs<BakongError.Blocked, Seq<BatchRow>>();
        Assert.Equal((403, "<html><body><h1>403 Forbidden</h1></body></html>"), (e.Response.Status, e.Response.Body));
    }
}
