using System.Net;
using System.Text.Json;
using Bakong.Functional.Sandbox.Tests.Support;

namespace Bakong.Functional.Sandbox.Tests;

/// <summary>The dashboard's actions without a browser: as JSON for scripts, and as plain forms, which is the page with JavaScript off.</summary>
public sealed class SandboxApiTests : IAsyncLifetime
{
    private SandboxServer sandbox = null!;
    private readonly HttpClient http = new(new HttpClientHandler { AllowAutoRedirect = false });
    private SandboxApi api = null!;

    public async Task InitializeAsync()
    {
        sandbox = (SandboxServer)await SandboxServer.StartAsync(new SandboxSettings(0, TimeSpan.Zero, SandboxSeed.Empty));
        api = new SandboxApi(http, sandbox.BaseUrl);
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await sandbox.DisposeAsync();
    }

    private BakongClient Client(AccessToken? token = null) =>
        new(http, new BakongClientOptions { BaseUrl = sandbox.BaseUrl, Token = token ?? sandbox.Token, Retry = RetryPolicy.None });

    [Fact]
    public async Task A_script_makes_a_qr_gets_its_svg_pays_it_and_reads_the_state()
    {
        var (created, qr) = await api.PostAsync("_sandbox/qr", new { amount = "1.50", billNumber = "INV-7", validity = "5m" });
        Assert.Equal(201, created);
        var md5 = qr.GetProperty("md5").GetString()!;
        var payload = qr.GetProperty("payload").GetString()!;
        Assert.Equal(Khqr.Md5(payload), md5);
        var decoded = Khqr.Decode(payload);
        Assert.Equal((true, SandboxServer.DefaultAccount, 1.50m, "INV-7"),
            (decoded.IsValid, decoded.Account.Map(a => a.AccountId).IfNone(""), decoded.Amount.IfNone(0m), decoded.AdditionalData.BillNumber.IfNone("")));
        using (var svg = await http.GetAsync(new Uri(sandbox.BaseUrl, qr.GetProperty("svg").GetString())))
        {
            Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
            Assert.StartsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"", await svg.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var (paid, view) = await api.PostAsync($"_sandbox/payments/{md5}/pay");

        Assert.Equal((200, "paid"), (paid, view.GetProperty("status").GetString()));
        Assert.Equal(1.50m, view.GetProperty("payment").GetProperty("amount").GetDecimal());
        var found = await Client().SendAsync(CheckTransactionByMd5.Create(md5));
        Assert.Equal(1.50m, found.Map(t => t.Amount).IfFail(0m));
        var (_, state) = await api.GetAsync("_sandbox/state");
        Assert.Equal(sandbox.BaseUrl.AbsoluteUri, state.GetProperty("baseUrl").GetString());
        var row = Assert.Single(state.GetProperty("payments").EnumerateArray());
        Assert.Equal((md5, "paid", 1), (row.GetProperty("md5").GetString(), row.GetProperty("status").GetString(), row.GetProperty("checks").GetInt32()));
    }

    [Fact]
    public async Task Refusals_are_400_naming_each_field_and_unknown_paths_are_404()
    {
        var md5 = await api.MakeQrAsync(new { amount = "2" });
        await api.PostAsync($"_sandbox/payments/{md5}/pay");

        Assert.Equal(["amount", "merchantName"], Fields(await api.PostAsync("_sandbox/qr", new { merchantName = new string('x', 26), amount = "1.5", currency = "KHR" })));
        Assert.Equal(["currency", "validity"], Fields(await api.PostAsync("_sandbox/qr", new { currency = "EUR", validity = "soon" })));
        Assert.Equal(["md5"], Fields(await api.PostAsync($"_sandbox/payments/{md5}/pay")));
        Assert.Equal(["md5"], Fields(await api.PostAsync($"_sandbox/payments/{Khqr.Md5("unknown")}/fail")));
        Assert.Equal(["amount"], Fields(await api.PostAsync($"_sandbox/payments/{md5}/pay", new { amount = "lots" })));
        Assert.Equal(["kind"], Fields(await api.PostAsync("_sandbox/faults", new { kind = "meteor" })));
        Assert.Equal(["path", "times"], Fields(await api.PostAsync("_sandbox/faults", new { kind = "geo-block", path = "/v2/nothing", times = "0" })));
        Assert.Equal(["amount"], Fields(await api.PostAsync($"_sandbox/payments/{md5}/pay", new { amount = new[] { 1 } })));
        Assert.Equal(404, (await api.GetAsync("_sandbox/nothing")).Status);
        Assert.Equal(405, (await api.GetAsync("_sandbox/qr")).Status);
        Assert.Equal(405, (await api.PostAsync("_sandbox/state")).Status);
        using var rootPost = await http.PostAsync(sandbox.BaseUrl, null);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, rootPost.StatusCode);
    }

    [Fact]
    public async Task Faults_added_from_the_dashboard_reach_the_api_and_clear()
    {
        var md5 = await api.MakeQrAsync(new { amount = "2" });
        await api.PostAsync($"_sandbox/payments/{md5}/pay");
        var client = Client();

        await api.PostAsync("_sandbox/faults", new { kind = "geo-block" });
        Assert.IsType<BakongError.Blocked>(BakongError.From((LanguageExt.Common.Error)await client.SendAsync(CheckTransactionByMd5.Create(md5))));
        await api.PostAsync("_sandbox/faults", new { kind = "rate-limit", retryAfter = "2s", path = CheckTransactionByMd5.Path });
        var limited = Assert.IsType<BakongError.RateLimited>(BakongError.From((LanguageExt.Common.Error)await client.SendAsync(CheckTransactionByMd5.Create(md5))));
        Assert.Equal(TimeSpan.FromSeconds(2), limited.RetryAfter.IfNone(TimeSpan.Zero));
        var (status, added) = await api.PostAsync("_sandbox/faults", new { kind = "server-error", status = "503", times = "always" });
        Assert.Equal(200, status);
        Assert.Equal("HTTP 503 with an HTML page", Assert.Single(added.GetProperty("faults").EnumerateArray()).GetProperty("fault").GetString());
        var server = Assert.IsType<BakongError.ServerError>(BakongError.From((LanguageExt.Common.Error)await client.SendAsync(CheckTransactionByMd5.Create(md5))));
        Assert.Equal(503, server.Response.Status);

        await api.PostAsync("_sandbox/faults/clear");
        Assert.True((await client.SendAsync(CheckTransactionByMd5.Create(md5))).IsSucc);
    }

    [Fact]
    public async Task Expiring_tokens_now_makes_the_client_unauthorized_until_it_takes_a_new_token()
    {
        var old = sandbox.Token;
        var (_, expired) = await api.PostAsync("_sandbox/tokens/expire");
        Assert.Equal(1, expired.GetProperty("expired").GetInt32());
        Assert.IsType<BakongError.Unauthorized>(BakongError.From((LanguageExt.Common.Error)await Client(old).SendAsync(CheckTransactionByMd5.Create(Khqr.Md5("x")))));

        var (_, issued) = await api.PostAsync("_sandbox/tokens");
        var fresh = (AccessToken)AccessToken.From(issued.GetProperty("token").GetString());
        Assert.Equal(fresh.Reveal(), sandbox.Token.Reveal());
        Assert.Equal(ApiErrorCode.TransactionNotFound,
            Assert.IsType<BakongError.ApiFailure>(BakongError.From((LanguageExt.Common.Error)await Client(fresh).SendAsync(CheckTransactionByMd5.Create(Khqr.Md5("x"))))).ErrorCode);
    }

    [Fact]
    public async Task With_javascript_off_every_form_posts_and_redirects_and_a_refusal_shows_the_page_with_its_errors()
    {
        using var make = await Form("_sandbox/qr", ("accountId", "shop@sandbox"), ("merchantName", "Corner Cafe"), ("amount", "3.75"), ("currency", "USD"), ("billNumber", ""), ("validity", "10m"));
        Assert.Equal(HttpStatusCode.SeeOther, make.StatusCode);
        var md5 = System.Web.HttpUtility.ParseQueryString(new Uri(sandbox.BaseUrl, make.Headers.Location!).Query)["qr"]!;
        var page = await http.GetStringAsync(new Uri(sandbox.BaseUrl, make.Headers.Location!));
        Assert.Contains($"<tr data-md5=\"{md5}\" data-status=\"pending\">", page, StringComparison.Ordinal);
        Assert.Contains($"<code id=\"qr-md5\">{md5}</code>", page, StringComparison.Ordinal);

        using var pay = await Form($"_sandbox/payments/{md5}/pay", ("amount", "3.00"));
        Assert.Equal((HttpStatusCode.SeeOther, $"/?qr={md5}#payments"), (pay.StatusCode, pay.Headers.Location?.OriginalString));
        page = await http.GetStringAsync(sandbox.BaseUrl);
        Assert.Contains($"<tr data-md5=\"{md5}\" data-status=\"mismatched\">", page, StringComparison.Ordinal);
        Assert.Contains("underpaid: 3.00 USD of 3.75 USD", page, StringComparison.Ordinal);

        using var refused = await Form("_sandbox/qr", ("merchantName", "Corner Cafe <script>"), ("amount", "1.234"), ("currency", "USD"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("text/html", refused.Content.Headers.ContentType?.MediaType);
        var again = await refused.Content.ReadAsStringAsync();
        Assert.Contains("<li data-field=\"amount\">", again, StringComparison.Ordinal);
        // What was typed is kept, and escaped.
        Assert.Contains("value=\"Corner Cafe &lt;script&gt;\"", again, StringComparison.Ordinal);
        Assert.Contains("value=\"1.234\"", again, StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> Form(string path, params (string Name, string Value)[] fields)
    {
        using var content = new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)));
        return await http.PostAsync(new Uri(sandbox.BaseUrl, path), content);
    }

    private static string[] Fields((int Status, JsonElement Body) answer)
    {
        Assert.Equal(400, answer.Status);
        Assert.Equal("invalid_input", answer.Body.GetProperty("error").GetString());
        return answer.Body.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()!).ToArray();
    }
}
