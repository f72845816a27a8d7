using System.Text.Json;
using Bakong.Functional.Sandbox.Tests.Support;

namespace Bakong.Functional.Sandbox.Tests;

/// <summary>
/// The dashboard's counters come from the library's own instruments: calls by endpoint and errors by kind from a client,
/// and the pending count of a watcher running against the sandbox, on the page and in <c>/_sandbox/state</c>.
/// </summary>
public sealed class SandboxCountersTests : IAsyncLifetime
{
    private SandboxServer sandbox = null!;
    private readonly HttpClient http = new();
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

    private static long Count(JsonElement state, string group, string name) =>
        state.GetProperty("counters").GetProperty(group).TryGetProperty(name, out var n) ? n.GetInt64() : 0;

    [Fact]
    public async Task Calls_errors_and_a_watchers_pending_payments_show_as_counters()
    {
        var client = new BakongClient(http, new BakongClientOptions { BaseUrl = sandbox.BaseUrl, Token = sandbox.Token, Retry = RetryPolicy.None });
        var (_, before) = await api.GetAsync("_sandbox/state");

        // Three lookups of an md5 nobody paid: ApiFailure (errorCode 1) each; one without a token: Unauthorized.
        for (var i = 0; i < 3; i++)
            await client.SendAsync(CheckTransactionByMd5.Create("0123456789abcdef0123456789abcdef"));
        await new BakongClient(http, new BakongClientOptions { BaseUrl = sandbox.BaseUrl, Token = AccessToken.From("not-a-token-the-sandbox-knows").ToOption() })
            .SendAsync(CheckBakongAccount.Create("shop@sandbox"));
        await using var watcher = new PaymentWatcher(client);
        var pending = Enumerable.Range(0, 4).Select(i => watcher.Watch(i.ToString("x32", System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(5))).ToList();

        var (_, after) = await api.GetAsync("_sandbox/state");
        Assert.True(Count(after, "requests", "check_transaction_by_md5") - Count(before, "requests", "check_transaction_by_md5") >= 3);
        Assert.True(Count(after, "requests", "check_bakong_account") - Count(before, "requests", "check_bakong_account") >= 1);
        Assert.True(Count(after, "errors", "ApiFailure") - Count(before, "errors", "ApiFailure") >= 3);
        Assert.True(Count(after, "errors", "Unauthorized") - Count(before, "errors", "Unauthorized") >= 1);
        Assert.True(after.GetProperty("counters").GetProperty("watcherPending").GetInt64() >= 4);

        var page = await http.GetStringAsync(sandbox.DashboardUrl);
        Assert.Contains("<section id=\"counters\" data-live><h2>Client counters</h2>", page, StringComparison.Ordinal);
        Assert.Contains("<code>check_transaction_by_md5</code>", page, StringComparison.Ordinal);
        Assert.Contains("<code>ApiFailure</code>", page, StringComparison.Ordinal);
        Assert.All(pending, t => Assert.False(t.IsCompleted));
    }
}
