using Bakong.Functional.Tests.Support;

namespace Bakong.Functional.Tests.Workflows;

public class AccessTokenExpiryTests
{
    [Fact]
    public void A_jwt_exposes_its_issue_and_expiry_times_without_verifying_the_signature()
    {
        var issued = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var token = Envelopes.Access(Envelopes.Jwt(issued, issued.AddSeconds(7_776_000)));

        Assert.Equal(Prelude.Some(issued), token.IssuedAt);
        Assert.Equal(Prelude.Some(issued.AddDays(90)), token.ExpiresAt);
        Assert.True(token.ExpiresWithin(TimeSpan.FromDays(1), issued.AddDays(89.5)));
        Assert.False(token.ExpiresWithin(TimeSpan.FromDays(1), issued.AddDays(88)));
        Assert.Equal("AccessToken([redacted], expires 2026-04-01T00:00:00Z)", token.ToString());
    }

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.eyJleHAiOiJzb29uIn0.c2ln")]
    public void A_malformed_token_has_no_expiry_and_never_counts_as_expiring(string raw)
    {
        var token = Envelopes.Access(raw);
        Assert.True(token.ExpiresAt.IsNone);
        Assert.False(token.ExpiresWithin(TimeSpan.FromDays(365), DateTimeOffset.MaxValue.AddDays(-400)));
        Assert.Equal("AccessToken([redacted])", token.ToString());
    }
}
