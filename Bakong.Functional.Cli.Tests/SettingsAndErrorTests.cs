namespace Bakong.Functional.Cli.Tests;

public class SettingsAndErrorTests
{
    private static string Md5 => Khqr.Md5("settings");

    [Fact]
    public async Task The_default_host_is_production()
    {
        using var cli = new Cli();
        cli.Environment.Remove(BakongCli.BaseUrlVariable);
        await cli.Run("transaction", "md5", Md5);
        Assert.Equal("api-bakong.nbc.gov.kh", cli.Recorder.Uris.Single().Host);
        Assert.Equal("https", cli.Recorder.Uris.Single().Scheme);
    }

    [Fact]
    public async Task Sit_picks_the_test_host()
    {
        using var cli = new Cli();
        cli.Environment.Remove(BakongCli.BaseUrlVariable);
        await cli.Run("transaction", "md5", Md5, "--sit");
        Assert.Equal("sit-api-bakong.nbc.gov.kh", cli.Recorder.Uris.Single().Host);
    }

    [Fact]
    public async Task The_base_url_comes_from_the_environment_and_the_flag_wins()
    {
        using var cli = new Cli();
        cli.Environment[BakongCli.BaseUrlVariable] = "http://127.0.0.1:4001";
        await cli.Run("transaction", "md5", Md5);
        await cli.Run("transaction", "md5", Md5, "--base-url", "http://127.0.0.1:4002/");
        await cli.Run("transaction", "md5", Md5, "--sit");
        Assert.Equal([4001, 4002, 443], cli.Recorder.Uris.Select(u => u.Port));
        Assert.Equal("/v1/check_transaction_by_md5", cli.Recorder.Uris[1].AbsolutePath);
    }

    [Fact]
    public async Task A_bad_base_url_is_exit_code_2()
    {
        using var cli = new Cli();
        var notUrl = await cli.Run("transaction", "md5", Md5, "--base-url", "nonsense");
        Assert.Equal(2, notUrl.Exit);
        Assert.Contains("--base-url", notUrl.Err);
        var plainHttp = await cli.Run("transaction", "md5", Md5, "--base-url", "http://example.com");
        Assert.Equal(2, plainHttp.Exit);
        Assert.Contains("https", plainHttp.Err);
        Assert.Empty(cli.Recorder.Uris);
    }

    [Fact]
    public async Task The_token_comes_from_the_environment_and_the_flag_wins()
    {
        using var cli = new Cli();
        var p = cli.Emulator.AddPayment(Md5, 1m);
        var fromEnv = await cli.Run("transaction", "md5", p.Md5);
        Assert.True(fromEnv.Exit == 0, fromEnv.ToString());

        var other = cli.Emulator.IssueToken();
        cli.Environment[BakongCli.TokenVariable] = "revoked." + other.Reveal();
        var fromFlag = await cli.Run("transaction", "md5", p.Md5, "--token", cli.Token.Reveal());
        Assert.True(fromFlag.Exit == 0, fromFlag.ToString());
    }

    [Fact]
    public async Task Without_a_token_a_lookup_is_exit_code_2_and_says_how_to_get_one()
    {
        using var cli = new Cli();
        cli.Environment.Remove(BakongCli.TokenVariable);
        var r = await cli.Run("transaction", "md5", Md5);
        Assert.Equal(2, r.Exit);
        Assert.Contains("BAKONG_TOKEN", r.Err);
        Assert.Empty(cli.Emulator.Requests);
    }

    [Fact]
    public async Task A_malformed_token_is_exit_code_2_names_the_flag_and_sends_nothing()
    {
        using var cli = new Cli();
        cli.Environment[BakongCli.TokenVariable] = "not a bearer token";
        var r = await cli.Run("transaction", "md5", Md5, "--json");
        Assert.Equal(2, r.Exit);
        var error = r.Json().GetProperty("error");
        Assert.Equal("InvalidInput", error.GetProperty("kind").GetString());
        var field = Assert.Single(error.GetProperty("fields").EnumerateArray());
        Assert.Equal("--token", field.GetProperty("field").GetString());
        Assert.Contains("bearer token", field.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Empty(cli.Emulator.Requests);
    }

    [Fact]
    public async Task A_revoked_token_is_exit_code_4_and_is_never_printed()
    {
        using var cli = new Cli();
        cli.Emulator.RevokeToken(cli.Token);
        var r = await cli.Run("transaction", "md5", Md5);
        Assert.Equal(4, r.Exit);
        Assert.Contains("401", r.Err);
        var json = await cli.Run("transaction", "md5", Md5, "--json");
        Assert.Equal(4, json.Exit);
        Assert.Equal("Unauthorized", json.Json().GetProperty("error").GetProperty("kind").GetString());
        // Cli.Run asserts the token appears in neither stream.
    }

    [Fact]
    public async Task A_geo_block_is_exit_code_5()
    {
        using var cli = new Cli();
        cli.Emulator.Inject(CheckTransactionByMd5.Path, new Fault.GeoBlocked());
        var r = await cli.Run("transaction", "md5", Md5);
        Assert.Equal(5, r.Exit);
        Assert.Contains("BakongError.Blocked", r.Err);
    }

    [Fact]
    public async Task A_server_error_without_retries_is_exit_code_7()
    {
        using var cli = new Cli();
        cli.Emulator.Inject(CheckTransactionByMd5.Path, new Fault.ServerError(503));
        var r = await cli.Run("transaction", "md5", Md5, "--no-retry");
        Assert.Equal(7, r.Exit);
        Assert.Contains("503", r.Err);
        Assert.Single(cli.Emulator.Requests);
    }

    [Fact]
    public async Task A_server_error_is_retried_by_default()
    {
        using var cli = new Cli();
        cli.Emulator.AddPayment(Md5, 1m);
        cli.Emulator.Inject(CheckTransactionByMd5.Path, new Fault.ServerError(500));
        var r = await cli.Run("transaction", "md5", Md5);
        Assert.True(r.Exit == 0, r.ToString());
        Assert.Equal(2, cli.Emulator.Requests.Count);
    }

    [Fact]
    public async Task A_call_that_never_answers_times_out_with_exit_code_6()
    {
        using var cli = new Cli();
        cli.Emulator.InjectAlways(CheckTransactionByMd5.Path, new Fault.NeverAnswer());
        var r = await cli.Run("transaction", "md5", Md5, "--timeout", "200ms", "--no-retry", "--json");
        Assert.Equal(6, r.Exit);
        Assert.Equal("Timeout", r.Json().GetProperty("error").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Usage_errors_are_exit_code_2()
    {
        using var cli = new Cli();
        var unknown = await cli.Run("transaction", "by-magic");
        Assert.Equal(2, unknown.Exit);
        Assert.Contains("--help", unknown.Err);
        var noCommand = await cli.Run();
        Assert.Equal(2, noCommand.Exit);
        var badTimeout = await cli.Run("transaction", "md5", Md5, "--timeout", "soon");
        Assert.Equal(2, badTimeout.Exit);
        Assert.Contains("not a duration", badTimeout.Err);
        Assert.Empty(cli.Emulator.Requests);
    }

    [Fact]
    public async Task Help_lists_the_commands_and_the_exit_codes()
    {
        using var cli = new Cli();
        var r = await cli.Run("--help");
        Assert.Equal(0, r.Exit);
        foreach (var word in new[] { "token", "account", "transaction", "deeplink", "wait", "demo", "Exit codes:", "130", "BAKONG_TOKEN", "--json", "--sit" })
            Assert.Contains(word, r.Out);
        var sub = await cli.Run("transaction", "short-hash", "--help");
        Assert.Equal(0, sub.Exit);
        Assert.Contains("--currency", sub.Out);
    }

    [Theory]
    [InlineData("500ms", 0.5)]
    [InlineData("30s", 30)]
    [InlineData("5m", 300)]
    [InlineData("1h", 3600)]
    [InlineData("2", 2)]
    [InlineData("00:01:30", 90)]
    public void Durations_read_as_people_type_them(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Durations.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("-5s")]
    [InlineData("0")]
    [InlineData("2d")]
    public void Bad_durations_are_rejected(string text) => Assert.Null(Durations.Parse(text));
}
