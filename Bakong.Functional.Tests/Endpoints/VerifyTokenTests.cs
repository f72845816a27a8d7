using Bakong.Functional.Tests.Support;

namespace Bakong.Functional.Tests.Endpoints;

public class VerifyTokenTests
{
    [Fact]
    public void Builds_the_documented_request_without_a_bearer()
    {
        Assert.Equal(new BakongRequest("POST", "/v1/verify", """{"code":"ABCDEFGHIJ0123456789"}""", RequiresToken: false, IsRepeatable: false),
            VerifyToken.Create("ABCDEFGHIJ0123456789").Succ().Request);
    }

    [Fact]
    public void Golden_token_is_issued_and_never_printed()
    {
        var token = VerifyToken.Create("ABCDEFGHIJ0123456789").Succ().Decode(Fixture.Response("verify.success.json")).Succ();

        Assert.StartsWith("eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.", token.Reveal());
        Assert.Equal("AccessToken([redacted])", token.ToString());
        // The document's sample token has a garbled payload: its claims cannot be read, and that is None, not a crash.
        Assert.True(token.ExpiresAt.IsNone);
    }

    [Theory]
    [InlineData(null, "is required")]
    [InlineData("short", "must be exactly 20 characters")]
    [InlineData("ABCDEFGHIJ012345678 ", "must not contain spaces")]
    public void Rejects_codes_that_are_not_20_characters(string? code, string reason)
    {
        Assert.Equal([new FieldError("code", reason)], VerifyToken.Create(code).FailAs<BakongError.InvalidInput, Endpoint<AccessToken>>().Errors.ToArray());
    }

    [Theory]
    [InlineData("""{"responseCode":0,"data":{"token":""}}""", "$.data.token: expected a non-empty token string")]
    [InlineData("""{"responseCode":0,"data":{"token":5}}""", "$.data.token: expected a string or null, but found a number")]
    [InlineData("""{"responseCode":0,"data":{}}""", "$.data.token: expected a non-empty token string")]
    public void A_missing_or_bad_token_is_a_decode_error(string body, string expected)
    {
        Assert.Equal(expected, VerifyToken.Create("ABCDEFGHIJ0123456789").Succ().Decode(Fixture.Json(body)).FailAs<BakongError.Decode, AccessToken>().Problem.ToString());
    }
}
