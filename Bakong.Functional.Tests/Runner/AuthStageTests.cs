using Bakong.Functional.Runner;
using Bakong.Functional.Tests.Support;
using LanguageExt.Common;

namespace Bakong.Functional.Tests.Runner;

/// <summary>The auth policy alone: which endpoints get a token, what a token source's failures become, and the one renewal.</summary>
public class AuthStageTests
{
    private static readonly AccessToken Old = Envelopes.Access("old-token");
    private static readonly AccessToken New = Envelopes.Access("new-token");
    private static readonly Endpoint<Transaction> Lookup = CheckTransactionByMd5.Create(Fixture.Md5).Succ();

    /// <summary>A token source that counts its calls and answers from functions.</summary>
    private sealed class Source(Func<ValueTask<Fin<AccessToken>>> get, Func<AccessToken, ValueTask<Fin<AccessToken>>>? renew = null) : IAccessTokenSource
    {
        public int Gets { get; private set; }
        public List<AccessToken> Rejected { get; } = [];

        public static Source Swapping() => new(() => new(Old), _ => new(New));

        public ValueTask<Fin<AccessToken>> GetTokenAsync(CancellationToken cancellationToken = default)
        {
            Gets++;
            return get();
        }

        public ValueTask<Fin<AccessToken>> RenewAsync(AccessToken rejected, CancellationToken cancellationToken = default)
        {
            Rejected.Add(rejected);
            return renew is null ? new(rejected) : renew(rejected);
        }
    }

    private static string? Bearer((Call Call, DateTimeOffset At, BakongRequest Request) c) => c.Call.Token?.Reveal();

    [Fact]
    public async Task Endpoints_that_need_no_token_get_none_and_the_source_is_not_asked()
    {
        var source = Source.Swapping();
        var next = new StubStage(BakongResponse.Of(200, Fixture.Success("""{"token":"abc"}""")));
        var auth = new AuthStage(source, next);

        await auth.Send(RequestToken.Create("dev@shop.kh", "Shop", "Till").Succ(), Replies.Call());
        await auth.Send(VerifyToken.Create("ABCDEFGHIJ0123456789").Succ(), Replies.Call());
        await auth.Send(RenewToken.Create("dev@shop.kh").Succ(), Replies.Call());
        await auth.Send(GenerateDeeplink.Create("000201").Succ(), Replies.Call());
        var withoutSource = await new AuthStage(null, next).Send(RenewToken.Create("dev@shop.kh").Succ(), Replies.Call());

        Assert.True(withoutSource.IsSucc);
        Assert.Equal(5, next.Count);
        Assert.All(next.Calls, c => Assert.Null(c.Call.Token));
        Assert.Equal(0, source.Gets);
    }

    [Fact]
    public async Task Endpoints_that_need_a_token_get_the_sources_token()
    {
        var next = new StubStage(BakongResponse.Of(200, Envelopes.Found()));
        var result = await new AuthStage(Source.Swapping(), next).Send(Lookup, Replies.Call());

        Assert.True(result.IsSucc);
        Assert.Equal(["old-token"], next.Calls.Select(Bearer));
    }

    [Fact]
    public async Task Without_a_source_a_token_endpoint_is_invalid_input_and_nothing_is_sent()
    {
        var next = new StubStage(BakongResponse.Of(200, Envelopes.Found()));
        var e = (await new AuthStage(null, next).Send(Lookup, Replies.Call())).FailAs<BakongError.InvalidInput, Transaction>();

        Assert.Equal(["token"], e.Errors.Map(f => f.Field).ToArray());
        Assert.Equal(0, next.Count);
    }

    public static TheoryData<string> BrokenSources => ["throws", "throws-cancelled", "empty", "bakong-error", "other-error"];

    [Theory, MemberData(nameof(BrokenSources))]
    public async Task A_token_source_that_throws_fails_or_answers_nothing_becomes_a_value_and_nothing_is_sent(string how)
    {
        using var cancelled = new CancellationTokenSource();
        var source = new Source(how switch
        {
            "throws" => () => throw new InvalidOperationException("vault unreachable"),
            "throws-cancelled" => () =>
            {
                cancelled.Cancel();
                throw new OperationCanceledException(cancelled.Token);
            },
            "empty" => () => default,
            "bakong-error" => () => new(Fin<AccessToken>.Fail(new BakongError.Timeout(TimeSpan.FromSeconds(3)))),
            _ => () => new(Fin<AccessToken>.Fail(Error.New("vault said no"))),
        });
        var next = new StubStage(BakongResponse.Of(200, Envelopes.Found()));

        var error = (await new AuthStage(source, next).Send(Lookup, Replies.Call(cancellationToken: cancelled.Token))).Fail();

        Assert.Equal(0, next.Count);
        switch (how)
        {
            case "throws":
                Assert.Equal("the token source failed: InvalidOperationException", Assert.IsType<BakongError.Transport>(error).Reason);
                break;
            case "throws-cancelled":
                Assert.IsType<BakongError.Cancelled>(error);
                break;
            case "empty":
                Assert.Equal("the token source returned no value", Assert.IsType<BakongError.Transport>(error).Reason);
                break;
            case "bakong-error":
                Assert.Equal(new BakongError.Timeout(TimeSpan.FromSeconds(3)), error);
                break;
            default:
                Assert.Equal("vault said no", Assert.IsType<BakongError.Transport>(error).Reason);
                break;
        }
    }

    public static TheoryData<string> Refusals => ["http-401", "errorCode-6"];

    private static Fin<BakongResponse> Refusal(string kind) =>
        kind == "http-401" ? Replies.Status(401, "Unauthorized") : Replies.Ok(Fixture.Failure(6, "Unauthorized."));

    [Theory, MemberData(nameof(Refusals))]
    public async Task A_refusal_renews_once_and_retries_once_with_the_new_token(string refusal)
    {
        var source = Source.Swapping();
        var next = new StubStage((_, call) => new(call.Token!.Equals(Old) ? Refusal(refusal) : Replies.Found));

        var result = await new AuthStage(source, next).Send(Lookup, Replies.Call());

        Assert.Equal(Envelopes.Hash, result.Succ().Hash);
        Assert.Equal(["old-token", "new-token"], next.Calls.Select(Bearer));
        Assert.Equal([Old], source.Rejected);
        Assert.Equal(1, source.Gets);
    }

    [Theory, MemberData(nameof(Refusals))]
    public async Task A_renewed_token_that_is_refused_too_is_not_renewed_again(string refusal)
    {
        var source = Source.Swapping();
        var next = new StubStage((_, _) => new(Refusal(refusal)));

        // The stage hands up the second refusal as it came, raw; the decoder makes it an error later, once.
        var response = (await new AuthStage(source, next).Send(Lookup.Request, Replies.Call())).Succ();

        Assert.True(ResponseFacts.IsRefusal(response));
        Assert.Equal(["old-token", "new-token"], next.Calls.Select(Bearer));
        Assert.Single(source.Rejected);
    }

    [Theory, MemberData(nameof(Refusals))]
    public async Task A_renewal_that_gives_the_same_token_is_not_retried(string refusal)
    {
        var source = new Source(() => new(Old), rejected => new(rejected));
        var next = new StubStage((_, _) => new(Refusal(refusal)));

        var error = (await new AuthStage(source, next).Send(Lookup, Replies.Call())).Fail();

        Assert.True(error.IsUnauthorized);
        Assert.Equal(["old-token"], next.Calls.Select(Bearer));
        Assert.Equal([Old], source.Rejected);
    }

    [Fact]
    public async Task A_renewal_that_fails_returns_the_refusal_not_the_renewal_error()
    {
        var source = new Source(() => new(Old), _ => new(Fin<AccessToken>.Fail(new BakongError.Transport("renewal down"))));
        var next = new StubStage((_, _) => new(Replies.Status(401, "Unauthorized")));

        var error = (await new AuthStage(source, next).Send(Lookup, Replies.Call())).FailAs<BakongError.Unauthorized, Transaction>();

        Assert.Equal(new ResponseInfo(401, "Unauthorized"), error.Response);
        Assert.Equal(1, next.Count);
    }

    [Theory]
    [InlineData(403)]
    [InlineData(500)]
    [InlineData(429)]
    public async Task Other_failures_are_returned_without_a_renewal(int status)
    {
        var source = Source.Swapping();
        var next = new StubStage((_, _) => new(Replies.Status(status, "no")));

        var response = (await new AuthStage(source, next).Send(Lookup.Request, Replies.Call())).Succ();

        Assert.Equal(status, response.Status);
        Assert.Equal(1, next.Count);
        Assert.Empty(source.Rejected);
    }
}
