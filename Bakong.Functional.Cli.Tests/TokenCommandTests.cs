namespace Bakong.Functional.Cli.Tests;

public class TokenCommandTests
{
    [Fact]
    public async Task Token_request_registers_the_email_and_says_the_email_was_sent()
    {
        using var cli = new Cli();
        var r = await cli.Run("token", "request", "--email", "me@example.com", "--organization", "Shop", "--project", "Pos");
        Assert.True(r.Exit == 0, r.ToString());
        Assert.Contains("Email has been sent to me@example.com", r.Out);
        Assert.True(cli.Emulator.IsRegistered("me@example.com"));
    }

    [Fact]
    public async Task Token_request_for_a_registered_email_is_an_api_failure_with_exit_code_3()
    {
        using var cli = new Cli();
        cli.Emulator.RegisterEmail("me@example.com");
        var r = await cli.Run("token", "request", "--email", "me@example.com", "--organization", "Shop", "--project", "Pos");
        Assert.Equal(3, r.Exit);
        Assert.Contains("EmailAlreadyRegistered", r.Err);
        Assert.Equal("", r.Out);
    }

    [Fact]
    public async Task Token_request_without_its_options_is_a_usage_error()
    {
        using var cli = new Cli();
        var r = await cli.Run("token", "request", "--email", "me@example.com");
        Assert.Equal(2, r.Exit);
        Assert.Contains("--organization", r.Err);
        Assert.Empty(cli.Emulator.Requests);
    }

    [Fact]
    public async Task Token_verify_prints_the_token_redacted_by_default()
    {
        using var cli = new Cli();
        var code = cli.Emulator.RegisterEmail("me@example.com");
        var r = await cli.Run("token", "verify", "--code", code);
        Assert.True(r.Exit == 0, r.ToString());
        Assert.Contains("AccessToken([redacted]", r.Out);
        Assert.Contains("expires:", r.Out);
        Assert.DoesNotContain("eyJ", r.Out + r.Err);   // no JWT anywhere
    }

    [Fact]
    public async Task Token_verify_with_show_token_prints_a_token_that_works()
    {
        using var cli = new Cli();
        cli.Emulator.AddAccount("shop@bank");
        var code = cli.Emulator.RegisterEmail("me@example.com");
        var r = await cli.Run("token", "verify", "--code", code, "--show-token", "--json");
        Assert.True(r.Exit == 0, r.ToString());
        var token = r.Json().GetProperty("result").GetProperty("token").GetString()!;
        Assert.StartsWith("eyJ", token);
        Assert.True(r.Json().GetProperty("result").GetProperty("shown").GetBoolean());

        cli.Environment.Remove(BakongCli.TokenVariable);
        var check = await cli.Run("account", "exists", "shop@bank", "--token", token);
        Assert.True(check.Exit == 0, check.ToString());
    }

    [Fact]
    public async Task Token_verify_with_a_wrong_code_is_unauthorized_with_exit_code_4()
    {
        using var cli = new Cli();
        cli.Emulator.RegisterEmail("me@example.com");
        var r = await cli.Run("token", "verify", "--code", "AAAAAAAAAAAAAAAAAAAA");
        Assert.Equal(4, r.Exit);
        Assert.Contains("Unauthorized", r.Err);
    }

    [Fact]
    public async Task Token_renew_json_has_the_token_redacted_and_its_expiry()
    {
        using var cli = new Cli();
        cli.Emulator.RegisterEmail("me@example.com");
        var r = await cli.Run("token", "renew", "--email", "me@example.com", "--json");
        Assert.True(r.Exit == 0, r.ToString());
        var doc = r.Json();
        Assert.Equal("token renew", doc.GetProperty("command").GetString());
        Assert.True(doc.GetProperty("ok").GetBoolean());
        Assert.Equal(0, doc.GetProperty("exitCode").GetInt32());
        var result = doc.GetProperty("result");
        Assert.Equal("[redacted]", result.GetProperty("token").GetString());
        Assert.False(result.GetProperty("shown").GetBoolean());
        Assert.True(result.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow);
        Assert.DoesNotContain("eyJ", r.Out + r.Err);
        Assert.Equal("", r.Err);
    }

    [Fact]
    public async Task Token_renew_for_an_unregistered_email_is_an_api_failure()
    {
        using var cli = new Cli();
        var r = await cli.Run("token", "renew", "--email", "nobody@example.com");
        Assert.Equal(3, r.Exit);
        Assert.Contains("NotRegistered", r.Err);
    }
}
