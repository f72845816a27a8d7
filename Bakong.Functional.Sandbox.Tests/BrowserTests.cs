using Bakong.Functional.Sandbox.Tests.Support;
using Microsoft.Extensions.Logging;
using OpenQA.Selenium;
using Xunit.Abstractions;

namespace Bakong.Functional.Sandbox.Tests;

/// <summary>
/// A developer's loop in a real browser: make a QR on the dashboard, let the library wait for it, press the customer's
/// button, and see the same ending in the library and on the page.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BrowserTests(Browser browser, ITestOutputHelper output) : IAsyncLifetime
{
    private SandboxServer sandbox = null!;
    private HttpClient http = null!;

    public async Task InitializeAsync()
    {
        sandbox = (SandboxServer)await SandboxServer.StartAsync(new SandboxSettings(0, TimeSpan.Zero, SandboxSeed.Empty));
        http = new HttpClient();
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await sandbox.DisposeAsync();
    }

    [Fact]
    public async Task Pay_on_the_dashboard_ends_the_wait_paid_and_the_page_shows_it_paid()
    {
        var (md5, payload) = MakeQr("1.25", "INV-1001");
        var wait = WaitFor(payload);

        // The page follows the library's checks by itself: no reload, yet the count moves.
        var loaded = Page.FindElement(By.TagName("html")).GetAttribute("data-loaded");
        Until(() => int.Parse(Row(md5).FindElement(By.ClassName("checks")).Text, System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal(loaded, Page.FindElement(By.TagName("html")).GetAttribute("data-loaded"));
        Assert.Equal("pending", Row(md5).GetAttribute("data-status"));

        Act(() => Row(md5).FindElement(By.CssSelector("[data-action=pay]")).Click());

        var paid = Assert.IsType<PaymentOutcome.Paid>(Ended(await wait));
        Assert.Equal(1.25m, paid.Transaction.Amount);
        Assert.Equal(SandboxServer.DefaultAccount, paid.Transaction.ToAccountId);
        Until(() => Row(md5).GetAttribute("data-status") == "paid");
        Assert.Equal("1.25 USD", Row(md5).FindElement(By.CssSelector("td.money + td.money")).Text);
        Save("paid");
    }

    [Fact]
    public async Task Paying_a_different_amount_is_a_mismatch_in_the_library_and_on_the_page()
    {
        var (md5, payload) = MakeQr("2.00", "INV-1002");
        var wait = WaitFor(payload);

        Act(() =>
        {
            // Focus first: the live refresh leaves a section alone while the user is typing in it.
            var amount = Row(md5).FindElement(By.CssSelector("form.other input[name=amount]"));
            amount.Click();
            amount.Clear();
            amount.SendKeys("1.50");
            Row(md5).FindElement(By.CssSelector("[data-action=pay-other]")).Click();
        });

        var mismatch = Assert.IsType<PaymentOutcome.Mismatch>(Ended(await wait));
        var amount = Assert.IsType<PaymentDifference.AmountDiffers>(Assert.Single(mismatch.Differences));
        Assert.Equal((2.00m, 1.50m), (amount.Expected, amount.Actual));
        Until(() => Row(md5).GetAttribute("data-status") == "mismatched");
        Assert.Equal("underpaid: 1.50 USD of 2.00 USD", Row(md5).FindElement(By.ClassName("difference")).Text);
        Save("mismatched");
    }

    [Fact]
    public async Task The_dashboard_draws_every_status_the_inbox_and_the_faults()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var shown = (SandboxServer)await SandboxServer.StartAsync(new SandboxSettings(0, TimeSpan.Zero, SandboxSeed.Empty), clock);
        var api = new SandboxApi(http, shown.BaseUrl);
        var expiring = await api.MakeQrAsync(new { amount = "1.00", validity = "1m", billNumber = "INV-0999" });
        clock.Advance(TimeSpan.FromMinutes(2));
        var failed = await api.MakeQrAsync(new { amount = "20000", currency = "KHR", billNumber = "INV-1000" });
        var paid = await api.MakeQrAsync(new { amount = "3.00", billNumber = "INV-1001" });
        var underpaid = await api.MakeQrAsync(new { amount = "2.00", billNumber = "INV-1002" });
        var pending = await api.MakeQrAsync(new { amount = "4.50", billNumber = "INV-1003" });
        Assert.Equal(200, (await api.PostAsync($"_sandbox/payments/{failed}/fail")).Status);
        Assert.Equal(200, (await api.PostAsync($"_sandbox/payments/{paid}/pay")).Status);
        Assert.Equal(200, (await api.PostAsync($"_sandbox/payments/{underpaid}/pay", new { amount = 1.50m })).Status);
        var client = new BakongClient(http, new BakongClientOptions { BaseUrl = shown.BaseUrl, Token = shown.Token, Retry = RetryPolicy.None });
        Assert.True((await client.SendAsync(RequestToken.Create("dev@shop.example", "Shop", "Checkout"))).IsSucc);
        Assert.True((await client.SendAsync(CheckTransactionByMd5.Create(paid))).IsSucc);
        Assert.Equal(200, (await api.PostAsync("_sandbox/faults", new { kind = "rate-limit", path = CheckTransactionByMd5.Path, times = "always", retryAfter = "3s" })).Status);
        Assert.True((await client.SendAsync(CheckTransactionByMd5.Create(pending))).IsFail);

        Page.Navigate().GoToUrl(shown.DashboardUrl);
        var statuses = Page.FindElements(By.CssSelector("#payments tr[data-md5]")).ToDictionary(r => r.GetAttribute("data-md5")!, r => r.GetAttribute("data-status"));
        Assert.Equal(
            new Dictionary<string, string?> { [pending] = "pending", [underpaid] = "mismatched", [paid] = "paid", [failed] = "failed", [expiring] = "expired" },
            statuses);
        Assert.Equal(pending, Page.FindElement(By.Id("qr-md5")).Text);
        Assert.Equal(shown.Emulator.VerificationCodeFor("dev@shop.example"), Page.FindElement(By.CssSelector("#inbox tr[data-email='dev@shop.example'] .code")).Text);
        Assert.Contains("HTTP 429, Retry-After 3.0 s", Page.FindElement(By.Id("fault-list")).Text, StringComparison.Ordinal);
        Save("dashboard");
    }

    [Fact]
    public async Task A_page_from_another_local_origin_posts_its_form_to_the_sandbox_and_the_payment_stays_unpaid()
    {
        var md5 = await new SandboxApi(http, sandbox.BaseUrl).MakeQrAsync(new { amount = "5.00" });
        // The attacker's page: another port on the same machine, as any site the developer visits could be.
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        await using var other = builder.Build();
        other.Urls.Add("http://127.0.0.1:0");
        var target = new Uri(sandbox.BaseUrl, $"_sandbox/payments/{md5}/pay").AbsoluteUri;
        Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions.MapGet(other, "/", () => Microsoft.AspNetCore.Http.Results.Content(
            $"<!doctype html><title>Free coupons</title><form id=\"evil\" method=\"post\" action=\"{target}\"><input name=\"amount\" value=\"5.00\"><button id=\"go\">Get coupons</button></form>",
            "text/html"));
        await other.StartAsync();
        var otherUrl = other.Urls.First();
        Assert.NotEqual(new Uri(otherUrl).Port, sandbox.BaseUrl.Port);

        Page.Navigate().GoToUrl(otherUrl);
        Page.FindElement(By.Id("go")).Click();
        Until(() => Page.Url.StartsWith(target, StringComparison.Ordinal) && Page.PageSource.Contains("cross_site_request", StringComparison.Ordinal));

        Assert.Null(sandbox.Emulator.Payment(md5));
        Assert.Equal(PaymentStatus.Pending, sandbox.Emulator.Overview().Payments.Single(p => p.Md5 == md5).Status);
        // The dashboard's own form still pays it.
        Page.Navigate().GoToUrl(sandbox.DashboardUrl);
        Act(() => Row(md5).FindElement(By.CssSelector("[data-action=pay]")).Click());
        Until(() => sandbox.Emulator.Payment(md5) is not null);
        await other.StopAsync();
    }

    // ------------------------------------------------------------ helpers

    private IWebDriver Page => browser.Driver;

    /// <summary>Fills the dashboard's form and submits it, as a developer would; returns the QR the page then shows.</summary>
    private (string Md5, string Payload) MakeQr(string amount, string bill)
    {
        Page.Navigate().GoToUrl(sandbox.DashboardUrl);
        Fill("amount", amount);
        Fill("billNumber", bill);
        Page.FindElement(By.Id("create-qr")).Click();
        // The form posts and is redirected to the new QR; wait for that page rather than race it.
        Until(() => Page.Url.Contains("?qr=", StringComparison.Ordinal) && Page.FindElement(By.Id("qr-md5")).Text.Length == 32);
        var md5 = Page.FindElement(By.Id("qr-md5")).Text;
        var payload = Page.FindElement(By.Id("qr-payload")).Text;
        Assert.Equal(Khqr.Md5(payload), md5);
        Assert.True(Khqr.Decode(payload).IsValid);
        // The image is the QR's own SVG, served beside the page.
        Assert.EndsWith($"/_sandbox/qr/{md5}.svg", Page.FindElement(By.CssSelector("#qr img")).GetAttribute("src"), StringComparison.Ordinal);
        return (md5, payload);
    }

    private void Fill(string id, string value)
    {
        var input = Page.FindElement(By.Id(id));
        input.Clear();
        input.SendKeys(value);
    }

    private IWebElement Row(string md5) => Page.FindElement(By.CssSelector($"#payments tr[data-md5='{md5}']"));

    /// <summary>
    /// The library's KHQR pipeline on the payload the page shows: md5, expectation and deadline come from the payload
    /// (capped at 30 s here, so a broken test ends).
    /// </summary>
    private Task<Fin<PaymentOutcome>> WaitFor(string payload) =>
        new BakongClient(http, new BakongClientOptions { BaseUrl = sandbox.BaseUrl, Token = sandbox.Token })
            .WaitForPaymentAsync(Khqr.Decode(payload), DateTimeOffset.UtcNow.AddSeconds(30), BackoffSchedule.Fixed(TimeSpan.FromMilliseconds(100)));

    private static PaymentOutcome Ended(Fin<PaymentOutcome> waited) =>
        waited.Match(Succ: outcome => outcome, Fail: error => throw new Xunit.Sdk.XunitException($"the wait failed: {error.Message}"));

    /// <summary>Polls the page (the live refresh swaps elements, so each look finds them afresh) for up to 10 s.</summary>
    private static void Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                if (condition())
                    return;
            }
            catch (Exception ex) when (ex is StaleElementReferenceException or NoSuchElementException or ElementNotInteractableException or FormatException)
            {
                // Swapped or not drawn yet: look again.
            }
            if (DateTime.UtcNow > deadline)
                throw new Xunit.Sdk.XunitException("the page did not get there within 10 s");
            Thread.Sleep(50);
        }
    }

    /// <summary>Does <paramref name="action"/> on the page, again if the live refresh swapped an element under it.</summary>
    private static void Act(Action action) =>
        Until(() =>
        {
            action();
            return true;
        });

    private void Save(string name) => output.WriteLine($"screenshot: {browser.Screenshot(name)}");
}
