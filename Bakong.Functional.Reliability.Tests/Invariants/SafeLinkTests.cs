using Bakong.Functional.Reliability.Tests.Support;
using static Bakong.Functional.Reliability.Tests.Invariants.Hostile;

namespace Bakong.Functional.Reliability.Tests.Invariants;

/// <summary>
/// Invariant 6: links are safe. A deep link from the API is an absolute https URL (with a host, no user name, written
/// without spaces); sourceInfo's icon is an absolute https URL and its callback https or the app's own scheme. A
/// <c>javascript:</c>, <c>data:</c> or <c>file:</c> URL is never sent and never returned.
/// </summary>
public sealed class SafeLinkTests(EmulatorFixture f) : IClassFixture<EmulatorFixture>
{
    private const string Qr = "000201010212";
    private const string Icon = "https://shop.example/icon.png";

    [Theory]
    [InlineData("javascript:alert(document.cookie)")]
    [InlineData("JavaScript:alert(1)")]
    [InlineData("  javascript:alert(1)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("vbscript:msgbox(1)")]
    [InlineData("http://shop.example/paid")]
    [InlineData("blob:https://shop.example/1")]
    [InlineData("https://shop.example/paid now")]
    public async Task A_callback_that_is_not_https_or_an_app_scheme_is_never_sent(string callback)
    {
        // Before: any absolute URI but file: was sent, so the wallet was handed a script to run after payment.
        var emulator = f.Fresh();
        AssertInvalid(await f.Client().SendAsync(GenerateDeeplink.Create(Qr, new SourceInfo(Icon, "Shop", callback))), "sourceInfo.appDeepLinkCallback");
        Assert.Empty(emulator.Requests);
    }

    [Theory]
    [InlineData(" https://shop.example/icon.png")]
    [InlineData("https://shop.example/my icon.png")]
    public async Task An_icon_url_that_is_not_exactly_an_https_url_with_a_host_is_never_sent(string icon)
    {
        // Before: Uri trimmed and escaped these into a URL the caller never wrote, and sent them.
        var emulator = f.Fresh();
        AssertInvalid(await f.Client().SendAsync(GenerateDeeplink.Create(Qr, new SourceInfo(icon, "Shop", "shop://paid"))), "sourceInfo.appIconUrl");
        Assert.Empty(emulator.Requests);
    }

    [Theory]
    [InlineData("shop://paid")]
    [InlineData("com.shop.app:/callback")]
    [InlineData("https://shop.example/paid?order=1")]
    public async Task An_app_scheme_or_https_callback_is_sent_exactly_as_written(string callback)
    {
        // Control (passes before and after): the forms the invariant allows.
        var emulator = f.Fresh();
        (await f.Client().SendAsync(GenerateDeeplink.Create(Qr, new SourceInfo(Icon, "Shop", callback)))).Succ();
        Assert.Contains($"\"appDeepLinkCallback\":\"{callback}\"", Assert.Single(emulator.Requests).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_http_deep_link_from_the_emulator_is_a_decode_error_at_shortLink()
    {
        // Before: http://bakong.page.link/… was handed to the caller to show as the payment link.
        var emulator = new BakongEmulator(new EmulatorOptions { ShortLinkBase = new Uri("http://bakong.page.link/") });
        await using var server = await emulator.StartServerAsync();
        using var http = new HttpClient();
        var client = new BakongClient(http, new BakongClientOptions { BaseUrl = server.BaseUrl, Retry = RetryPolicy.None });
        AssertDecode(await client.SendAsync(GenerateDeeplink.Create(Qr)), ".data.shortLink", "absolute https URL");
    }

    [Theory]
    [InlineData("http://bakong.page.link/abc")]
    [InlineData("HTTP://bakong.page.link/abc")]
    [InlineData("https://bakong.page.link@evil.example/abc")]
    [InlineData("https://user:pass@bakong.page.link/abc")]
    [InlineData(" https://bakong.page.link/abc")]
    [InlineData("https://bakong.page.link/abc ")]
    [InlineData("https://bakong.page.link\\\\@evil.example/")]
    [InlineData("https://bakong.page.link/a b")]
    public async Task A_deep_link_that_is_not_exactly_an_https_url_is_refused(string link)
    {
        // Before: http links, user-info disguises, and links Uri had to trim or escape were all returned.
        var emulator = f.Fresh();
        emulator.Inject(GenerateDeeplink.Path, new Fault.Rewrite(b => System.Text.RegularExpressions.Regex.Replace(b, "\"shortLink\":\"[^\"]*\"", $"\"shortLink\":\"{link}\"")));
        AssertDecode(await f.Client().SendAsync(GenerateDeeplink.Create(Qr)), ".data.shortLink", "absolute https URL");
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:text/html;base64,PHNjcmlwdD4=")]
    [InlineData("file:///etc/passwd")]
    public async Task A_script_data_or_file_link_is_never_returned(string link)
    {
        // Control (refused before and after): the three schemes the invariant names, through the nested form too.
        AssertDecode(await Serve(Bodies.Success($"{{\"shortLink\":\"{link}\"}}"), c => c.SendAsync(GenerateDeeplink.Create(Qr))), ".data.shortLink");
        AssertDecode(await Serve($"{{\"data\":{{\"shortLink\":\"{link}\",\"responseCode\":0,\"errorCode\":null}}}}", c => c.SendAsync(GenerateDeeplink.Create(Qr))), ".data.shortLink");
    }
}
