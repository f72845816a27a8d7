using System.Text;
using Microsoft.Extensions.Time.Testing;
using Bakong.Functional.Testing.Tests.Support;
using static Bakong.Functional.Testing.Tests.Support.FinAssert;

namespace Bakong.Functional.Testing.Tests;

public class TokenTests
{
    [Theory]
    [InlineData(Face.Handler)]
    [InlineData(Face.Server)]
    public async Task Request_verify_renew_is_the_whole_token_flow(Face face)
    {
        await using var h = await Harness.Start(face);
        var client = h.Client(authorized: false);

        Succ(await client.SendAsync(RequestToken.Create("dev@example.com", "Acme", "Shop")));
        var code = h.Emulator.VerificationCodeFor("dev@example.com");
        Assert.NotNull(code);
        Assert.Equal(20, code.Length);

        var token = Succ(await client.SendAsync(VerifyToken.Create(code)));
        var lifetime = (DateTimeOffset)token.ExpiresAt - (DateTimeOffset)token.IssuedAt;
        Assert.Equal(7_776_000, lifetime.TotalSeconds);

        // The verified token opens the bearer endpoints: an unknown md5 is "not found", not 401.
        Assert.Equal(ApiErrorCode.TransactionNotFound, ApiCode(await client.WithToken(token).SendAsync(CheckTransactionByMd5.Create(new string('a', 32)))));

        var renewed = Succ(await client.SendAsync(RenewToken.Create("dev@example.com")));
        Assert.NotEqual(token, renewed);
        Assert.Equal(ApiErrorCode.TransactionNotFound, ApiCode(await client.WithToken(renewed).SendAsync(CheckTransactionByMd5.Create(new string('a', 32)))));
    }

    [Theory]
    [InlineData(Face.Handler)]
    [InlineData(Face.Server)]
    public async Task Registration_errors_follow_the_spec(Face face)
    {
        await using var h = await Harness.Start(face);
        var client = h.Client(authorized: false);
        h.Emulator.RegisterEmail("taken@example.com");

        Assert.Equal(ApiErrorCode.EmailAlreadyRegistered, ApiCode(await client.SendAsync(RequestToken.Create("taken@example.com", "Acme", "Shop"))));
        Assert.Equal(ApiErrorCode.NotRegistered, ApiCode(await client.SendAsync(RenewToken.Create("nobody@example.com"))));
        Assert.Equal(ApiErrorCode.Unauthorized, ApiCode(await client.SendAsync(VerifyToken.Create(new string('Z', 20)))));

        var (status, body) = await h.Post(RequestToken.Path, """{"email":"x@example.com"}""");
        Assert.Equal(200, status);
        Assert.Equal(5, body.GetProperty("errorCode").GetInt32());
    }

    [Theory]
    [InlineData(Face.Handler)]
    [InlineData(Face.Server)]
    public async Task Expired_unknown_and_missing_tokens_get_401_with_error_code_6(Face face)
    {
        await using var h = await Harness.Start(face);
        var md5 = new string('b', 32);
        var expired = h.Emulator.IssueToken(issuedAt: DateTimeOffset.UtcNow.AddDays(-91));
        var foreign = new BakongEmulator().IssueToken();
        var revoked = h.Emulator.IssueToken();
        h.Emulator.RevokeToken(revoked);

        foreach (var token in new[] { expired, foreign, revoked })
            Assert.IsType<BakongError.Unauthorized>(Fail(await h.Client(token: token).SendAsync(CheckTransactionByMd5.Create(md5))));

        var (status, body) = await h.Post(CheckTransactionByMd5.Path, $$"""{"md5":"{{md5}}"}""");
        Assert.Equal(401, status);
        Assert.Equal(1, body.GetProperty("responseCode").GetInt32());
        Assert.Equal(6, body.GetProperty("errorCode").GetInt32());
    }

    [Fact]
    public async Task A_token_expires_on_the_emulator_clock()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var h = await Harness.Start(Face.Handler, new BakongEmulator(new EmulatorOptions { TokenLifetime = TimeSpan.FromHours(1) }, clock));
        var client = h.Client();
        var md5 = new string('c', 32);
        Assert.Equal(ApiErrorCode.TransactionNotFound, ApiCode(await client.SendAsync(CheckTransactionByMd5.Create(md5))));
        clock.Advance(TimeSpan.FromHours(1));
        Assert.IsType<BakongError.Unauthorized>(Fail(await client.SendAsync(CheckTransactionByMd5.Create(md5))));
    }

    [Fact]
    public void Issued_tokens_are_jwt_shaped()
    {
        var token = new BakongEmulator().IssueToken(email: "dev@example.com").Reveal();
        var parts = token.Split('.');
        Assert.Equal(3, parts.Length);
        Assert.All(parts, p => Assert.Matches("^[A-Za-z0-9_-]+$", p));
        var payload = parts[1].Replace('-', '+').Replace('_', '/');
        payload += new string('=', (4 - payload.Length % 4) % 4);
        var json = Encoding.UTF8.GetString(Convert.FromBase64String(payload));
        Assert.Contains("\"iat\":", json, StringComparison.Ordinal);
        Assert.Contains("\"exp\":", json, StringComparison.Ordinal);
    }
}
