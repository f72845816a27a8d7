using Bakong.Functional.Runner;
using Bakong.Functional.Tests.Support;
using CsCheck;

namespace Bakong.Functional.Tests.Runner;

/// <summary>
/// Redaction: the token that was sent never comes back inside an error. The stage scrubs the transport's failures; the
/// last step scrubs the errors decoded from a response, with the token the response records it was sent with.
/// </summary>
public class RedactionStageTests
{
    private const string Secret = "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjE3NzE0OTUyMDB9.sig-XYZ_123";
    private static readonly AccessToken Token = Envelopes.Access(Secret);
    private static readonly Endpoint<Transaction> Lookup = CheckTransactionByMd5.Create(Fixture.Md5).Succ();

    /// <summary>As the transport does, a response records the token it was sent with.</summary>
    private static StubStage Sending(Fin<BakongResponse> reply) =>
        new((_, call) => new(reply.Map(r => r with { SentWith = call.Token })));

    private static async Task<BakongError> Redacted(Fin<BakongResponse> reply, AccessToken? token = null) =>
        (await new RedactionStage(Sending(reply)).Send(Lookup, Replies.Call(token ?? Token))).Fail();

    [Fact]
    public async Task The_stage_scrubs_a_transport_failure_and_hands_a_response_up_raw()
    {
        var stage = new RedactionStage(new StubStage((_, _) => new(Replies.Error(new BakongError.Transport($"echo {Secret}")))));
        var failed = await stage.Send(Lookup.Request, Replies.Call(Token));
        Assert.Equal("echo [redacted]", Assert.IsType<BakongError.Transport>(failed.Fail()).Reason);

        var body = $"bad token {Secret}";
        var raw = await new RedactionStage(Sending(Replies.Status(500, body))).Send(Lookup.Request, Replies.Call(Token));
        Assert.Equal(body, System.Text.Encoding.UTF8.GetString(raw.Succ().Body.Span));
    }

    [Fact]
    public async Task The_last_step_scrubs_the_token_a_response_was_sent_with_and_no_other()
    {
        var echoed = new BakongResponse(500, System.Text.Encoding.UTF8.GetBytes($"bad token {Secret}"), "text/plain", Option<TimeSpan>.None);

        var sentWith = (await new DecodeLast(new StubStage(echoed with { SentWith = Token })).Send(Lookup, Replies.Call())).FailAs<BakongError.ServerError, Transaction>();
        var sentWithout = (await new DecodeLast(new StubStage(echoed)).Send(Lookup, Replies.Call(Token))).FailAs<BakongError.ServerError, Transaction>();

        Assert.Equal("bad token [redacted]", sentWith.Response.Body);
        Assert.Equal($"bad token {Secret}", sentWithout.Response.Body);
    }

    [Fact]
    public async Task The_token_is_scrubbed_from_a_kept_body()
    {
        var e = (BakongError.ServerError)await Redacted(Replies.Status(500, $"bad token Bearer {Secret}!"));
        Assert.Equal("bad token Bearer [redacted]!", e.Response.Body);
    }

    [Fact]
    public async Task The_token_is_scrubbed_from_api_and_403_messages_and_their_bodies()
    {
        var api = (BakongError.ApiFailure)await Redacted(Replies.Ok(Fixture.Failure(6, $"token {Secret} expired")));
        Assert.Equal("token [redacted] expired", api.ResponseMessage);
        Assert.DoesNotContain(Secret, api.Response.Body);

        var unknown = (BakongError.UnknownApiFailure)await Redacted(Replies.Ok(Fixture.Failure(77, $"odd {Secret}")));
        Assert.Equal("odd [redacted]", unknown.ResponseMessage);

        var forbidden = (BakongError.Forbidden)await Redacted(new BakongResponse(403, System.Text.Encoding.UTF8.GetBytes(Fixture.Failure(6, Secret)), "application/json", Option<TimeSpan>.None));
        Assert.Equal("[redacted]", forbidden.ResponseMessage);
        Assert.DoesNotContain(Secret, forbidden.Response.Body);
    }

    [Fact]
    public async Task The_token_is_scrubbed_from_a_transport_reason()
    {
        var e = (BakongError.Transport)await Redacted(Replies.Error(new BakongError.Transport($"HttpRequestException: header Authorization: Bearer {Secret}")));
        Assert.Equal("HttpRequestException: header Authorization: Bearer [redacted]", e.Reason);
    }

    [Fact]
    public async Task Decode_and_too_large_bodies_are_scrubbed_too()
    {
        var decode = (BakongError.Decode)await Redacted(Replies.Ok(Secret));
        Assert.Equal("[redacted]", decode.Response.Body);

        var large = (BakongError.ResponseTooLarge)await Redacted(Replies.Error(new BakongError.ResponseTooLarge(10, new ResponseInfo(200, Secret + Secret))));
        Assert.Equal("[redacted][redacted]", large.Response.Body);
    }

    [Fact]
    public async Task Without_a_token_and_on_success_nothing_is_changed()
    {
        var body = $"echo {Secret}";
        var noToken = (await new RedactionStage(Sending(Replies.Status(500, body))).Send(Lookup, Replies.Call())).FailAs<BakongError.ServerError, Transaction>();
        Assert.Equal(body, noToken.Response.Body);

        var found = await new RedactionStage(Sending(Replies.Found)).Send(Lookup, Replies.Call(Token));
        Assert.Equal(Envelopes.Hash, found.Succ().Hash);
    }

    [Fact]
    public void No_generated_token_survives_in_any_text_an_error_keeps()
    {
        // Real tokens are long; a two-letter one could match inside "[redacted]" itself.
        var tokens = Gen.Select(Gen.Char["abcdefXYZ0123456789-._~+/"].Array[16, 200], Gen.Int[0, 2], (cs, pad) => new string(cs) + new string('=', pad));
        var text = Gen.String[0, 100];
        Gen.Select(tokens, text, text, Gen.Int[0, 4], Gen.Int[1, 3]).Sample((secret, before, after, where, times) =>
        {
            var token = Envelopes.Access(secret);
            var echoed = before + string.Concat(Enumerable.Repeat(secret, times)) + after;
            Fin<BakongResponse> reply = where switch
            {
                0 => Replies.Status(500, echoed),
                1 => Replies.Ok(Fixture.Failure(3, echoed.Replace("\\", "").Replace("\"", ""))),
                2 => Replies.Error(new BakongError.Transport(echoed)),
                3 => Replies.Status(404, echoed),
                _ => Replies.Ok(echoed),
            };
            var error = Redacted(reply, token).GetAwaiter().GetResult();
            var kept = string.Join("\n", error.Summary, error.Received.Map(r => r.Body).IfNone(""),
                error is BakongError.Transport t ? t.Reason : "", error is BakongError.ApiFailure a ? a.ResponseMessage : "");
            Assert.DoesNotContain(secret, kept, StringComparison.Ordinal);
        }, iter: Generators.Many);
    }
}
