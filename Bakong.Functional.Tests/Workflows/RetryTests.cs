using System.Net.Http.Headers;
using Bakong.Functional.Tests.Support;

namespace Bakong.Functional.Tests.Workflows;

public class RetryTests
{
    private const string Md5 = "0123456789abcdef0123456789abcdef";
    private static readonly RetryPolicy ThreeTries = new(3, BackoffSchedule.Fixed(TimeSpan.FromSeconds(1)), TimeSpan.FromMinutes(1));

    [Fact]
    public async Task A_read_is_retried_after_transient_failures_until_it_succeeds()
    {
        var time = new ManualTimeProvider();
        var start = time.GetUtcNow();
        var fake = new FakeBakong((_, _, n) => n < 3 ? new Canned(503, "down", "text/plain") : Canned.Json(Envelopes.Found()));
        var client = Clients.For(fake, time, ThreeTries);

        var result = await time.RunUntilDone(client.CheckTransactionByMd5(Md5).ToEither());

        Assert.True(result.IsRight);
        Assert.Equal(3, fake.Count(CheckTransactionByMd5.Path));
        Assert.Equal(start.AddSeconds(2), time.GetUtcNow());
    }

    [Fact]
    public async Task Retries_stop_at_the_limit_with_the_last_error()
    {
        var time = new ManualTimeProvider();
        var fake = new FakeBakong((_, _, _) => new Canned(500, "boom", "text/plain"));
        var client = Clients.For(fake, time, ThreeTries);

        var result = await time.RunUntilDone(client.SendAsync(CheckBakongAccount.Create("someone@bank")));

        var error = Assert.IsType<BakongError.ServerError>((BakongError)result);
        Assert.Equal(500, error.Response.Status);
        Assert.Equal(3, fake.Requests.Count);
    }

    [Fact]
    public async Task Retry_after_in_seconds_is_honoured()
    {
        var time = new ManualTimeProvider();
        var start = time.GetUtcNow();
        var fake = new FakeBakong((_, _, n) => n == 1
            ? new Canned(429, "", "text/plain", new RetryConditionHeaderValue(TimeSpan.FromSeconds(30)))
            : Canned.Json(Envelopes.Found()));

        var result = await time.RunUntilDone(Clients.For(fake, time, ThreeTries).CheckTransactionByMd5(Md5).ToEither());

        Assert.True(result.IsRight);
        Assert.Equal(start.AddSeconds(30), time.GetUtcNow());
    }

    [Fact]
    public async Task Retry_after_as_an_http_date_is_honoured()
    {
        var time = new ManualTimeProvider();
        var start = time.GetUtcNow();
        var fake = new FakeBakong((_, _, n) => n == 1
            ? new Canned(429, "", "text/plain", new RetryConditionHeaderValue(start.AddSeconds(45)))
            : Canned.Json(Envelopes.Found()));

        var result = await time.RunUntilDone(Clients.For(fake, time, ThreeTries).CheckTransactionByMd5(Md5).ToEither());

        Assert.True(result.IsRight);
        Assert.Equal(start.AddSeconds(45), time.GetUtcNow());
    }

    [Fact]
    public async Task A_retry_after_longer_than_allowed_returns_the_429_at_once()
    {
        var time = new ManualTimeProvider();
        var fake = new FakeBakong((_, _, _) => new Canned(429, "", "text/plain", new RetryConditionHeaderValue(TimeSpan.FromHours(2))));

        var result = await Clients.For(fake, time, ThreeTries).CheckTransactionByMd5(Md5).ToEither();

        var error = Assert.IsType<BakongError.RateLimited>((BakongError)result);
        Assert.Equal(Prelude.Some(TimeSpan.FromHours(2)), error.RetryAfter);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task Token_and_deeplink_calls_are_never_retried()
    {
        var time = new ManualTimeProvider();
        var fake = new FakeBakong((_, _, _) => new Canned(503, "down", "text/plain"));
        var client = Clients.For(fake, time, ThreeTries);

        Assert.IsType<BakongError.ServerError>((BakongError)await client.RequestToken("me@example.com", "Org", "Shop").ToEither());
        Assert.IsType<BakongError.ServerError>((BakongError)await client.VerifyToken(new string('a', 20)).ToEither());
        Assert.IsType<BakongError.ServerError>((BakongError)await client.RenewToken("me@example.com").ToEither());
        Assert.IsType<BakongError.ServerError>((BakongError)await client.GenerateDeeplink("000201010212").ToEither());

        Assert.Equal(
            new[] { RequestToken.Path, VerifyToken.Path, RenewToken.Path, GenerateDeeplink.Path },
            fake.Requests.Select(r => r.Path).ToArray());
    }

    [Fact]
    public async Task Errors_that_are_not_transient_and_switched_off_retries_try_once()
    {
        var notFound = new FakeBakong((_, _, _) => Canned.Json(Envelopes.NotFound));
        var result = await Clients.For(notFound, new ManualTimeProvider(), ThreeTries).CheckTransactionByMd5(Md5).ToEither();
        Assert.True(((BakongError)result).IsTransactionNotFound);
        Assert.Single(notFound.Requests);

        var down = new FakeBakong((_, _, _) => new Canned(503, "down", "text/plain"));
        var off = await Clients.For(down, new ManualTimeProvider(), RetryPolicy.None).CheckTransactionByMd5(Md5).ToEither();
        Assert.IsType<BakongError.ServerError>((BakongError)off);
        Assert.Single(down.Requests);
    }

    [Fact]
    public async Task Cancellation_ends_a_retry_wait_at_once()
    {
        var time = new ManualTimeProvider();
        var fake = new FakeBakong((_, _, _) => new Canned(503, "down", "text/plain"));
        using var cts = new CancellationTokenSource();

        var call = Clients.For(fake, time, ThreeTries).SendAsync(CheckTransactionByMd5.Create(Md5), cts.Token);
        Assert.False(call.IsCompleted);
        await cts.CancelAsync();

        Assert.IsType<BakongError.Cancelled>((BakongError)await call.WaitAsync(TimeSpan.FromSeconds(1)));
        Assert.Single(fake.Requests);
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

        var error = Assert.IsType<BakongError.InvalidInput>((BakongError)await client.CheckTransactionByMd5(Md5).ToEither());
        Assert.Equal(new[] { "Retry.MaxAttempts", "Retry.Schedule.InitialDelay", "Retry.Schedule.MaxDelay" }, error.Errors.Map(e => e.Field).ToArray());
        Assert.Empty(fake.Requests);
    }
}
