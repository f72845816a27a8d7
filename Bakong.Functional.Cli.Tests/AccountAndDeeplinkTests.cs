namespace Bakong.Functional.Cli.Tests;

public class AccountAndDeeplinkTests
{
    [Fact]
    public async Task Account_exists_is_exit_code_0_for_an_account_and_1_for_none()
    {
        using var cli = new Cli();
        cli.Emulator.AddAccount("shop@bank");
        var yes = await cli.Run("account", "exists", "shop@bank");
        Assert.True(yes.Exit == 0, yes.ToString());
        Assert.Contains("shop@bank: exists", yes.Out);

        var no = await cli.Run("account", "exists", "nobody@bank", "--json");
        Assert.Equal(1, no.Exit);
        var doc = no.Json();
        Assert.True(doc.GetProperty("ok").GetBoolean());
        Assert.Equal(1, doc.GetProperty("exitCode").GetInt32());
        Assert.False(doc.GetProperty("result").GetProperty("exists").GetBoolean());
    }

    [Fact]
    public async Task A_malformed_account_id_is_invalid_input_without_a_request()
    {
        using var cli = new Cli();
        var r = await cli.Run("account", "exists", "no-at-sign");
        Assert.Equal(2, r.Exit);
        Assert.Contains("accountId", r.Err);
        Assert.Empty(cli.Emulator.Requests);
    }

    [Fact]
    public async Task Deeplink_prints_the_short_link()
    {
        using var cli = new Cli();
        var r = await cli.Run("deeplink", "000201010212qr", "--app-icon-url", "https://shop.example.com/i.png", "--app-name", "Shop", "--app-callback", "https://shop.example.com/back");
        Assert.True(r.Exit == 0, r.ToString());
        Assert.StartsWith("https://bakong.page.link/", r.Out.Trim());
        Assert.Contains("sourceInfo", cli.Emulator.Requests.Single().Body);
    }

    [Fact]
    public async Task Deeplink_json_has_the_short_link_and_needs_no_token()
    {
        using var cli = new Cli();
        cli.Environment.Remove(BakongCli.TokenVariable);
        var r = await cli.Run("--json", "deeplink", "000201010212qr");
        Assert.True(r.Exit == 0, r.ToString());
        Assert.StartsWith("https://", r.Json().GetProperty("result").GetProperty("shortLink").GetString());
    }

    [Fact]
    public async Task Deeplink_with_only_part_of_the_source_info_is_invalid_input()
    {
        using var cli = new Cli();
        var r = await cli.Run("deeplink", "000201010212qr", "--app-name", "Shop");
        Assert.Equal(2, r.Exit);
        Assert.Contains("sourceInfo.appIconUrl", r.Err);
        Assert.Empty(cli.Emulator.Requests);
    }
}
