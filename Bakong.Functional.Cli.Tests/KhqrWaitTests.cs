namespace Bakong.Functional.Cli.Tests;

/// <summary><c>bakong wait</c> with a KHQR payload: the expiry from the payload, and a mismatch as its own outcome.</summary>
public class KhqrWaitTests
{
    private static KhqrCode Code(decimal amount) =>
        Khqr.Encode(new KhqrRequest(new KhqrAccount.Individual("shop@devb"), "Dev Shop", Currency.USD) { Amount = amount })
            .Match(c => c, e => throw new Xunit.Sdk.XunitException(e.Message));

    [Fact]
    public async Task A_payload_paid_as_asked_is_paid()
    {
        using var cli = new Cli();
        var code = Code(4.00m);
        cli.Emulator.AddPayment(PaymentSeed.From(code) with { VisibleAfterPolls = 1 });

        var r = await cli.Run("wait", code.Payload, "--interval", "20ms");

        Assert.True(r.Exit == 0, r.ToString());
        Assert.Contains("paid:          4.00 USD", r.Out);
        Assert.Contains("to:            shop@devb", r.Out);
        Assert.Contains("check 2: paid", r.Err);
    }

    [Fact]
    public async Task An_underpaid_payload_is_a_mismatch_with_exit_code_9()
    {
        using var cli = new Cli();
        var code = Code(4.00m);
        cli.Emulator.AddPayment(code, amount: 3.50m);

        var r = await cli.Run("wait", code.Payload, "--interval", "20ms");

        Assert.Equal(9, r.Exit);
        Assert.Contains("MISMATCH: a payment arrived, but not what the KHQR asked for:", r.Out);
        Assert.Contains("  amount: expected 4.00 USD, got 3.50 USD", r.Out);
        Assert.Contains("paid:          3.50 USD", r.Out);
    }

    [Fact]
    public async Task Whole_usd_amounts_are_printed_with_two_decimals_in_a_decoded_qr_and_a_paid_transaction()
    {
        using var cli = new Cli();
        var code = Code(4m);
        cli.Emulator.AddPayment(code, amount: 4m);

        var decoded = await cli.Run("khqr", "decode", code.Payload);
        var paid = await cli.Run("wait", code.Payload, "--interval", "20ms");

        Assert.Contains("amount:   4.00 USD", decoded.Out);
        Assert.Contains("paid:          4.00 USD", paid.Out);
        Assert.DoesNotContain(" 4 USD", decoded.Out + paid.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_json_mismatch_lists_each_difference()
    {
        using var cli = new Cli();
        var code = Code(4.00m);
        cli.Emulator.AddPayment(PaymentSeed.From(code, amount: 3.50m) with { ToAccountId = "other@devb" });

        var r = await cli.Run("wait", code.Payload, "--interval", "20ms", "--json");

        Assert.Equal(9, r.Exit);
        var result = r.Json().GetProperty("result");
        Assert.Equal("mismatch", result.GetProperty("outcome").GetString());
        Assert.False(result.GetProperty("paid").GetBoolean());
        var differences = result.GetProperty("differences");
        Assert.Equal("account", differences[0].GetProperty("field").GetString());
        Assert.Equal("other@devb", differences[0].GetProperty("actual").GetString());
        Assert.Equal("amount", differences[1].GetProperty("field").GetString());
        Assert.Equal(4m, differences[1].GetProperty("expected").GetDecimal());
        Assert.Equal(3.50m, differences[1].GetProperty("actual").GetDecimal());
        Assert.Equal(3.50m, result.GetProperty("transaction").GetProperty("amount").GetDecimal());
    }

    [Fact]
    public async Task An_unpaid_payload_expires_with_exit_code_1()
    {
        using var cli = new Cli();
        var code = Code(1m);

        var r = await cli.Run("wait", code.Payload, "--interval", "50ms", "--timeout", "200ms", "--json");

        Assert.Equal(1, r.Exit);
        Assert.Equal("expired", r.Json().GetProperty("result").GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task A_static_payload_ends_at_once_with_exit_code_3()
    {
        using var cli = new Cli();
        var code = Khqr.Encode(new KhqrRequest(new KhqrAccount.Individual("shop@devb"), "Dev Shop", Currency.USD)).Match(c => c, e => throw new Xunit.Sdk.XunitException(e.Message));

        var r = await cli.Run("wait", code.Payload);

        Assert.Equal(3, r.Exit);
        Assert.Contains("static QR", r.Out);
        Assert.Empty(cli.Recorder.Uris);
    }

    [Fact]
    public async Task An_invalid_payload_is_refused_before_any_request()
    {
        using var cli = new Cli();
        var code = Code(1m);

        // A different last CRC digit: one in sixteen payloads already ends in '0'.
        var broken = code.Payload[..^1] + (code.Payload[^1] == '0' ? "1" : "0");
        var r = await cli.Run("wait", broken, "--json");

        Assert.Equal(2, r.Exit);
        Assert.Equal("InvalidInput", r.Json().GetProperty("error").GetProperty("kind").GetString());
        Assert.Equal("khqr.63", r.Json().GetProperty("error").GetProperty("fields")[0].GetProperty("field").GetString());
        Assert.Empty(cli.Recorder.Uris);
    }
}
