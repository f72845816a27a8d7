using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bakong.Functional.Cli;
using Bakong.Functional.DependencyInjection;
using Bakong.Functional.Sandbox.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bakong.Functional.Sandbox.Tests;

/// <summary>
/// A checkout developed against the sandbox: the app makes its own KHQR, the sandbox shows that very QR, the customer
/// pays it there, and the app's hosted watcher sees it paid.
/// </summary>
public sealed class CheckoutTests : IAsyncLifetime
{
    private SandboxServer sandbox = null!;
    private readonly HttpClient http = new(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };
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

    [Fact]
    public async Task An_aspnet_checkout_encodes_its_qr_the_sandbox_shows_and_pays_it_and_the_hosted_watcher_sees_paid()
    {
        await using var shop = await Shop.StartAsync(sandbox);

        // The app's checkout makes its own KHQR and starts watching it.
        using var checkout = await http.PostAsync(new Uri(shop.Url, "/checkout?amount=2.50"), null);
        Assert.Equal(HttpStatusCode.Accepted, checkout.StatusCode);
        var order = await checkout.Content.ReadFromJsonAsync<Dictionary<string, string>>();
        var (payload, md5) = (order!["payload"], order["md5"]);

        // The developer shows that very QR in the sandbox: same payload, same md5.
        var (shownStatus, shown) = await api.PostAsync("_sandbox/qr", new { payload });
        Assert.Equal(201, shownStatus);
        Assert.Equal((md5, payload), (shown.GetProperty("md5").GetString(), shown.GetProperty("payload").GetString()));
        var waiting = http.GetAsync(new Uri(shop.Url, $"/payments/{md5}"));
        await Until(() => sandbox.Emulator.Overview().Payments.Single(p => p.Md5 == md5).Checks > 0);
        Assert.False(waiting.IsCompleted);

        var (paidStatus, paid) = await api.PostAsync($"_sandbox/payments/{md5}/pay");

        Assert.Equal((200, "paid"), (paidStatus, paid.GetProperty("status").GetString()));
        using var answer = await waiting;
        Assert.Equal("Paid", (await answer.Content.ReadFromJsonAsync<Dictionary<string, string>>())!["outcome"]);
    }

    [Theory]
    [InlineData("2.00", "mismatched", "Mismatch")]
    [InlineData(null, "failed", "Failed")]
    public async Task Paying_a_different_amount_or_failing_the_apps_own_qr_ends_its_wait_so(string? amount, string status, string outcome)
    {
        var code = (KhqrCode)Khqr.Encode(new KhqrRequest(new KhqrAccount.Individual(SandboxServer.DefaultAccount), "My Shop", Currency.USD) { Amount = 2.50m });
        Assert.Equal(201, (await api.PostAsync("_sandbox/qr", new { payload = code.Payload })).Status);
        var client = new BakongClient(http, new BakongClientOptions { BaseUrl = sandbox.BaseUrl, Token = sandbox.Token });
        var wait = client.WaitForPaymentAsync(code, schedule: BackoffSchedule.Fixed(TimeSpan.FromMilliseconds(50)));

        var (settled, view) = amount is null
            ? await api.PostAsync($"_sandbox/payments/{code.Md5}/fail")
            : await api.PostAsync($"_sandbox/payments/{code.Md5}/pay", new { amount });

        Assert.Equal((200, status), (settled, view.GetProperty("status").GetString()));
        var ended = (await wait).Match(o => o, e => throw new Xunit.Sdk.XunitException(e.Message));
        Assert.Equal(outcome, ended.GetType().Name);
    }

    [Fact]
    public async Task A_fixed_price_static_sticker_is_shown_with_its_amount_paid_and_answers_as_a_static_qr()
    {
        // 01 = 11 with an amount (tag 54): EMVCo allows it, and encode never makes one, so it is written by hand
        // (ToCode puts the right CRC on it).
        var payload = Khqr.Decode("00020101021129160012shop@sandbox520459995303840540512.505802KH5910Jonh Smith6010PHNOM PENH63040000").ToCode().Payload;
        var (status, shown) = await api.PostAsync("_sandbox/qr", new { payload });
        Assert.Equal(201, status);
        Assert.Equal(12.50m, sandbox.Emulator.ShownQr(shown.GetProperty("md5").GetString()).Bind(q => q.Amount).IfNone(0m));

        var (paid, view) = await api.PostAsync($"_sandbox/payments/{Khqr.Md5(payload)}/pay");

        Assert.Equal((200, "static"), (paid, view.GetProperty("status").GetString()));
        var client = new BakongClient(http, new BakongClientOptions { BaseUrl = sandbox.BaseUrl, Token = sandbox.Token });
        Assert.IsType<PaymentOutcome.StaticQr>((await client.WaitForPaymentAsync(Khqr.Decode(payload), DateTimeOffset.UtcNow.AddMinutes(1))).Match(o => o, e => throw new Xunit.Sdk.XunitException(e.Message)));
        Assert.Equal(ApiErrorCode.StaticQrNotSupported,
            Assert.IsType<BakongError.ApiFailure>(BakongError.From((LanguageExt.Common.Error)await client.SendAsync(CheckTransactionByMd5.Create(Khqr.Md5(payload))))).ErrorCode);
    }

    [Fact]
    public async Task A_qr_the_checkout_asks_a_deep_link_for_is_shown_ready_to_pay()
    {
        var code = (KhqrCode)Khqr.Encode(new KhqrRequest(new KhqrAccount.Individual(SandboxServer.DefaultAccount), "My Shop", Currency.USD) { Amount = 3.00m });
        var client = new BakongClient(http, new BakongClientOptions { BaseUrl = sandbox.BaseUrl, Token = sandbox.Token });

        Assert.True((await client.SendAsync(GenerateDeeplink.Create(code))).IsSucc);
        Assert.True((await client.SendAsync(GenerateDeeplink.Create("not a KHQR"))).IsSucc);

        var shown = Assert.Single(sandbox.Emulator.Overview().Payments);
        Assert.Equal((code.Md5, PaymentStatus.Pending), (shown.Md5, shown.Status));
        var (status, paid) = await api.PostAsync($"_sandbox/payments/{code.Md5}/pay");
        Assert.Equal((200, "paid"), (status, paid.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task A_payload_shown_twice_is_the_same_qr_and_a_broken_one_is_400_naming_the_payload()
    {
        var code = (KhqrCode)Khqr.Encode(new KhqrRequest(new KhqrAccount.Individual("shop@devb"), "My Shop", Currency.KHR) { Amount = 5000m });
        var first = await api.PostAsync("_sandbox/qr", new { payload = code.Payload });
        var again = await api.PostAsync("_sandbox/qr", new { payload = code.Payload });
        Assert.Equal(first.Body.GetProperty("md5").GetString(), again.Body.GetProperty("md5").GetString());
        Assert.Single(sandbox.Emulator.Overview().Payments);

        var (status, broken) = await api.PostAsync("_sandbox/qr", new { payload = code.Payload[..^1] + (code.Payload.EndsWith('0') ? "1" : "0") });
        Assert.Equal(400, status);
        Assert.Equal("payload.63", Assert.Single(broken.GetProperty("errors").EnumerateArray()).GetProperty("field").GetString());
        var (both, mixed) = await api.PostAsync("_sandbox/qr", new { payload = code.Payload, amount = "1.00" });
        Assert.Equal((400, "amount"), (both, mixed.GetProperty("errors")[0].GetProperty("field").GetString()));
    }

    [Fact]
    public async Task The_dashboard_form_shows_a_pasted_payload()
    {
        var code = (KhqrCode)Khqr.Encode(new KhqrRequest(new KhqrAccount.Individual("shop@devb"), "My Shop", Currency.USD) { Amount = 9.99m });
        using var form = new FormUrlEncodedContent([KeyValuePair.Create("payload", code.Payload)]);
        using var posted = await http.PostAsync(new Uri(sandbox.BaseUrl, "_sandbox/qr"), form);

        Assert.Equal((HttpStatusCode.SeeOther, $"/?qr={code.Md5}#qr"), (posted.StatusCode, posted.Headers.Location?.OriginalString));
        var page = await http.GetStringAsync(new Uri(sandbox.BaseUrl, $"/?qr={code.Md5}"));
        Assert.Contains($"<code id=\"qr-md5\">{code.Md5}</code>", page, StringComparison.Ordinal);
        Assert.Contains("<form method=\"post\" action=\"/_sandbox/qr\" id=\"show-form\">", page, StringComparison.Ordinal);
    }

    /// <summary>Each JSON action and a field it does not take.</summary>
    public static readonly TheoryData<string, string, string> UnknownFields = new()
    {
        { "qr", "{\"payLoad\":\"x\"}", "payLoad" },
        { "payments/{md5}/pay", "{\"amount\":\"1.00\",\"currency\":\"KHR\"}", "currency" },
        { "payments/{md5}/fail", "{\"reason\":\"declined\"}", "reason" },
        { "faults", "{\"kind\":\"latency\",\"seconds\":2}", "seconds" },
        { "faults/clear", "{\"path\":\"*\"}", "path" },
        { "tokens", "{\"lifetime\":\"1h\"}", "lifetime" },
        { "tokens/expire", "{\"token\":null}", "token" },
    };

    [Theory]
    [MemberData(nameof(UnknownFields))]
    public async Task Every_json_action_refuses_an_unknown_field_with_a_400_naming_it(string action, string body, string field)
    {
        var md5 = await api.MakeQrAsync(new { amount = "1.00" });
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri(sandbox.BaseUrl, "_sandbox/" + action.Replace("{md5}", md5, StringComparison.Ordinal)), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("invalid_input", error.RootElement.GetProperty("error").GetString());
        var named = Assert.Single(error.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal(field, named.GetProperty("field").GetString());
        Assert.StartsWith("is not a known field: this action takes", named.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Null(sandbox.Emulator.Payment(md5));
    }

    [Fact]
    public async Task The_readmes_first_example_works_on_a_fresh_sandbox_registering_the_email_on_first_use()
    {
        var client = new BakongClient(http, new BakongClientOptions { BaseUrl = sandbox.BaseUrl });
        var query =
            from token in client.Send(RenewToken.Create("you@example.com"))
            from paid in client.WithToken(token).Send(CheckTransactionByMd5.Create("d60f3db96913029a2af979a1662c1e72").OrNone())
            select paid.Match(Some: t => $"paid {t.Amount} {t.Currency} from {t.FromAccountId}", None: () => "not paid yet");

        var outcome = await query.Run();

        Assert.Equal("not paid yet", outcome.Match(Succ: text => text, Fail: error => BakongError.From(error).Summary));
        Assert.True(sandbox.Emulator.IsRegistered("you@example.com"));
    }

    [Fact]
    public async Task Sandbox_token_value_is_the_token_the_api_takes_and_the_dashboard_shows_across_restarts()
    {
        const string chosen = "eyJhbGciOiJIUzI1NiJ9.ZGV2LXNob3A.a2VwdC1hY3Jvc3MtcmVzdGFydHM";
        foreach (var _ in new[] { 1, 2 })
        {
            var output = new SynchronizedStringWriter();
            var host = new CliHost(output, new SynchronizedStringWriter(), _ => null);
            using var stop = new CancellationTokenSource();
            var run = BakongCli.RunAsync(["sandbox", "--port", "0", "--token", chosen, "--json"], host, stop.Token);
            await Until(() => output.ToString().Contains("\"dashboardUrl\"", StringComparison.Ordinal));
            using var started = JsonDocument.Parse(output.ToString());
            var result = started.RootElement.GetProperty("result");
            Assert.Equal(chosen, result.GetProperty("token").GetString());
            var client = new BakongClient(http, new BakongClientOptions { BaseUrl = new Uri(result.GetProperty("baseUrl").GetString()!), Token = (AccessToken)AccessToken.From(chosen) });
            Assert.True(BakongError.From((LanguageExt.Common.Error)await client.SendAsync(CheckTransactionByMd5.Create(Khqr.Md5("x")))).IsTransactionNotFound);
            await stop.CancelAsync();
            Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(10)));
        }
    }

    [Fact]
    public async Task A_token_that_is_not_a_bearer_token_stops_the_sandbox_naming_the_flag()
    {
        var errors = new SynchronizedStringWriter();
        var host = new CliHost(new SynchronizedStringWriter(), errors, _ => null);
        Assert.NotEqual(0, await BakongCli.RunAsync(["sandbox", "--port", "0", "--token", "not a token"], host));
        Assert.Contains("--token", errors.ToString(), StringComparison.Ordinal);
    }

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new Xunit.Sdk.XunitException("not within 10 s");
            await Task.Delay(20);
        }
    }

    /// <summary>An ASP.NET Core shop configured as the README says: DI client and hosted watcher, pointed at the sandbox.</summary>
    private sealed class Shop(WebApplication app, Uri url) : IAsyncDisposable
    {
        public Uri Url { get; } = url;

        public static async Task<Shop> StartAsync(SandboxServer sandbox)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Bakong:BaseUrl"] = sandbox.BaseUrl.AbsoluteUri,
                ["Bakong:Token"] = sandbox.Token.Reveal(),
                ["Bakong:Watcher:Interval"] = "00:00:00.100",
            });
            builder.Services.AddBakongClient(builder.Configuration.GetSection("Bakong"));
            builder.Services.AddBakongPaymentWatcher(builder.Configuration.GetSection("Bakong:Watcher"));
            builder.Services.AddSingleton<ConcurrentDictionary<string, Task<PaymentOutcome>>>();
            var app = builder.Build();
            app.MapPost("/checkout", (decimal amount, PaymentWatcher watcher, ConcurrentDictionary<string, Task<PaymentOutcome>> orders) =>
            {
                var code = (KhqrCode)Khqr.Encode(new KhqrRequest(new KhqrAccount.Individual(SandboxServer.DefaultAccount), "My Shop", Currency.USD) { Amount = amount });
                orders[code.Md5] = watcher.Watch(code);
                return Results.Accepted($"/payments/{code.Md5}", new Dictionary<string, string> { ["payload"] = code.Payload, ["md5"] = code.Md5 });
            });
            app.MapGet("/payments/{md5}", async (string md5, ConcurrentDictionary<string, Task<PaymentOutcome>> orders, CancellationToken ct) =>
                orders.TryGetValue(md5, out var order)
                    ? Results.Ok(new Dictionary<string, string> { ["outcome"] = (await order.WaitAsync(ct)).GetType().Name })
                    : Results.NotFound());
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Shop(app, new Uri(address));
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
