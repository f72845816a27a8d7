using Bakong.Functional.Runner;
using Bakong.Functional.Tests.Support;
using CsCheck;

namespace Bakong.Functional.Tests.Runner;

/// <summary>
/// What the auth and retry stages read of a raw answer agrees with the error the decoder makes of the same answer, for
/// every status, envelope and header: the stages decide on HTTP facts without decoding.
/// </summary>
public class ResponseFactsTests
{
    private static readonly Endpoint<Transaction> Lookup = CheckTransactionByMd5.Create(Fixture.Md5).Succ();

    private static readonly Gen<string> Bodies = Gen.OneOf(
        Gen.Int[0, 16].Select(code => Fixture.Failure(code, "failed")),
        Gen.Int[0, 16].Select(code => $$"""{"errorCode":{{code}},"data":null,"responseMessage":"m","responseCode":1}"""),
        Gen.Int[0, 16].Select(code => $$"""{"responseCode":0,"errorCode":{{code}},"data":null}"""),
        Gen.Int[0, 16].Select(code => $$"""{"responseCode":1,"errorCode":{{code}},"responseCode":1}"""),
        Gen.Const(Envelopes.Found()),
        Gen.Const("""{"responseCode":1,"errorCode":6"""),
        Gen.Const("<html>blocked</html>"),
        Gen.Const(""),
        Gen.Const("\uFEFF" + Fixture.Failure(9, "bom")));

    private static readonly Gen<BakongResponse> Responses = Gen.Select(
        Gen.Int[0, 12].Select(i => new[] { 200, 201, 204, 301, 400, 401, 403, 404, 429, 500, 503, 599, 600 }[i]),
        Bodies,
        Gen.Int[-1, 120],
        (status, body, wait) => new BakongResponse(status, System.Text.Encoding.UTF8.GetBytes(body), "application/json",
            wait < 0 ? Option<TimeSpan>.None : TimeSpan.FromSeconds(wait)));

    [Fact]
    public void Refusal_transience_and_requested_wait_agree_with_the_decoded_error()
    {
        Responses.Sample(response =>
        {
            var error = Lookup.Decode(response).Match(_ => (BakongError?)null, BakongError.From);
            Assert.Equal(error?.IsUnauthorized ?? false, ResponseFacts.IsRefusal(response));
            // The retry's log and metric name the same error type the decoded error has.
            Assert.Equal(error is { IsTransient: true } ? Bakong.Functional.Diagnostics.Telemetry.ErrorType(error) : null, ResponseFacts.Transient(response));
            Assert.Equal(error?.RequestedWait.Map(w => w.TotalSeconds).IfNone(-1) ?? -1, ResponseFacts.RequestedWait(response).Map(w => w.TotalSeconds).IfNone(-1));
        }, iter: Generators.Many);
    }
}
