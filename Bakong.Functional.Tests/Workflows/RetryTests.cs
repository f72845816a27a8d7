using System.Net.Http.Headers;
using Bakong.Functional.Tests.Support;

namespace Bakong.Functional.Tests.Workflows;

/// <summary>Retries through the whole client, on a fake clock: the gaps between requests are measured on it.</summary>
public class RetryTests
{
    private const string Md5 = "0123456789abcdef0123456789abcdef";
    private static readonly RetryPolicy ThreeTries = new(3, BackoffSchedule.Fixed(TimeSpan.FromSeconds(1)), TimeSpan.FromMinutes(1));

    [Fact]
    public async Task A_read_is_retried_after_transient_failures_until_it_succeeds()
    {
        var time = Clock.New();
        var fake = new FakeBakong((_, _, n) => n < 3 ? new Canned(503, "down", "text/plain") : Canned.Json(Envelopes.Found())) { Clock = time };
        var client = Clients.For(fake, time, ThreeTries);

        var result = await time.RunUntilDone(client.SendAsync(CheckTransactionByMd5.Create(Md5)));

        Assert.Equal(Envelopes.Hash, result.Succ().Hash);
        Assert.Equal([Clock.Start, Clock.Start.AddSeconds(1), Clock.Start.AddSeconds(2)], fake.Requests.Select(r => r.At));
    }

    [Fact]
    public async Task Retries_stop_at_the_limit_with_the_last_error()
    {
        var time = Clock.New();
        var fake = new FakeBakong((_, _, _) => new Canned(500, "boom", "text/plain"));
        var client = Clients.For(fake, time, ThreeTries);

        var result = await time.RunUntilDone(client.SendAsync(CheckBakongAccount.Create("someone@bank")));

        var error = result.FailAs<BakongError.ServerError, bool>();
        Assert.Equal(new ResponseInfo(500, "boom"), error.Response);
        Assert.Equal(3, fake.Requests.Count);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task Retry_after_in_seconds_is_honoured_on_429_and_on_503(int status)
    {
        var time = Clock.New();
        var fake = new FakeBakong((_, _, n) => n == 1
            ? new Canned(status, "", "text/plain", new RetryConditionHeaderValue(TimeSpan.FromSeconds(30)))
            : Canned.Json(Envelopes.Found())) { Clock = time };

        var result = await time.RunUntilDone(Clients.For(fake, time, ThreeTries).SendAsync(CheckTransactionByMd5.Create(Md5)));

        Assert.True(result.IsSucc);
        Assert.Equal([Clock.Start, Clock.Start.AddSeconds(30)], fake.Requests.Select(r => r.At));
    }

    [Fact]
    public async Task Retry_after_as_an_http_date_is_honoured()
    {
        var time = Clock.New();
        var fake = new FakeBakong((_, _, n) => n == 1
            ? new Canned(429, "", "text/plain", new RetryConditionHeaderValue(Clock.Start.AddSeconds(45)))
            : Canned.Json(Envelopes.Found())) { Clock = time };

        var result = await time.RunUntilDone(Clients.For(fake, time, ThreeTries).SendAsync(CheckTransactionByMd5.Create(Md5)));

        Assert.True(result.IsSucc);
        Assert.Equal([Clock.Start, Clock.Start.AddSeconds(45)], fake.Requests.Select(r => r.At));
    }

    [Fact]
    public async Task A_retry_after_longer_than_allowed_returns_the_429_at_once()
    {
        var time = Clock.New();
        var fake = new FakeBakong((_, _, _) => new Canned(429, "", "text/plain", new RetryConditionHeaderValue(TimeSpan.FromHours(2))));

        var result = await Clients.For(fake, time, ThreeTries).SendAsync(CheckTransactionByMd5.Create(Md5));

        var error = result.FailAs<BakongError.RateLimited, Transaction>();
        Assert.Equal(Prelude.Some(TimeSpan.FromHours(2)), error.RetryAfter);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task Token_and_deeplink_calls_are_never_retried()
    {
        var time = Clock.New();
        var fake = new FakeBakong((_, _, _) => new Canned(503, "down", "text/plain"));
        var client = Clients.For(fake, time, ThreeTries);

        Assert.IsType<BakongError.ServerError>((await client.SendAsync(RequestToken.Create("me@example.com", "Org", "Shop"))).Fail());
        Assert.IsType<BakongError.ServerError>((await client.SendAsync(VerifyToken.Create(new string('a', 20)))).Fail());
        Assert.IsType<BakongError.ServerError>((await client.SendAsync(RenewToken.Create("me@example.com"))).Fail());
        Assert.IsType<BakongError.ServerError>((await client.SendAsync(GenerateDeeplink.Create("000201010212"))).Fail());

        Assert.Equal([RequestToken.Path, VerifyToken.Path, RenewToken.Path, GenerateDeeplink.Path], fake.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task Errors_that_are_not_transient_and_switched_off_retries_try_once()
    {
        var notFound = new FakeBakong((_, _, _) => Canned.Json(Envelopes.NotFound));
        var result = await Clients.For(notFound, Clock.New(), ThreeTries).SendAsync(CheckTransactionByMd5.Create(Md5));
        Assert.True(result.Fail().IsTransactionNotFound);
        Assert.Single(notFound.Requests);

        var down = new FakeBakong((_, _, _) => new Canned(503, "down", "text/plain"));
        var off = await Clients.For(down, Clock.New(), RetryPolicy.None).SendAsync(CheckTransactionByMd5.Create(Md5));
        Assert.IsType<BakongError.ServerError>(off.Fail());
        Assert.Single(down.Requests);
    }

    [Fact]
    public async Task Cancellation_ends_a_retry_wait_at_once()
    {
        var time = Clock.New();
        var fake = new FakeBakong((_, _, _) => new Canned(503, "down", "text/plain"));
        using var cts = new CancellationTokenSource();

        var call = Clients.For(fake, time, ThreeTries).SendAsync(CheckTransactionByMd5.Create(Md5), cts.Token);
        Assert.False(call.IsCompleted);
        await cts.CancelAsync();

        Assert.IsType<BakongError.Cancelled>((await call.WaitAsync(TimeSpan.FromSeconds(5))).Fail());
        Assert.Single(fake.Requests);
        Assert.Equal(Clock.Start, time.GetUtcNow());
    }

    [Fact]
    public async Task A_bad_retry_policy_is_reported_by_every_call()
    {
        var fake = new FakeBakong((_, _, _) => Canned.Json(Envelopes.Found()));
        var client = new BakongClient(new HttpMessageInvoker(fake), new BakongClientOptions
        {
            BaseUrl = new Uri("http://127.0.0.1:1"),
            Retry = new RetryPolicy(0, BackoffSchedule.Fixed(TimeSpan.FromSeconds(-1)), TimeSpan.Zero),
        });

        var error = (await client.SendAsync(CheckTransactionByMd5.Create(Md5))).FailAs<BakongError.InvalidInput, Transaction>();
        Assert.Equal(["Retry.MaxAttempts", "Retry.Schedule.InitialDelay", "Retry.Schedule.MaxDelay"], error.Errors.Map(e => e.Field).ToArray());
        Assert.Empty(fake.Requests);
    }
}
