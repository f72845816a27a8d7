using System.Diagnostics;
using System.Text.Json;

namespace Bakong.Functional.Cli.Tests;

/// <summary>A test that sends POSIX signals with kill; skipped, saying so, on Windows.</summary>
public sealed class PosixTheoryAttribute : TheoryAttribute
{
    public PosixTheoryAttribute()
    {
        if (OperatingSystem.IsWindows())
            Skip = "POSIX signals (kill -INT, kill -TERM) do not exist on Windows";
    }
}

/// <summary>With --json, stdout is exactly one JSON document whatever happens; enum-like values are refused with the accepted ones.</summary>
public class JsonPromiseTests
{
    private static readonly string Md5 = Khqr.Md5("json promise");

    [Theory]
    [InlineData("transaction md5 MD5 --timeout banana", "transaction md5", "--timeout", "'banana' is not a duration; use e.g. 500ms, 30s, 5m or 1h (more than zero, at most a day)")]
    [InlineData("transaction md5 MD5 --bogus", "transaction md5", "--bogus", "is not a command, option or argument of 'bakong transaction md5'")]
    [InlineData("transaction md5", "transaction md5", "md5", "is required")]
    [InlineData("transaction short-hash abcd1234 --currency USD", "transaction short-hash", "--amount", "is required")]
    [InlineData("transaction short-hash abcd1234 --amount lots --currency USD", "transaction short-hash", "--amount", "'lots' is not an amount; use digits with an optional decimal point, e.g. 1.5 or 4000")]
    [InlineData("transaction short-hash abcd1234 --amount 1 --currency EUR", "transaction short-hash", "--currency", "'EUR' is not a currency; use USD or KHR")]
    [InlineData("khqr encode --account a@b --name N --currency EUR", "khqr encode", "--currency", "'EUR' is not a currency; use USD or KHR")]
    [InlineData("transaction", "transaction", "command", "is required; use md5, hash, short-hash, instruction-ref, external-ref, md5-list or hash-list")]
    [InlineData("", null, "command", "is required; use token, account, transaction, deeplink, wait, khqr, demo or sandbox")]
    public async Task A_usage_error_is_one_invalid_input_document(string line, string? command, string field, string reason)
    {
        using var cli = new Cli();
        string[] args = [.. line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(a => a == "MD5" ? Md5 : a), "--json"];
        var r = await cli.Run(args);
        Assert.Equal(2, r.Exit);
        Assert.Equal("", r.Err);
        var doc = r.Json();
        Assert.Equal(command, doc.GetProperty("command").GetString());
        Assert.False(doc.GetProperty("ok").GetBoolean());
        Assert.Equal(2, doc.GetProperty("exitCode").GetInt32());
        var error = doc.GetProperty("error");
        Assert.Equal("InvalidInput", error.GetProperty("kind").GetString());
        var first = error.GetProperty("fields")[0];
        Assert.Equal(field, first.GetProperty("field").GetString());
        Assert.Equal(reason, first.GetProperty("reason").GetString());
        Assert.Empty(cli.Emulator.Requests);
    }

    [Fact]
    public async Task An_unknown_command_names_the_token_and_lists_the_commands()
    {
        using var cli = new Cli();
        var r = await cli.Run("transaction", "by-magic", "--json");
        Assert.Equal(2, r.Exit);
        var fields = r.Json().GetProperty("error").GetProperty("fields").EnumerateArray()
            .Select(f => $"{f.GetProperty("field").GetString()}: {f.GetProperty("reason").GetString()}");
        Assert.Contains("by-magic: is not a command, option or argument of 'bakong transaction'", fields);
    }

    [Fact]
    public async Task Without_json_an_enum_error_is_one_line_on_stderr_naming_the_accepted_values()
    {
        using var cli = new Cli();
        var r = await cli.Run("transaction", "short-hash", "abcd1234", "--amount", "1", "--currency", "EUR");
        Assert.Equal(2, r.Exit);
        Assert.Equal("", r.Out);
        Assert.StartsWith("error: --currency: 'EUR' is not a currency; use USD or KHR" + Environment.NewLine, r.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("Bakong.Functional.Currency", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_currency_is_read_in_any_case()
    {
        using var cli = new Cli();
        var p = cli.Emulator.AddPayment(new PaymentSeed { Qr = "any case", Amount = 4000m, Currency = Currency.KHR });
        var r = await cli.Run("transaction", "short-hash", p.ShortHash, "--amount", "4000", "--currency", "khr");
        Assert.True(r.Exit == 0, r.ToString());
    }

    [Fact]
    public async Task A_wait_that_times_out_is_one_document_saying_not_paid()
    {
        using var cli = new Cli();
        var r = await cli.Run("wait", Md5, "--interval", "50ms", "--timeout", "300ms", "--json");
        Assert.Equal(1, r.Exit);
        var doc = r.Json();
        Assert.True(doc.GetProperty("ok").GetBoolean());
        Assert.False(doc.GetProperty("result").GetProperty("paid").GetBoolean());
    }

    /// <summary>A real process and a real signal: Ctrl+C (SIGINT) or SIGTERM during a wait still ends in one document.</summary>
    [PosixTheory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public async Task A_signal_during_wait_ends_in_one_cancelled_document(string signal, int exitCode)
    {
        var emulator = new BakongEmulator();
        await using var server = await emulator.StartServerAsync();
        var token = emulator.IssueToken();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                [BakongCli.BaseUrlVariable] = server.BaseUrl.AbsoluteUri,
                [BakongCli.TokenVariable] = token.Reveal(),
            },
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "bakong.dll"), "wait", Md5, "--interval", "100ms", "--timeout", "2m", "--json" })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var stdout = process.StandardOutput.ReadToEndAsync(limit.Token);
        // Signal only once the wait is under way: the first check has been made.
        var stderr = new List<string>();
        while (await process.StandardError.ReadLineAsync(limit.Token) is { } line)
        {
            stderr.Add(line);
            if (line.StartsWith("check 1:", StringComparison.Ordinal))
                break;
        }
        using (var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync(limit.Token);
        await process.WaitForExitAsync(limit.Token);

        var output = await stdout;
        Assert.True(process.ExitCode == exitCode, $"exit {process.ExitCode}\n{output}\n{string.Join('\n', stderr)}");
        using var doc = JsonDocument.Parse(output);
        Assert.Equal("wait", doc.RootElement.GetProperty("command").GetString());
        Assert.False(doc.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal(exitCode, doc.RootElement.GetProperty("exitCode").GetInt32());
        Assert.Equal("Cancelled", doc.RootElement.GetProperty("error").GetProperty("kind").GetString());
    }
}
