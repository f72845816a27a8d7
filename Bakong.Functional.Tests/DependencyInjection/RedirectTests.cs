using Bakong.Functional.DependencyInjection;
using Bakong.Functional.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Bakong.Functional.Tests.DependencyInjection;

/// <summary>
/// A Bakong host that answers 302 to another host (127.0.0.2, a second loopback address): the client never follows,
/// and the other host never hears from it.
/// </summary>
public sealed class RedirectTests : IAsyncLifetime
{
    private const string Md5 = "0123456789abcdef0123456789abcdef";
    private const string Token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0In0.c2lnbmF0dXJl";
    private LoopbackServer elsewhere = null!;
    private LoopbackServer bakong = null!;
    private int elsewhereRequests;
    private int bakongRequests;

    public async Task InitializeAsync()
    {
        elsewhere = await LoopbackServer.StartAsync(context =>
        {
            Interlocked.Increment(ref elsewhereRequests);
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync("{\"responseCode\":0,\"responseMessage\":\"ok\",\"errorCode\":null,\"data\":null}");
        }, "127.0.0.2");
        bakong = await LoopbackServer.StartAsync(context =>
        {
            Interlocked.Increment(ref bakongRequests);
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = new Uri(elsewhere.BaseUrl, context.Request.Path.Value).AbsoluteUri;
            return Task.CompletedTask;
        });
    }

    public async Task DisposeAsync()
    {
        await bakong.DisposeAsync();
        await elsewhere.DisposeAsync();
    }

    [Fact]
    public async Task The_di_client_turns_a_redirect_into_an_error_naming_the_other_host_and_sends_nothing_there()
    {
        await using var provider = new ServiceCollection()
            .AddBakongClient(s => { s.BaseUrl = bakong.BaseUrl; s.Token = Token; s.Retry = new RetrySettings { Enabled = false }; })
            .BuildServiceProvider();

        var result = await provider.GetRequiredService<BakongClient>().SendAsync(CheckTransactionByMd5.Create(Md5));

        var error = result.FailAs<BakongError.UnexpectedStatus, Transaction>();
        Assert.Equal(302, error.Response.Status);
        Assert.Equal(elsewhere.BaseUrl.Authority, error.RedirectTo.Map(u => u.Authority).IfNone(""));
        Assert.Equal($"HTTP 302: a redirect to {elsewhere.BaseUrl.Authority}, not followed; only the base URL's host is trusted", error.Summary);
        Assert.Equal((1, 0), (bakongRequests, elsewhereRequests));
    }

    [Fact]
    public async Task Your_own_http_client_with_redirects_off_gives_the_same_error_and_nothing_reaches_the_other_host()
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        var client = new BakongClient(http, new BakongClientOptions { BaseUrl = bakong.BaseUrl, Token = AccessToken.From(Token).ToOption(), Retry = RetryPolicy.None });

        var result = await client.SendAsync(CheckTransactionByMd5.Create(Md5));

        Assert.Equal("127.0.0.2", result.FailAs<BakongError.UnexpectedStatus, Transaction>().RedirectTo.Map(u => u.Host).IfNone(""));
        Assert.Equal(0, elsewhereRequests);
    }

    [Fact]
    public async Task A_plain_http_client_follows_without_the_token_and_the_answer_from_the_other_host_is_refused()
    {
        // What the README warns about: HttpClient's default handler follows, so the other host is asked (without Authorization).
        using var http = new HttpClient();
        var client = new BakongClient(http, new BakongClientOptions { BaseUrl = bakong.BaseUrl, Token = AccessToken.From(Token).ToOption(), Retry = RetryPolicy.None });

        var result = await client.SendAsync(CheckTransactionByMd5.Create(Md5));

        Assert.StartsWith($"redirected away from the configured host to http://{elsewhere.BaseUrl.Authority}",
            result.FailAs<BakongError.Transport, Transaction>().Reason, StringComparison.Ordinal);
        Assert.Equal(1, elsewhereRequests);
    }
}
