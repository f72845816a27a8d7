namespace Bakong.Functional.Cli.Tests;

public class WaitAndDemoTests
{
    [Fact]
    public async Task Wait_polls_with_progress_on_stderr_until_paid()
    {
        using var cli = new Cli();
        var p = cli.Emulator.AddPayment(new PaymentSeed { Qr = "pay me", Amount = 3m, VisibleAfterPolls = 2 });
        var r = await cli.Run("wait", p.Md5, "--interval", "20ms", "--timeout", "30s");
        Assert.True(r.Exit == 0, r.ToString());
        Assert.Contains("check 1: not paid yet; next check in 20 ms", r.Err);
        Assert.Contains("check 2: not paid yet", r.Err);
        Assert.Contains("check 3: paid", r.Err);
        Assert.Contains("3.00 USD", r.Out);
        Assert.Contains(p.Hash, r.Out);
    }

    [Fact]
    public async Task Wait_json_says_paid_with_the_transaction()
    {
        using var cli = new Cli();
        var p = cli.Emulator.AddPayment(new PaymentSeed { Qr = "pay me", VisibleAfterPolls = 1 });
        var r = await cli.Run("wait", p.Md5, "--interval", "20ms", "--json");
        Assert.True(r.Exit == 0, r.ToString());
        var result = r.Json().GetProperty("result");
        Assert.True(result.GetProperty("paid").GetBoolean());
        Assert.Equal(p.Hash, result.GetProperty("transaction").GetProperty("hash").GetString());
        Assert.Contains("check 2: paid", r.Err);
    }

    [Fact]
    public async Task Wait_ends_unpaid_with_exit_code_1_at_the_timeout()
    {
        using var cli = new Cli();
        var r = await cli.Run("wait", Khqr.Md5("never paid"), "--interval", "50ms", "--timeout", "300ms");
        Assert.Equal(1, r.Exit);
        Assert.Contains("not paid within", r.Out);
        Assert.Contains("deadline reached", r.Err);
    }

    [Fact]
    public async Task Wait_that_hears_only_garbled_answers_could_not_confirm_and_exits_10_not_1()
    {
        using var cli = new Cli();
        cli.Emulator.InjectAlways(CheckTransactionByMd5.Path, new Fault.Rewrite(_ => "<html>maintenance</html>"));
        var r = await cli.Run("wait", Khqr.Md5("garbled"), "--interval", "50ms", "--timeout", "300ms");
        Assert.True(r.Exit == 10, r.ToString());
        Assert.Contains("could not be confirmed by", r.Out);
        Assert.DoesNotContain("not paid within", r.Out);
        Assert.Contains("not heard (unexpected response", r.Err);
    }

    [Fact]
    public async Task Wait_with_the_host_unreachable_writes_ok_false_and_unconfirmed_with_the_last_error()
    {
        var emulator = new BakongEmulator();
        var server = await emulator.StartServerAsync();
        var url = server.BaseUrl.ToString();
        await server.DisposeAsync();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var env = new Dictionary<string, string> { ["BAKONG_BASE_URL"] = url, ["BAKONG_TOKEN"] = emulator.IssueToken().Reveal() };
        var exit = await BakongCli.RunAsync(["wait", Khqr.Md5("outage"), "--interval", "100ms", "--timeout", "1s", "--json"],
            new CliHost(stdout, stderr, k => env.GetValueOrDefault(k)));
        Assert.True(exit == 10, stdout + "\n" + stderr);
        using var doc = System.Text.Json.JsonDocument.Parse(stdout.ToString());
        Assert.False(doc.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal(10, doc.RootElement.GetProperty("exitCode").GetInt32());
        var result = doc.RootElement.GetProperty("result");
        Assert.Equal("unconfirmed", result.GetProperty("outcome").GetString());
        Assert.False(result.GetProperty("paid").GetBoolean());
        Assert.Equal("notHeard", result.GetProperty("reason").GetString());
        Assert.Equal("Transport", result.GetProperty("lastError").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Wait_stops_at_a_failure_polling_cannot_fix()
    {
        using var cli = new Cli();
        cli.Emulator.AddPayment(new PaymentSeed { Qr = "failed", Outcome = SeedOutcome.Failed });
        var r = await cli.Run("wait", Khqr.Md5("failed"), "--interval", "20ms");
        Assert.Equal(3, r.Exit);
        Assert.Contains("check 1: failed", r.Err);
        Assert.Contains("TransactionFailed", r.Err);
    }

    [Fact]
    public async Task Wait_works_over_a_real_loopback_server_from_the_environment()
    {
        var emulator = new BakongEmulator();
        var p = emulator.AddPayment(new PaymentSeed { Qr = "over http", VisibleAfterPolls = 1 });
        await using var server = await emulator.StartServerAsync();
        var token = emulator.IssueToken();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var env = new Dictionary<string, string> { ["BAKONG_BASE_URL"] = server.BaseUrl.ToString(), ["BAKONG_TOKEN"] = token.Reveal() };
        // No handler: the tool makes its own HttpClient, as when installed.
        var exit = await BakongCli.RunAsync(["wait", p.Md5, "--interval", "20ms"], new CliHost(stdout, stderr, k => env.GetValueOrDefault(k)));
        Assert.True(exit == 0, stdout + "\n" + stderr);
        Assert.Contains(p.Hash, stdout.ToString());
        Assert.DoesNotContain(token.Reveal(), stdout.ToString() + stderr);
    }

    [Fact]
    public async Task Demo_walks_the_whole_flow_and_exits_0()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await BakongCli.RunAsync(["demo"], new CliHost(stdout, stderr, _ => null));
        var text = stdout.ToString();
        Assert.True(exit == 0, text + stderr);
        foreach (var expected in new[]
        {
            "request_token", "code: ", "AccessToken([redacted]", "shop@demo: exists", "nobody@demo: does not exist",
            "check 1: not paid yet", "check 4: paid", "check_transaction_by_hash", "check_transaction_by_short_hash",
            "not found (not paid yet)", "https://bakong.page.link/", "BakongError.ApiFailure StaticQrNotSupported (errorCode 2)",
            "BakongError.Blocked, HTTP 403", "BakongError.InvalidInput", "requests sent for it: 0", "Done:",
        })
            Assert.Contains(expected, text);
        Assert.DoesNotContain("eyJ", text);
        Assert.Equal("", stderr.ToString());
    }

    [Fact]
    public async Task Demo_json_walks_on_stderr_and_ends_in_one_document()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await BakongCli.RunAsync(["demo", "--json"], new CliHost(stdout, stderr, _ => null));
        Assert.True(exit == 0, stdout + "\n" + stderr);
        Assert.Contains("Done:", stderr.ToString(), StringComparison.Ordinal);
        using var doc = System.Text.Json.JsonDocument.Parse(stdout.ToString());
        Assert.True(doc.RootElement.GetProperty("ok").GetBoolean());
        var result = doc.RootElement.GetProperty("result");
        Assert.True(result.GetProperty("completed").GetBoolean());
        Assert.Equal(15, result.GetProperty("steps").GetInt32());
        Assert.Equal(17, result.GetProperty("requests").GetInt32());
    }
}
