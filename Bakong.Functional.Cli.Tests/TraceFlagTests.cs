namespace Bakong.Functional.Cli.Tests;

/// <summary><c>--trace</c> prints the command's spans to stderr, the Bakong span under the command's, and never the token.</summary>
public class TraceFlagTests
{
    private const string Md5 = "0123456789abcdef0123456789abcdef";

    [Fact]
    public async Task Trace_prints_the_bakong_span_of_the_call_under_the_commands_span_to_stderr()
    {
        using var cli = new Cli();
        cli.Emulator.AddPayment(Md5, 1m);

        var r = await cli.Run("transaction", "md5", Md5, "--trace");

        Assert.Equal(0, r.Exit);
        var lines = r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var call = Assert.Single(lines, l => l.StartsWith("trace:   Bakong check_transaction_by_md5", StringComparison.Ordinal) || l.StartsWith("trace: Bakong check_transaction_by_md5", StringComparison.Ordinal));
        Assert.Contains("bakong.endpoint=check_transaction_by_md5", call);
        Assert.Contains("http.response.status_code=200", call);
        var command = Assert.Single(lines, l => l.StartsWith("trace: bakong transaction md5", StringComparison.Ordinal) || l.StartsWith("trace: bakong ", StringComparison.Ordinal));
        var commandSpan = command[(command.IndexOf("span=", StringComparison.Ordinal) + 5)..].Split(' ')[0];
        Assert.Contains("parent=" + commandSpan, call);
        Assert.DoesNotContain("trace:", r.Out);
    }

    [Fact]
    public async Task A_failed_call_is_traced_as_an_error_with_its_case()
    {
        using var cli = new Cli();
        cli.Emulator.Inject(CheckTransactionByMd5.Path, new Fault.ServerError(503));

        var r = await cli.Run("transaction", "md5", Md5, "--no-retry", "--trace");

        Assert.Equal(7, r.Exit);
        Assert.Contains(r.Err.Split('\n'), l => l.Contains("Bakong check_transaction_by_md5", StringComparison.Ordinal) && l.Contains("  error", StringComparison.Ordinal) && l.Contains("error.type=ServerError", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_trace_nothing_is_printed_about_spans()
    {
        using var cli = new Cli();
        cli.Emulator.AddPayment(Md5, 1m);
        var r = await cli.Run("transaction", "md5", Md5);
        Assert.DoesNotContain("trace:", r.Err);
    }
}
