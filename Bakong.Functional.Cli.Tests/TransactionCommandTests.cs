using System.Globalization;
using System.Text.Json;

namespace Bakong.Functional.Cli.Tests;

public class TransactionCommandTests
{
    private static EmulatedPayment Pay(Cli cli, string qr = "000201010212paid") =>
        cli.Emulator.AddPayment(new PaymentSeed
        {
            Qr = qr,
            Amount = 2.5m,
            Currency = Currency.KHR,
            FromAccountId = "payer@aba",
            InstructionRef = "INS-1",
            ExternalRef = "EXT-1",
        });

    [Fact]
    public async Task Md5_finds_a_paid_transaction()
    {
        using var cli = new Cli();
        var p = Pay(cli);
        var r = await cli.Run("transaction", "md5", p.Md5);
        Assert.True(r.Exit == 0, r.ToString());
        Assert.Contains("2.5 KHR", r.Out);
        Assert.Contains("payer@aba", r.Out);
        Assert.Contains(p.Hash, r.Out);
        Assert.Equal("", r.Err);
    }

    [Fact]
    public async Task Md5_of_an_unpaid_qr_says_not_paid_yet_with_exit_code_1_and_no_error()
    {
        using var cli = new Cli();
        var r = await cli.Run("transaction", "md5", Khqr.Md5("nobody paid"));
        Assert.Equal(1, r.Exit);
        Assert.Equal("not paid yet" + Environment.NewLine, r.Out);
        Assert.Equal("", r.Err);
    }

    [Fact]
    public async Task Md5_json_of_an_unpaid_qr_is_a_result_with_found_false()
    {
        using var cli = new Cli();
        var r = await cli.Run("transaction", "md5", Khqr.Md5("nobody paid"), "--json");
        Assert.Equal(1, r.Exit);
        Assert.Equal("", r.Err);
        var doc = r.Json();
        Assert.Equal("transaction md5", doc.GetProperty("command").GetString());
        Assert.True(doc.GetProperty("ok").GetBoolean());
        Assert.Equal(1, doc.GetProperty("exitCode").GetInt32());
        Assert.False(doc.TryGetProperty("error", out _));
        var result = doc.GetProperty("result");
        Assert.False(result.GetProperty("found").GetBoolean());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("transaction").ValueKind);
    }

    [Fact]
    public async Task Other_lookups_that_find_nothing_say_not_found()
    {
        using var cli = new Cli();
        var r = await cli.Run("transaction", "hash", new string('a', 64));
        Assert.Equal(1, r.Exit);
        Assert.Equal("not found" + Environment.NewLine, r.Out);
        Assert.Equal("", r.Err);
    }

    [Fact]
    public async Task Md5_json_success_has_the_transaction_fields()
    {
        using var cli = new Cli();
        var p = Pay(cli);
        var r = await cli.Run("--json", "transaction", "md5", p.Md5);
        Assert.True(r.Exit == 0, r.ToString());
        Assert.True(r.Json().GetProperty("result").GetProperty("found").GetBoolean());
        var t = r.Json().GetProperty("result").GetProperty("transaction");
        Assert.Equal(p.Hash, t.GetProperty("hash").GetString());
        Assert.Equal(p.ShortHash, t.GetProperty("shortHash").GetString());
        Assert.Equal(2.5m, t.GetProperty("amount").GetDecimal());
        Assert.Equal("KHR", t.GetProperty("currency").GetString());
        Assert.Equal("payer@aba", t.GetProperty("fromAccountId").GetString());
        Assert.Equal("INS-1", t.GetProperty("instructionRef").GetString());
        Assert.Equal("EXT-1", t.GetProperty("externalRef").GetString());
    }

    [Fact]
    public async Task An_invalid_md5_is_exit_code_2_and_sends_nothing()
    {
        using var cli = new Cli();
        var r = await cli.Run("transaction", "md5", "not-an-md5", "--json");
        Assert.Equal(2, r.Exit);
        var error = r.Json().GetProperty("error");
        Assert.Equal("InvalidInput", error.GetProperty("kind").GetString());
        Assert.Equal("md5", error.GetProperty("fields")[0].GetProperty("field").GetString());
        Assert.Empty(cli.Emulator.Requests);
    }

    [Fact]
    public async Task A_static_qr_is_an_api_failure_with_exit_code_3()
    {
        using var cli = new Cli();
        cli.Emulator.AddPayment(new PaymentSeed { Qr = "static", Outcome = SeedOutcome.StaticQr });
        var r = await cli.Run("transaction", "md5", Khqr.Md5("static"));
        Assert.Equal(3, r.Exit);
        Assert.Contains("StaticQrNotSupported", r.Err);
    }

    [Fact]
    public async Task Hash_finds_the_transaction()
    {
        using var cli = new Cli();
        var p = Pay(cli);
        var r = await cli.Run("transaction", "hash", p.Hash);
        Assert.True(r.Exit == 0, r.ToString());
        Assert.Contains(p.Hash, r.Out);
    }

    [Fact]
    public async Task Short_hash_needs_the_right_amount_and_currency()
    {
        using var cli = new Cli();
        // Whole riel: a fractional KHR amount is refused before any request.
        var p = cli.Emulator.AddPayment(new PaymentSeed { Qr = "000201010212riel", Amount = 2500m, Currency = Currency.KHR });
        var ok = await cli.Run("transaction", "short-hash", p.ShortHash, "--amount", "2500", "--currency", "KHR");
        Assert.True(ok.Exit == 0, ok.ToString());
        Assert.Contains(p.Hash, ok.Out);

        var wrong = await cli.Run("transaction", "short-hash", p.ShortHash, "--amount", "3000", "--currency", "KHR");
        Assert.Equal(1, wrong.Exit);

        var usage = await cli.Run("transaction", "short-hash", p.ShortHash, "--amount", "2.5", "--currency", "EUR");
        Assert.Equal(2, usage.Exit);
    }

    [Fact]
    public async Task Instruction_ref_and_external_ref_find_the_transaction()
    {
        using var cli = new Cli();
        var p = Pay(cli);
        var byInstruction = await cli.Run("transaction", "instruction-ref", "INS-1");
        Assert.True(byInstruction.Exit == 0, byInstruction.ToString());
        Assert.Contains(p.Hash, byInstruction.Out);
        var byExternal = await cli.Run("transaction", "external-ref", "EXT-1");
        Assert.True(byExternal.Exit == 0, byExternal.ToString());
        Assert.Contains(p.Hash, byExternal.Out);
        var none = await cli.Run("transaction", "external-ref", "EXT-404");
        Assert.Equal(1, none.Exit);
    }

    [Fact]
    public async Task Md5_list_reports_each_key_and_exit_code_1_when_one_is_unpaid()
    {
        using var cli = new Cli();
        var p = Pay(cli);
        var unknown = Khqr.Md5("nobody paid");
        var r = await cli.Run("transaction", "md5-list", p.Md5, unknown);
        Assert.Equal(1, r.Exit);
        var lines = r.Out.Trim().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"{p.Md5}  paid 2.5 KHR", lines[0]);
        Assert.StartsWith($"{unknown}  not found", lines[1]);
    }

    [Fact]
    public async Task Md5_list_json_has_one_item_per_key()
    {
        using var cli = new Cli();
        var p = Pay(cli);
        var unknown = Khqr.Md5("nobody paid");
        var r = await cli.Run("transaction", "md5-list", p.Md5, unknown, "--json");
        Assert.Equal(1, r.Exit);
        var result = r.Json().GetProperty("result");
        Assert.Equal(2, result.GetProperty("count").GetInt32());
        Assert.Equal(1, result.GetProperty("paid").GetInt32());
        var items = result.GetProperty("items");
        Assert.Equal(p.Md5, items[0].GetProperty("key").GetString());
        Assert.Equal("SUCCESS", items[0].GetProperty("status").GetString());
        Assert.Equal(p.Hash, items[0].GetProperty("transaction").GetProperty("hash").GetString());
        Assert.Equal("NOT_FOUND", items[1].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Md5_list_of_any_size_goes_out_in_chunks_of_50()
    {
        using var cli = new Cli();
        var keys = Enumerable.Range(0, 120).Select(i => Khqr.Md5(i.ToString(CultureInfo.InvariantCulture))).ToArray();
        foreach (var k in keys)
            cli.Emulator.AddPayment(k, 1m);
        var r = await cli.Run(["transaction", "md5-list", .. keys]);
        Assert.True(r.Exit == 0, r.ToString());
        Assert.Equal(120, r.Out.Trim().Split('\n').Length);
        Assert.Equal(3, cli.Emulator.Requests.Count(q => q.Path == CheckTransactionsByMd5List.Path));
    }

    [Fact]
    public async Task Hash_list_is_exit_code_0_when_all_are_found()
    {
        using var cli = new Cli();
        var a = Pay(cli, "qr-a");
        var b = Pay(cli, "qr-b");
        var r = await cli.Run("transaction", "hash-list", a.Hash, b.Hash);
        Assert.True(r.Exit == 0, r.ToString());
        Assert.Contains($"{a.Hash}  paid", r.Out);
        Assert.Contains($"{b.Hash}  paid", r.Out);
        Assert.Single(cli.Emulator.Requests, q => q.Path == CheckTransactionsByHashList.Path);
    }

    [Fact]
    public async Task A_blocked_batch_is_exit_code_5()
    {
        using var cli = new Cli();
        var p = Pay(cli);
        cli.Emulator.Inject(CheckTransactionsByMd5List.Path, new Fault.GeoBlocked());
        var r = await cli.Run("transaction", "md5-list", p.Md5, "--json");
        Assert.Equal(5, r.Exit);
        var item = r.Json().GetProperty("result").GetProperty("items")[0];
        Assert.Equal("ERROR", item.GetProperty("status").GetString());
        Assert.Equal("Blocked", item.GetProperty("error").GetProperty("kind").GetString());
    }
}
