using System.Text;
using Bakong.Functional.Reliability.Tests.Support;
using static Bakong.Functional.Reliability.Tests.Invariants.Hostile;

namespace Bakong.Functional.Reliability.Tests.Invariants;

/// <summary>
/// Invariant 7: tokens are what a header can carry. A token verify or renew_token hands out that a bearer header cannot
/// hold is a decode error at <c>.data.token</c>, where it arrives; and <c>exp</c>/<c>iat</c> are RFC 7519 NumericDates,
/// fractional or with an exponent.
/// </summary>
public sealed class TokenTests(EmulatorFixture f) : IClassFixture<EmulatorFixture>
{
    private static string Jwt(string payload) =>
        B64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + B64(payload) + ".c2lnbmF0dXJl";

    private static string B64(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Verifies a fresh registration, with the issued token's JSON value replaced by <paramref name="tokenJson"/>.</summary>
    private async Task<Fin<AccessToken>> VerifyAnswering(string tokenJson)
    {
        var emulator = f.Fresh();
        var code = emulator.RegisterEmail($"t{Guid.NewGuid():N}"[..20] + "@ex.com");
        emulator.Inject(VerifyToken.Path, new Fault.Rewrite(b => System.Text.RegularExpressions.Regex.Replace(b, "\"token\":\"[^\"]*\"", "\"token\":" + tokenJson.Replace("$", "$$", StringComparison.Ordinal))));
        return await f.Client().SendAsync(VerifyToken.Create(code));
    }

    [Theory]
    [InlineData("\"abc def\"")]
    [InlineData("\"abc\\r\\nX-Injected: 1\"")]
    [InlineData("\"t\\u00f6ken\"")]
    [InlineData("\"ab=cd\"")]
    [InlineData("\"\\\"quoted\\\"\"")]
    public async Task A_verify_token_no_bearer_header_can_carry_is_a_decode_error_at_data_token(string tokenJson)
    {
        // Before Core v2 these failed every later call; on main the path was already .data.token but the reason said only "a non-empty token string".
        var e = AssertDecode(await VerifyAnswering(tokenJson), ".data.token", "RFC 6750");
        Assert.DoesNotContain("Injected", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_renew_token_answer_with_a_bad_token_is_refused_and_its_body_withheld()
    {
        // Before: the reason said only "a non-empty token string".
        var emulator = f.Fresh();
        emulator.RegisterEmail("renew-bad@ex.com");
        emulator.Inject(RenewToken.Path, new Fault.Rewrite(b => System.Text.RegularExpressions.Regex.Replace(b, "\"token\":\"[^\"]*\"", "\"token\":\"secret part one\"")));
        var e = (await f.Client().SendAsync(RenewToken.Create("renew-bad@ex.com"))).FailAs<BakongError.Decode, AccessToken>();
        Assert.Equal((".data.token", true), (e.Problem.Path, e.Problem.Expected.Contains("RFC 6750", StringComparison.Ordinal)));
        Assert.DoesNotContain("secret part", e.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1700000000.5", "2023-11-14T22:13:20.5000000+00:00")]
    [InlineData("1.7e9", "2023-11-14T22:13:20.0000000+00:00")]
    [InlineData("1700000000.999999", "2023-11-14T22:13:20.9990000+00:00")]
    [InlineData("17000000005E-1", "2023-11-14T22:13:20.5000000+00:00")]
    public async Task A_fractional_or_exponent_exp_from_verify_is_read(string exp, string expected)
    {
        // Before: only integral exp was read; a fractional one left ExpiresAt None, so the token was never renewed ahead of time.
        var token = (await VerifyAnswering($"\"{Jwt($"{{\"sub\":\"x\",\"iat\":1692224000.25,\"exp\":{exp}}}")}\"")).Succ();
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), (DateTimeOffset)token.ExpiresAt);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_692_224_000_250), (DateTimeOffset)token.IssuedAt);
        Assert.True(token.ExpiresWithin(TimeSpan.FromMinutes(5), (DateTimeOffset)token.ExpiresAt - TimeSpan.FromMinutes(1)));
    }

    [Theory]
    [InlineData("{\"exp\":1700000000,\"exp\":1900000000}")]
    [InlineData("{\"exp\":1900000000,\"e\\u0078p\":1700000000}")]
    public void A_repeated_exp_claim_is_not_read(string payload)
    {
        // Before: the last exp won, so a token could claim the later of two expiries.
        var token = AccessToken.From(Jwt(payload)).Succ();
        Assert.True(token.ExpiresAt.IsNone);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("\"1700000000\"")]
    [InlineData("1e400")]
    [InlineData("253402300800")]
    public void An_exp_that_is_not_a_NumericDate_within_range_is_not_read(string exp)
    {
        // Control (unread before and after): strings, negatives and dates past year 9999.
        Assert.True(AccessToken.From(Jwt($"{{\"exp\":{exp}}}")).Succ().ExpiresAt.IsNone);
    }
}
