using Bakong.Functional.Cli;
using Bakong.Functional.Sandbox.Tests.Support;

namespace Bakong.Functional.Sandbox.Tests;

/// <summary><c>bakong sandbox</c> in process: its flags, what it prints at start, and its seed file.</summary>
public sealed class SandboxCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("sandbox-seed-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task It_prints_the_base_url_a_ready_token_and_the_dashboard_then_stops_with_0_when_cancelled()
    {
        var (host, output, _) = Host();
        using var stop = new CancellationTokenSource();
        var run = BakongCli.RunAsync(["sandbox", "--port", "0", "--latency", "30ms"], host, stop.Token);
        var printed = await Until(() => output.ToString().Contains("Stop with", StringComparison.Ordinal) ? output.ToString() : null);
        var lines = printed.Split('\n').Select(l => l.Trim()).ToList();
        var baseUrl = new Uri(lines.Single(l => l.StartsWith("base URL:", StringComparison.Ordinal))["base URL:".Length..].Trim());
        var token = lines.Single(l => l.StartsWith("token:", StringComparison.Ordinal))["token:".Length..].Trim();
        Assert.Equal(baseUrl, new Uri(lines.Single(l => l.StartsWith("dashboard:", StringComparison.Ordinal))["dashboard:".Length..].Trim()));

        // The printed token is ready: the API takes it at once.
        using var http = new HttpClient();
        var client = new BakongClient(http, new BakongClientOptions { BaseUrl = baseUrl, Token = (AccessToken)AccessToken.From(token) });
        Assert.Equal(ApiErrorCode.TransactionNotFound,
            Assert.IsType<BakongError.ApiFailure>(BakongError.From((LanguageExt.Common.Error)await client.SendAsync(CheckTransactionByMd5.Create(Khqr.Md5("x"))))).ErrorCode);
        Assert.Contains("<dt>Network latency</dt><dd>30 ms</dd>", await http.GetStringAsync(baseUrl), StringComparison.Ordinal);

        await stop.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Theory]
    [InlineData("--port", "70000", "--port must be from 0 to 65535.")]
    [InlineData("--latency", "soon", "'soon' is not a duration")]
    public async Task A_bad_flag_is_a_usage_error_with_exit_code_2(string flag, string value, string message)
    {
        var (host, _, errors) = Host();
        Assert.Equal(2, await BakongCli.RunAsync(["sandbox", flag, value], host));
        Assert.Contains(message, errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_seed_file_loads_accounts_emails_qrs_waiting_and_payments_made()
    {
        var shown = (KhqrCode)Khqr.Encode(new KhqrRequest(new KhqrAccount.Individual("shop@devb"), "Dev Shop", Currency.USD) { Amount = 4.00m });
        var seed = await Write($$"""
            {
              // Comments are allowed, as in any settings file.
              "accounts": ["shop@devb"],
              "emails": [{ "email": "dev@example.com", "organization": "Dev Shop", "project": "Checkout" }],
              "qrs": ["{{shown.Payload}}"],
              "payments": [
                { "md5": "{{Khqr.Md5("order-1")}}", "amount": 12.5, "currency": "USD", "visibleAfterPolls": 1, "externalRef": "ORDER-1" },
                { "qr": "a static QR", "outcome": "static" }
              ]
            }
            """);
        var loaded = SandboxSeed.Load(seed);
        Assert.True(loaded.IsSucc);
        await using var sandbox = (SandboxServer)await SandboxServer.StartAsync(new SandboxSettings(0, TimeSpan.Zero, (SandboxSeed)loaded));
        using var http = new HttpClient();
        var client = new BakongClient(http, new BakongClientOptions { BaseUrl = sandbox.BaseUrl, Token = sandbox.Token });

        Assert.True((bool)await client.SendAsync(CheckBakongAccount.Create("shop@devb")));
        Assert.NotNull(sandbox.Emulator.VerificationCodeFor("dev@example.com"));
        var overview = sandbox.Emulator.Overview();
        Assert.Equal(
            [(shown.Md5, PaymentStatus.Pending), (Khqr.Md5("a static QR"), PaymentStatus.StaticQr), (Khqr.Md5("order-1"), PaymentStatus.Pending)],
            overview.Payments.Select(p => (p.Md5, p.Status)));
        // Visible after one md5 check, then found by its reference too.
        Assert.True((await client.SendAsync(CheckTransactionByMd5.Create(Khqr.Md5("order-1")).OrNone())).Map(o => o.IsNone).IfFail(false));
        Assert.Equal(12.5m, (await client.SendAsync(CheckTransactionByExternalRef.Create("ORDER-1"))).Map(t => t.Amount).IfFail(0m));
    }

    [Fact]
    public async Task A_bad_seed_file_is_refused_naming_every_problem_by_its_json_path()
    {
        var seed = await Write("""
            {
              "accounts": ["shop@devb", 7],
              "emails": [{ "address": "dev@example.com" }],
              "qrs": "000201",
              "payments": [{ "amount": -1, "outcome": "refunded" }, { "md5": "abc" }],
              "extra": true
            }
            """);

        var bad = Assert.IsType<BakongError.InvalidInput>(BakongError.From((LanguageExt.Common.Error)SandboxSeed.Load(seed)));

        Assert.Equal(
            ["$.accounts[1]", "$.emails[0].address", "$.qrs", "$.payments[0].amount", "$.payments[0].outcome", "$.payments[1].md5", "$.extra"],
            bad.Errors.Map(e => e.Field).ToArray());
        var (host, _, errors) = Host();
        Assert.Equal(2, await BakongCli.RunAsync(["sandbox", "--port", "0", "--seed", seed], host));
        Assert.Contains("$.payments[1].md5", errors.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, await BakongCli.RunAsync(["sandbox", "--port", "0", "--seed", Path.Combine(folder, "missing.json")], host));
        Assert.Contains("--seed", errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_seeded_qr_that_does_not_decode_stops_the_start_naming_it()
    {
        var seed = SandboxSeed.Parse("""{ "qrs": ["not a KHQR"] }""");
        var started = await SandboxServer.StartAsync(new SandboxSettings(0, TimeSpan.Zero, (SandboxSeed)seed));
        var bad = Assert.IsType<BakongError.InvalidInput>(BakongError.From((LanguageExt.Common.Error)started));
        Assert.All(bad.Errors, e => Assert.Equal("$.qrs[0]", e.Field));
    }

    private async Task<string> Write(string json)
    {
        var path = Path.Combine(folder, "seed.json");
        await File.WriteAllTextAsync(path, json);
        return path;
    }

    private static (CliHost Host, StringWriter Output, StringWriter Errors) Host()
    {
        var output = new SynchronizedStringWriter();
        var errors = new SynchronizedStringWriter();
        return (new CliHost(output, errors, _ => null), output, errors);
    }

    private static async Task<string> Until(Func<string?> look)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (look() is { } found)
                return found;
            if (DateTime.UtcNow > deadline)
                throw new Xunit.Sdk.XunitException("the sandbox did not print its addresses within 30 s");
            await Task.Delay(20);
        }
    }
}
