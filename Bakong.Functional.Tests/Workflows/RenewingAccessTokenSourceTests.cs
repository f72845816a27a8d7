using Bakong.Functional.Tests.Support;

namespace Bakong.Functional.Tests.Workflows;

public class RenewingAccessTokenSourceTests
{
    private const string Email = "shop@example.com";
    private const string Md5 = "0123456789abcdef0123456789abcdef";

    [Fact]
    public async Task A_hundred_concurrent_callers_needing_renewal_cause_exactly_one_renew_token_request()
    {
        var fresh = Envelopes.Jwt(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(90), "new");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fake = new FakeBakong(async (path, _, _) =>
        {
            await gate.Task;
            return Canned.Json(Envelopes.Token(fresh));
        });
        var expired = Envelopes.Access(Envelopes.Jwt(DateTimeOffset.UtcNow.AddDays(-91), DateTimeOffset.UtcNow.AddDays(-1), "old"));
        var source = new RenewingAccessTokenSource(Clients.For(fake), Email, expired);

        var callers = Enumerable.Range(0, 100).Select(_ => Task.Run(() => source.GetTokenAsync().AsTask())).ToArray();
        await Task.Delay(50);
        gate.SetResult();
        var tokens = await Task.WhenAll(callers).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, fake.Count(RenewToken.Path));
        Assert.All(tokens, t => Assert.Equal(fresh, ((AccessToken)t).Reveal()));
        Assert.Equal(fresh, ((AccessToken)source.Current).Reveal());
        Assert.Equal("{\"email\":\"shop@example.com\"}", fake.Requests[0].Body);
        Assert.Null(fake.Requests[0].Bearer);
    }

    [Fact]
    public async Task The_token_is_renewed_only_once_inside_the_margin_of_its_expiry()
    {
        var time = Clock.New();
        var now = time.GetUtcNow();
        var first = Envelopes.Access(Envelopes.Jwt(now.AddDays(-88), now.AddDays(2), "first"));
        var second = Envelopes.Jwt(now, now.AddDays(90), "second");
        var fake = new FakeBakong((_, _, _) => Canned.Json(Envelopes.Token(second)));
        var source = new RenewingAccessTokenSource(Clients.For(fake), Email, first, TimeSpan.FromDays(1), time);

        Assert.Equal(first, (AccessToken)await source.GetTokenAsync());
        Assert.Empty(fake.Requests);

        time.Advance(TimeSpan.FromDays(1.5));
        Assert.Equal(second, ((AccessToken)await source.GetTokenAsync()).Reveal());
        Assert.Equal(second, ((AccessToken)await source.GetTokenAsync()).Reveal());
        Assert.Equal(1, fake.Count(RenewToken.Path));
    }

    [Fact]
    public async Task A_failed_early_renewal_keeps_using_the_token_until_it_really_expires()
    {
        var time = Clock.New();
        var now = time.GetUtcNow();
        var held = Envelopes.Access(Envelopes.Jwt(now.AddDays(-89), now.AddHours(5), "held"));
        var fake = new FakeBakong((_, _, _) => new Canned(503, "down", "text/plain"));
        var source = new RenewingAccessTokenSource(Clients.For(fake), Email, held, TimeSpan.FromDays(1), time);

        Assert.Equal(held, (AccessToken)await source.GetTokenAsync());

        time.Advance(TimeSpan.FromHours(6));
        Assert.IsType<BakongError.ServerError>((await source.GetTokenAsync()).Fail());
        Assert.Equal(2, fake.Count(RenewToken.Path));
    }

    [Fact]
    public async Task A_refused_token_is_renewed_once_and_the_request_retried_with_the_new_one()
    {
        var old = Envelopes.Jwt(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(90), "old");
        var fresh = Envelopes.Jwt(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(90), "fresh");
        FakeBakong fake = null!;
        fake = new FakeBakong((path, _, _) =>
            path == RenewToken.Path ? Canned.Json(Envelopes.Token(fresh))
            : fake.Requests[^1].Bearer == old ? Canned.Json(Envelopes.Unauthorized, 401)
            : Canned.Json(Envelopes.Found()));
        var anonymous = new BakongClient(new HttpMessageInvoker(fake), new BakongClientOptions { BaseUrl = new Uri("http://127.0.0.1:1"), Retry = RetryPolicy.None });
        var client = anonymous.WithTokenSource(new RenewingAccessTokenSource(anonymous, Email, Envelopes.Access(old)));

        var result = await client.SendAsync(CheckTransactionByMd5.Create(Md5));

        Assert.True(result.IsSucc);
        Assert.Equal(
            new[] { (CheckTransactionByMd5.Path, old), (RenewToken.Path, null), (CheckTransactionByMd5.Path, fresh) },
            fake.Requests.Select(r => (r.Path, r.Bearer)).ToArray());
    }

    [Fact]
    public async Task The_source_never_prints_the_token_or_email_and_rejects_bad_arguments()
    {
        var token = Envelopes.Jwt(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(90), "secret");
        var fake = new FakeBakong((_, _, _) => Canned.Json(Envelopes.Token(token)));
        var source = new RenewingAccessTokenSource(Clients.For(fake), Email, Envelopes.Access(token));
        Assert.Equal("RenewingAccessTokenSource([redacted])", source.ToString());
        Assert.DoesNotContain(token, $"{source} {source.Current}", StringComparison.Ordinal);

        var bad = new RenewingAccessTokenSource(null, "not an email", renewalMargin: TimeSpan.FromDays(-1));
        var error = (await bad.GetTokenAsync()).FailAs<BakongError.InvalidInput, AccessToken>();
        Assert.Equal(new[] { "renewer", "email", "renewalMargin" }, error.Errors.Map(e => e.Field).ToArray());
        Assert.IsType<BakongError.InvalidInput>((await bad.RenewAsync(Envelopes.Access(token))).Fail());
    }

    [Fact]
    public async Task Cancelling_one_waiter_does_not_cancel_the_shared_renewal()
    {
        var fresh = Envelopes.Jwt(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(90), "new");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fake = new FakeBakong(async (_, _, _) =>
        {
            await gate.Task;
            return Canned.Json(Envelopes.Token(fresh));
        });
        var source = new RenewingAccessTokenSource(Clients.For(fake), Email);
        using var cts = new CancellationTokenSource();

        var cancelled = source.GetTokenAsync(cts.Token).AsTask();
        var patient = source.GetTokenAsync().AsTask();
        await cts.CancelAsync();
        Assert.IsType<BakongError.Cancelled>((await cancelled.WaitAsync(TimeSpan.FromSeconds(5))).Fail());
        gate.SetResult();

        Assert.Equal(fresh, ((AccessToken)await patient.WaitAsync(TimeSpan.FromSeconds(5))).Reveal());
        Assert.Equal(1, fake.Count(RenewToken.Path));
    }
}
