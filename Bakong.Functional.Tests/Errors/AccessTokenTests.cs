using System.Text;
using Bakong.Functional.Tests.Support;

namespace Bakong.Functional.Tests.Errors;

public class AccessTokenTests
{
    private static string Jwt(string payload) =>
        "eyJhbGciOiJIUzI1NiJ9." + Convert.ToBase64String(Encoding.UTF8.GetBytes(payload)).TrimEnd('=').Replace('+', '-').Replace('/', '_') + ".c2lnbmF0dXJl";

    [Fact]
    public void Reads_iat_and_exp_without_verifying_and_never_prints_the_token()
    {
        var token = AccessToken.From(Jwt("""{"iat":1763719200,"exp":1771495200,"data":{"id":"x"}}""")).Succ();

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1763719200), token.IssuedAt);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1771495200), token.ExpiresAt);
        Assert.Equal(TimeSpan.FromSeconds(7_776_000), (DateTimeOffset)token.ExpiresAt - (DateTimeOffset)token.IssuedAt);
        Assert.Equal("AccessToken([redacted], expires 2026-02-19T10:00:00Z)", token.ToString());
        Assert.True(token.ExpiresWithin(TimeSpan.FromDays(1), DateTimeOffset.FromUnixTimeSeconds(1771495200 - 3600)));
        Assert.False(token.ExpiresWithin(TimeSpan.FromDays(1), DateTimeOffset.FromUnixTimeSeconds(1763719200)));
    }

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("a.b.c")]
    [InlineData("a.bnVsbA.c")]
    [InlineData("a.____.c")]
    public void A_malformed_token_has_no_expiry_rather_than_crashing(string raw)
    {
        var token = AccessToken.From(raw).Succ();
        Assert.True(token.ExpiresAt.IsNone);
        Assert.False(token.ExpiresWithin(TimeSpan.FromDays(365), DateTimeOffset.UtcNow));
    }

    [Fact]
    public void A_malformed_payload_has_no_expiry()
    {
        Assert.True(AccessToken.From(Jwt("""{"exp":"tomorrow"}""")).Succ().ExpiresAt.IsNone);
        Assert.True(AccessToken.From(Jwt("""{"exp":1e30}""")).Succ().ExpiresAt.IsNone);
        Assert.True(AccessToken.From(Jwt("""{"exp":1""")).Succ().ExpiresAt.IsNone);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("two words")]
    [InlineData("line\nbreak")]
    [InlineData("a.!!!.c")]
    [InlineData("quote\"d")]
    [InlineData("=abc")]
    [InlineData("abc=def")]
    public void Anything_a_bearer_token_cannot_carry_is_rejected(string? raw)
    {
        Assert.True(AccessToken.From(raw).FailAs<BakongError.InvalidInput, AccessToken>().Names("token"));
    }
}
