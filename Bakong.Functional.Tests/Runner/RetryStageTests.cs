using Bakong.Functional.Runner;
using Bakong.Functional.Tests.Support;
using CsCheck;

namespace Bakong.Functional.Tests.Runner;

/// <summary>The retry policy alone, on a fake clock: what is retried, and when the next attempt may go out.</summary>
public class RetryStageTests
{
    private static readonly RetryPolicy ThreeTries = new(3, BackoffSchedule.Fixed(TimeSpan.FromSeconds(1)), TimeSpan.FromMinutes(1));
    private static readonly Endpoint<Transaction> Lookup = CheckTransactionByMd5.Create(Fixture.Md5).Succ();
    private static readonly ResponseInfo Info = new(200, "");

    private static RetryStage Retry(StubStage next, TimeProvider clock, RetryPolicy? policy = null) =>
        new(policy ?? ThreeTries, clock, () => 0.5, next);

    public static TheoryData<string> Transient => ["429", "500", "503", "transport", "timeout", "errorCode-9"];

    private static Fin<BakongResponse> Failure(string kind) => kind switch
    {
        "429" => Replies.Status(429),
        "500" => Replies.Status(500),
        "503" => Replies.Status(503),
        "transport" => Replies.Error(new BakongError.Transport("reset")),
        "timeout" => Replies.Error(new BakongError.Timeout(TimeSpan.FromSeconds(30))),
        _ => Replies.Ok(Fixture.Failure(9, "Cannot connect to server")),
    };

    [Theory, MemberData(nameof(Transient))]
    public async Task Each_transient_failure_is_retried_on_a_repeatable_endpoint_at_the_schedules_pace(string kind)
    {
        var clock = Clock.New();
        var next = StubStage.Script(clock, Failure(kind), Failure(kind), Replies.Found);

        var result = await clock.RunUntilDone(Retry(next, clock).Send(Lookup, Replies.Call()).AsTask());

        Assert.Equal(Envelopes.Hash, result.Succ().Hash);
        Assert.Equal([Clock.Start, Clock.Start.AddSeconds(1), Clock.Start.AddSeconds(2)], next.Calls.Select(c => c.At));
    }

    [Theory, MemberData(nameof(Transient))]
    public async Task Endpoints_that_are_not_repeatable_are_sent_once_whatever_the_failure(string kind)
    {
        var clock = Clock.New();
        var next = StubStage.Script(clock, Failure(kind), Replies.Ok(Fixture.Success("""{"token":"abc"}""")));
        var stage = Retry(next, clock);

        var renew = await stage.Send(RenewToken.Create("dev@shop.kh").Succ(), Replies.Call());
        var request = await stage.Send(RequestToken.Create("dev@shop.kh", "Shop", "Till").Succ(), Replies.Call());

        Assert.True(renew.IsFail);
        Assert.Equal(2, next.Count);
        Assert.False(RenewToken.Create("dev@shop.kh").Succ().Request.IsRepeatable);
        Assert.True(request.IsSucc);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    public async Task Failures_that_are_not_transient_are_returned_at_once(int status)
    {
        var clock = Clock.New();
        var next = StubStage.Script(clock, Replies.Status(status, "no"), Replies.Found);

        var error = (await Retry(next, clock).Send(Lookup, Replies.Call())).Fail();

        Assert.Equal(status, error.Code);
        Assert.Equal(1, next.Count);
    }

    [Fact]
    public async Task Api_failures_other_than_errorCode_9_are_returned_at_once()
    {
        var clock = Clock.New();
        foreach (var code in Enumerable.Range(1, 12).Where(c => c != 9))
        {
            var next = StubStage.Script(clock, Replies.Ok(Fixture.Failure(code)), Replies.Found);
            var error = (await Retry(next, clock).Send(Lookup, Replies.Call())).FailAs<BakongError.ApiFailure, Transaction>();
            Assert.Equal((ApiErrorCode)code, error.ErrorCode);
            Assert.Equal(1, next.Count);
        }
    }

    [Fact]
    public async Task The_last_failure_is_returned_when_attempts_run_out()
    {
        var clock = Clock.New();
        var next = StubStage.Script(clock, Replies.Status(500, "first"), Replies.Status(502, "second"), Replies.Status(503, "third"), Replies.Found);

        var result = await clock.RunUntilDone(Retry(next, clock).Send(Lookup, Replies.Call()).AsTask());

        Assert.Equal(new ResponseInfo(503, "third"), result.FailAs<BakongError.ServerError, Transaction>().Response);
        Assert.Equal(3, next.Count);
    }

    [Fact]
    public async Task The_stage_hands_up_the_last_raw_response_and_decodes_none()
    {
        var clock = Clock.New();
        var next = StubStage.Script(clock, Replies.Status(500, "first"), Replies.Ok(Fixture.Failure(9, "Cannot connect")), Replies.Status(503, "third"));
        var decoded = 0;
        var counting = Lookup.MapResult(r => { decoded++; return r; });

        var result = await clock.RunUntilDone(Retry(next, clock).Send(counting.Request, Replies.Call()).AsTask());

        Assert.Equal((503, "third"), (result.Succ().Status, System.Text.Encoding.UTF8.GetString(result.Succ().Body.Span)));
        Assert.Equal(3, next.Count);
        Assert.Equal(0, decoded);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task No_retry_goes_out_before_the_retry_after_a_429_or_a_503_asked_for(int status)
    {
        var clock = Clock.New();
        var asked = TimeSpan.FromSeconds(30);
        var next = StubStage.Script(clock, Replies.Status(status, "", asked), Replies.Found);

        var call = Retry(next, clock).Send(Lookup, Replies.Call()).AsTask();
        clock.Advance(asked - TimeSpan.FromTicks(1));
        await Task.Delay(20);
        Assert.False(call.IsCompleted);
        Assert.Equal(1, next.Count);

        clock.Advance(TimeSpan.FromTicks(1));
        var result = await call.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(result.IsSucc);
        Assert.Equal([Clock.Start, Clock.Start + asked], next.Calls.Select(c => c.At));
    }

    [Fact]
    public void Any_retry_after_up_to_the_limit_is_waited_exactly_and_a_longer_one_ends_the_retries()
    {
        // A fresh fake clock per case; each wait is measured on it to the tick.
        Gen.Select(Gen.Int[1, 120_000], Gen.OneOf(429, 500, 502, 503, 504)).Sample((ms, status) =>
        {
            var clock = Clock.New();
            var asked = TimeSpan.FromMilliseconds(ms);
            var next = StubStage.Script(clock, Replies.Status(status, "", asked), Replies.Found);

            var call = Retry(next, clock).Send(Lookup, Replies.Call()).AsTask();
            if (asked > ThreeTries.MaxRetryAfter)
            {
                Assert.True(call.IsCompleted);
                Assert.Equal(status, call.Result.Fail().Code);
                Assert.Equal(1, next.Count);
                return;
            }
            clock.Advance(asked - TimeSpan.FromTicks(1));
            Assert.Equal(1, next.Count);
            clock.Advance(TimeSpan.FromTicks(1));
            Assert.True(call.WaitAsync(TimeSpan.FromSeconds(10)).Result.IsSucc);
            Assert.Equal(Clock.Start + asked, next.Calls[1].At);
        }, iter: 300, threads: 1);
    }

    [Fact]
    public async Task Cancelling_during_a_wait_ends_it_at_once_with_cancelled()
    {
        var clock = Clock.New();
        var next = StubStage.Script(clock, Replies.Status(503, "", TimeSpan.FromSeconds(30)), Replies.Found);
        using var cts = new CancellationTokenSource();

        var call = Retry(next, clock).Send(Lookup, Replies.Call(cancellationToken: cts.Token)).AsTask();
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.False(call.IsCompleted);
        await cts.CancelAsync();

        Assert.IsType<BakongError.Cancelled>((await call.WaitAsync(TimeSpan.FromSeconds(10))).Fail());
        Assert.Equal(1, next.Count);
        Assert.Equal(Clock.Start.AddSeconds(10), clock.GetUtcNow());
    }

    [Fact]
    public async Task The_call_is_passed_on_unchanged_to_every_attempt()
    {
        var clock = Clock.New();
        var next = StubStage.Script(clock, Replies.Status(503), Replies.Found);
        var token = Envelopes.Access("the-token");
        using var cts = new CancellationTokenSource();
        var sent = new Call(token, 1234, cts.Token);

        await clock.RunUntilDone(Retry(next, clock).Send(Lookup, sent).AsTask());

        Assert.Equal([sent, sent], next.Calls.Select(c => c.Call));
    }

    [Fact]
    public void The_policy_never_retries_more_than_its_attempts_nor_waits_past_its_maximum()
    {
        var errors = Gen.OneOf<BakongError>(
            Gen.Int[0, 200_000].Select(ms => (BakongError)new BakongError.RateLimited(TimeSpan.FromMilliseconds(ms), Info)),
            Gen.Int[0, 200_000].Select(ms => (BakongError)new BakongError.ServerError(TimeSpan.FromMilliseconds(ms), Info)),
            Gen.Const((BakongError)new BakongError.ServerError(Option<TimeSpan>.None, Info)),
            Gen.Const((BakongError)new BakongError.Transport("x")),
            Gen.Const((BakongError)new BakongError.Timeout(TimeSpan.FromSeconds(1))),
            Gen.Int[1, 12].Select(c => (BakongError)new BakongError.ApiFailure((ApiErrorCode)c, "", Info)),
            Gen.Const((BakongError)new BakongError.Unauthorized(Info)));
        var policies = Gen.Select(Gen.Int[1, 10], Gen.Int[0, 5_000], Gen.Int[0, 120_000],
            (attempts, delayMs, maxAfterMs) => new RetryPolicy(attempts, new BackoffSchedule(TimeSpan.FromMilliseconds(delayMs), 2, TimeSpan.FromMilliseconds(delayMs * 4), 0.2), TimeSpan.FromMilliseconds(maxAfterMs)));

        Gen.Select(policies, errors, Gen.Int[1, 12], Gen.Double.Unit).Sample((policy, error, made, sample) =>
            policy.NextDelay(made, error, sample).Match(
                Some: wait => made < policy.MaxAttempts && error.IsTransient && error.RequestedWait.Match(
                    asked => wait == asked && asked <= policy.MaxRetryAfter,
                    () => wait >= TimeSpan.Zero && wait <= policy.Schedule.MaxDelay),
                None: () => made >= policy.MaxAttempts || !error.IsTransient || error.RequestedWait.Exists(a => a > policy.MaxRetryAfter)),
            iter: Generators.Many);
    }
}
