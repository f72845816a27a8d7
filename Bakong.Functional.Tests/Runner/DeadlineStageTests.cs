using Bakong.Functional.Runner;
using Bakong.Functional.Tests.Support;

namespace Bakong.Functional.Tests.Runner;

/// <summary>The deadline policy alone: the per-call timeout is a <c>Timeout</c>, the caller's cancellation a <c>Cancelled</c>.</summary>
public class DeadlineStageTests
{
    private static readonly Endpoint<Transaction> Lookup = CheckTransactionByMd5.Create(Fixture.Md5).Succ();

    /// <summary>A next stage that never answers by itself: it waits until the token it was given is cancelled, as I/O would.</summary>
    private static StubStage Hanging(TimeProvider? clock = null) => new(async (_, call) =>
    {
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, call.CancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
        return Replies.Error(new BakongError.Cancelled());
    }, clock);

    [Fact]
    public async Task A_call_still_running_when_the_timeout_passes_is_a_timeout_with_that_duration()
    {
        var clock = Clock.New();
        var next = Hanging(clock);

        var call = new DeadlineStage(TimeSpan.FromSeconds(10), clock, next).Send(Lookup, Replies.Call()).AsTask();
        clock.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromTicks(1));
        await Task.Delay(20);
        Assert.False(call.IsCompleted);

        clock.Advance(TimeSpan.FromTicks(1));
        var error = (await call.WaitAsync(TimeSpan.FromSeconds(10))).FailAs<BakongError.Timeout, Transaction>();

        Assert.Equal(TimeSpan.FromSeconds(10), error.After);
        Assert.Equal(1, next.Count);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task After_a_call_that_timed_out_the_next_gets_a_deadline_of_its_own(bool systemClock)
    {
        // The stage reuses a source whose deadline did not fire; one that fired must never be handed out again.
        var clock = systemClock ? TimeProvider.System : Clock.New();
        var timeout = systemClock ? TimeSpan.FromMilliseconds(50) : TimeSpan.FromSeconds(10);
        var tokens = new List<CancellationToken>();
        var next = new StubStage(async (n, call) =>
        {
            tokens.Add(call.CancellationToken);
            if (n != 2)
                return Replies.Found;
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, call.CancellationToken);
            }
            catch (OperationCanceledException)
            {
            }
            return Replies.Error(new BakongError.Cancelled());
        }, clock);
        var stage = new DeadlineStage(timeout, clock, next);

        Assert.True((await stage.Send(Lookup.Request, Replies.Call())).IsSucc);
        var hanging = stage.Send(Lookup.Request, Replies.Call()).AsTask();
        (clock as Microsoft.Extensions.Time.Testing.FakeTimeProvider)?.Advance(timeout);
        Assert.IsType<BakongError.Timeout>((await hanging.WaitAsync(TimeSpan.FromSeconds(10))).Fail());
        var third = await stage.Send(Lookup.Request, Replies.Call());
        var fourth = await stage.Send(Lookup.Request, Replies.Call());

        Assert.True(third.IsSucc && fourth.IsSucc);
        Assert.True(tokens[1].IsCancellationRequested);
        Assert.False(tokens[2].IsCancellationRequested);
        Assert.False(tokens[3].IsCancellationRequested);
    }

    [Fact]
    public async Task The_callers_cancellation_is_cancelled_not_a_timeout()
    {
        var clock = Clock.New();
        using var cts = new CancellationTokenSource();

        var call = new DeadlineStage(TimeSpan.FromSeconds(10), clock, Hanging(clock)).Send(Lookup, Replies.Call(cancellationToken: cts.Token)).AsTask();
        clock.Advance(TimeSpan.FromSeconds(5));
        await cts.CancelAsync();

        Assert.IsType<BakongError.Cancelled>((await call.WaitAsync(TimeSpan.FromSeconds(10))).Fail());
    }

    [Fact]
    public async Task An_already_cancelled_call_is_cancelled_without_reaching_the_next_stage()
    {
        var next = Hanging();
        var result = await new DeadlineStage(TimeSpan.FromSeconds(10), Clock.New(), next).Send(Lookup, Replies.Call(cancellationToken: new CancellationToken(true)));

        Assert.IsType<BakongError.Cancelled>(result.Fail());
        Assert.Equal(0, next.Count);
    }

    [Fact]
    public async Task The_next_stage_gets_a_token_linked_to_the_callers_and_an_answer_in_time_passes_through()
    {
        var clock = Clock.New();
        using var cts = new CancellationTokenSource();
        var next = new StubStage(BakongResponse.Of(200, Envelopes.Found()), clock);

        var result = await new DeadlineStage(TimeSpan.FromSeconds(10), clock, next).Send(Lookup, Replies.Call(cancellationToken: cts.Token));

        Assert.Equal(Envelopes.Hash, result.Succ().Hash);
        var seen = Assert.Single(next.Calls).Call.CancellationToken;
        Assert.NotEqual(cts.Token, seen);
        Assert.True(seen.CanBeCanceled);
    }

    [Fact]
    public async Task Failures_other_than_cancelled_are_not_turned_into_timeouts()
    {
        var clock = Clock.New();
        var next = new StubStage((_, _) => new(Replies.Error(new BakongError.Transport("reset"))), clock);

        var result = await new DeadlineStage(TimeSpan.FromSeconds(10), clock, next).Send(Lookup, Replies.Call());

        Assert.Equal("reset", result.FailAs<BakongError.Transport, Transaction>().Reason);
    }

    [Fact]
    public async Task On_the_system_clock_the_timeout_is_a_timeout_too()
    {
        var result = await new DeadlineStage(TimeSpan.FromMilliseconds(50), TimeProvider.System, Hanging()).Send(Lookup, Replies.Call())
            .AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(TimeSpan.FromMilliseconds(50), result.FailAs<BakongError.Timeout, Transaction>().After);
    }
}
