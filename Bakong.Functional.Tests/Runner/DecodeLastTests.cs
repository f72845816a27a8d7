using Bakong.Functional.Runner;
using Bakong.Functional.Tests.Support;

namespace Bakong.Functional.Tests.Runner;

/// <summary>
/// Decoding is the last step: the stages see raw responses, and the endpoint's decoder runs exactly once per call, on the
/// answer left after auth and retries, whatever happened below.
/// </summary>
public class DecodeLastTests
{
    private static readonly RetryPolicy ThreeTries = new(3, BackoffSchedule.Fixed(TimeSpan.FromSeconds(1)), TimeSpan.FromMinutes(1));
    private static readonly Endpoint<Transaction> Lookup = CheckTransactionByMd5.Create(Fixture.Md5).Succ();

    /// <summary>The lookup with a decoder that records each response it is given, and how many sends the stub had seen by then.</summary>
    private sealed class Counting(StubStage below)
    {
        public List<(int Status, int SendsBefore)> Decoded { get; } = [];

        public Endpoint<Transaction> Endpoint => new(Lookup.Request, response =>
        {
            Decoded.Add((response.Status, below.Count));
            return Lookup.Decode(response);
        });
    }

    [Fact]
    public async Task After_retries_the_decoder_runs_once_on_the_last_answer()
    {
        var clock = Clock.New();
        var next = StubStage.Script(clock, Replies.Status(503), Replies.Status(429), Replies.Found);
        var counting = new Counting(next);
        var pipeline = new DecodeLast(new RetryStage(ThreeTries, clock, () => 0.5, next));

        var result = await clock.RunUntilDone(pipeline.Send(counting.Endpoint, Replies.Call()).AsTask());

        Assert.Equal(Envelopes.Hash, result.Succ().Hash);
        Assert.Equal([(200, 3)], counting.Decoded);
    }

    [Fact]
    public async Task After_a_refusal_and_a_renewal_the_decoder_runs_once_on_the_second_answer()
    {
        var old = Envelopes.Access("old-token");
        var source = new RenewingTo(old, Envelopes.Access("new-token"));
        var next = new StubStage((_, call) => new(call.Token!.Equals(old) ? Replies.Ok(Fixture.Failure(6, "Unauthorized.")) : Replies.Found));
        var counting = new Counting(next);

        var result = await new DecodeLast(new AuthStage(source, next)).Send(counting.Endpoint, Replies.Call());

        Assert.Equal(Envelopes.Hash, result.Succ().Hash);
        Assert.Equal([(200, 2)], counting.Decoded);
    }

    [Fact]
    public async Task A_failure_below_is_passed_up_and_the_decoder_is_not_called()
    {
        var next = new StubStage((_, _) => new(Replies.Error(new BakongError.Transport("reset"))));
        var counting = new Counting(next);

        var error = (await new DecodeLast(next).Send(counting.Endpoint, Replies.Call())).FailAs<BakongError.Transport, Transaction>();

        Assert.Equal("reset", error.Reason);
        Assert.Empty(counting.Decoded);
    }

    [Fact]
    public async Task Stages_hand_up_the_raw_response_a_refusal_and_a_retry_gave_up_on()
    {
        var clock = Clock.New();
        var next = StubStage.Script(clock, Replies.Status(401, "no"));
        var source = new RenewingTo(Envelopes.Access("old-token"), Envelopes.Access("new-token"));
        var raw = new AuthStage(source, new RetryStage(ThreeTries, clock, () => 0.5, next));

        var response = (await raw.Send(Lookup.Request, Replies.Call())).Succ();

        Assert.Equal((401, "no"), (response.Status, System.Text.Encoding.UTF8.GetString(response.Body.Span)));
        Assert.Equal(2, next.Count);
    }

    [Fact]
    public async Task Through_the_whole_client_each_call_is_decoded_once_whatever_the_retries_and_renewals()
    {
        var replies = new Queue<(int Status, string Body)>([(503, "busy"), (401, "expired"), (200, Fixture.Failure(9, "Cannot connect")), (200, Envelopes.Found())]);
        var handler = new RecordingHandler(_ => { var (status, body) = replies.Dequeue(); return RecordingHandler.Reply(status, body); });
        var client = new BakongClient(new HttpClient(handler), new BakongClientOptions
        {
            BaseUrl = new Uri("https://bakong.test"),
            TokenSource = new RenewingTo(Envelopes.Access("old-token"), Envelopes.Access("new-token")),
            Retry = new RetryPolicy(3, BackoffSchedule.Fixed(TimeSpan.FromMilliseconds(1)), TimeSpan.FromMinutes(1)),
        });
        var decoded = 0;

        var result = await client.SendAsync(Lookup.MapResult(r => { decoded++; return r; }));

        Assert.Equal(Envelopes.Hash, result.Succ().Hash);
        Assert.Equal(4, handler.Requests.Count);
        Assert.Equal(1, decoded);
    }

    /// <summary>Gives <paramref name="first"/>, and <paramref name="renewed"/> when asked to renew.</summary>
    private sealed class RenewingTo(AccessToken first, AccessToken renewed) : IAccessTokenSource
    {
        public ValueTask<Fin<AccessToken>> GetTokenAsync(CancellationToken cancellationToken = default) => new(first);

        public ValueTask<Fin<AccessToken>> RenewAsync(AccessToken rejected, CancellationToken cancellationToken = default) => new(renewed);
    }
}
