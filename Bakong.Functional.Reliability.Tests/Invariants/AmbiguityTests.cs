using Bakong.Functional.Reliability.Tests.Support;
using static Bakong.Functional.Reliability.Tests.Invariants.Hostile;
using static Bakong.Functional.Reliability.Tests.Support.Results;

namespace Bakong.Functional.Reliability.Tests.Invariants;

/// <summary>
/// Invariant 2: ambiguity is never success. An envelope that says success and failure at once, a deep link whose two
/// levels disagree, and a repeated key the decoder reads are each a decode error; repeated keys it ignores stay harmless.
/// </summary>
public sealed class AmbiguityTests(EmulatorFixture f) : IClassFixture<EmulatorFixture>
{
    private static readonly string Ok = Bodies.Success(Bodies.Transaction);

    [Fact]
    public async Task ResponseCode_0_with_errorCode_1_is_neither_found_nor_not_found()
    {
        // Before: responseCode 0 won, so the transaction was "found" although errorCode said "not found".
        var emulator = f.Fresh();
        emulator.Inject(CheckTransactionByMd5.Path, new Fault.Rewrite(b => b.Replace("\"errorCode\":null", "\"errorCode\":1", StringComparison.Ordinal)));
        AssertDecode(await f.Client().SendAsync(CheckTransactionByMd5.Create(f.Usd.Md5).OrNone()), ".errorCode", "both success and failure");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("3")]
    [InlineData("6")]
    [InlineData("99")]
    public async Task ResponseCode_0_with_any_errorCode_is_a_decode_error_at_errorCode(string errorCode)
    {
        // Before: success; errorCode 0 counts too, as the spec says errorCode is null on success.
        var body = Ok.Replace("\"errorCode\":null", $"\"errorCode\":{errorCode}", StringComparison.Ordinal);
        AssertDecode(await Serve(body, ByMd5), ".errorCode", $"found {errorCode}");
    }

    [Fact]
    public async Task An_account_check_saying_success_and_errorCode_11_is_not_an_existing_account()
    {
        // Before: true (the account "exists") although errorCode 11 says it does not.
        var body = """{"responseCode":0,"responseMessage":"Account ID not found","errorCode":11,"data":null}""";
        AssertDecode(await Serve(body, c => c.SendAsync(CheckBakongAccount.Create("shop@bank"))), ".errorCode");
    }

    [Fact]
    public async Task A_deeplink_whose_outer_envelope_says_success_and_nested_one_failure_is_refused()
    {
        // Before: the outer responseCode won and the link was handed out.
        var emulator = f.Fresh();
        emulator.Inject(GenerateDeeplink.Path, new Fault.Rewrite(b => b.Replace("{\"shortLink\":", "{\"responseCode\":1,\"errorCode\":4,\"shortLink\":", StringComparison.Ordinal)));
        AssertDecode(await f.Client().SendAsync(GenerateDeeplink.Create("000201010212")), ".data.responseCode", "the envelope's responseCode, 0, but found 1");
    }

    [Fact]
    public async Task A_deeplink_with_an_outer_success_and_only_a_nested_errorCode_is_refused()
    {
        // Before: responseCode 0 (outer) with errorCode 4 (nested) gave the link.
        var body = """{"responseCode":0,"responseMessage":"ok","errorCode":null,"data":{"shortLink":"https://bakong.page.link/abc","errorCode":4}}""";
        AssertDecode(await Serve(body, c => c.SendAsync(GenerateDeeplink.Create("000201010212"))), ".errorCode", "both success and failure");
    }

    [Fact]
    public async Task A_deeplink_whose_outer_envelope_says_failure_and_nested_one_success_is_refused()
    {
        // Before: an API failure with no errorCode; now the contradiction itself is reported.
        var body = """{"responseCode":1,"responseMessage":"x","data":{"shortLink":"https://bakong.page.link/abc","responseCode":0}}""";
        AssertDecode(await Serve(body, c => c.SendAsync(GenerateDeeplink.Create("000201010212"))), ".data.responseCode");
    }

    [Fact]
    public async Task Two_amounts_in_one_transaction_are_a_decode_error_at_amount()
    {
        // Before: the last amount won: 1.50 was read as 1500.
        var emulator = f.Fresh();
        emulator.Inject(CheckTransactionByMd5.Path, new Fault.Rewrite(b => b.Replace("\"amount\":1.50", "\"amount\":1.50,\"amount\":1500", StringComparison.Ordinal)));
        AssertDecode(await f.Client().SendAsync(CheckTransactionByMd5.Create(f.Usd.Md5)), ".data.amount", "more than once");
    }

    [Fact]
    public async Task A_second_amount_spelled_with_an_escape_is_the_same_key_and_refused()
    {
        // Before: "am\u006funt" is "amount" once unescaped; the last one won.
        var body = Bodies.Success(Bodies.Transaction.Replace("\"amount\":1.0", "\"amount\":1.0,\"am\\u006funt\":9999", StringComparison.Ordinal));
        AssertDecode(await Serve(body, ByMd5), ".data.amount", "more than once");
    }

    [Theory]
    [InlineData("currency", "\"KHR\"")]
    [InlineData("toAccountId", "\"thief@bank\"")]
    [InlineData("hash", "\"0000000000000000000000000000000000000000000000000000000000000000\"")]
    [InlineData("description", "\"other\"")]
    public async Task Any_repeated_transaction_field_is_refused(string field, string second)
    {
        // Before: the last value won.
        var body = Bodies.Success(Bodies.Transaction[..^1] + $",\"{field}\":{second}}}");
        AssertDecode(await Serve(body, ByMd5), $".data.{field}", "more than once");
    }

    [Theory]
    [InlineData("responseCode", "1")]
    [InlineData("errorCode", "1")]
    [InlineData("responseMessage", "\"later\"")]
    public async Task A_repeated_envelope_field_is_refused(string field, string second)
    {
        // Before: the last value won; a second responseCode of 1 turned a found payment into "not found".
        AssertDecode(await Serve(Ok[..^1] + $",\"{field}\":{second}}}", ByMd5OrNone), $".{field}", "more than once");
    }

    [Fact]
    public async Task A_second_data_object_is_refused()
    {
        // Before: the second transaction replaced the first.
        var emulator = f.Fresh();
        emulator.Inject(CheckTransactionByMd5.Path, new Fault.Rewrite(b => b[..^1] + ",\"data\":" + Bodies.Transaction + "}"));
        AssertDecode(await f.Client().SendAsync(CheckTransactionByMd5.Create(f.Usd.Md5)), ".data", "more than once");
    }

    [Fact]
    public async Task A_repeated_token_in_a_verify_answer_is_refused()
    {
        // Before: the second token (the server's other answer) was kept.
        var emulator = f.Fresh();
        var code = emulator.RegisterEmail("ambiguity@example.com");
        emulator.Inject(VerifyToken.Path, new Fault.Rewrite(b => b.Replace("{\"token\":", "{\"token\":\"abc.def.ghi\",\"token\":", StringComparison.Ordinal)));
        AssertDecode(await f.Client().SendAsync(VerifyToken.Create(code)), ".data.token", "more than once");
    }

    [Fact]
    public async Task A_repeated_shortLink_is_refused()
    {
        // Before: the second link won.
        var emulator = f.Fresh();
        emulator.Inject(GenerateDeeplink.Path, new Fault.Rewrite(b => b.Replace("{\"shortLink\":", "{\"shortLink\":\"https://evil.example/x\",\"shortLink\":", StringComparison.Ordinal)));
        AssertDecode(await f.Client().SendAsync(GenerateDeeplink.Create("000201010212")), ".data.shortLink", "more than once");
    }

    [Theory]
    [InlineData("\"status\":\"NOT_FOUND\",\"status\":\"SUCCESS\"", ".data[0].status")]
    [InlineData("\"status\":\"SUCCESS\",\"md5\":\"" + Md5 + "\"", ".data[0].md5")]
    [InlineData("\"status\":\"SUCCESS\",\"transaction\":" + Bodies.Transaction, ".data[0].data")]
    [InlineData("\"status\":\"SUCCESS\",\"amount\":7", ".data[0].data")]
    public async Task A_batch_row_that_repeats_a_key_or_carries_two_transactions_is_refused(string fields, string path)
    {
        // Before: the last status won; a transaction under both data and transaction, or nested and inline, took one silently.
        var row = $$"""{"md5":"{{Md5}}",{{fields}},"data":{{Bodies.Transaction}}}""";
        AssertDecode(await Serve(Bodies.Success($"[{row}]"), c => c.SendAsync(CheckTransactionsByMd5List.Create([Md5]))), path);
    }

    [Fact]
    public async Task ResponseCode_written_as_1e_minus_400_is_not_0()
    {
        // Before: read as a double, 1e-400 became 0 and the envelope said success.
        var body = Ok.Replace("\"responseCode\":0", "\"responseCode\":1e-400", StringComparison.Ordinal);
        AssertDecode(await Serve(body, ByMd5), ".responseCode", "an integer");
    }

    [Fact]
    public async Task ErrorCode_written_as_1_point_0000000000000000001_is_not_1()
    {
        // Before: a double rounded it to 1, so a broken answer read as "not found" (None) and polling went on.
        var body = """{"responseCode":1,"responseMessage":"x","errorCode":1.0000000000000000001,"data":null}""";
        AssertDecode(await Serve(body, ByMd5OrNone), ".errorCode", "an integer");
    }

    [Fact]
    public async Task Repeated_keys_the_decoder_ignores_stay_harmless_and_integral_codes_still_read()
    {
        // Control (passes before and after): unknown keys may repeat; 0.0 and 1e0 are exact integers.
        var body = Ok.Replace("\"responseCode\":0", "\"responseCode\":0.0,\"extra\":1,\"extra\":2", StringComparison.Ordinal)
            .Replace("\"amount\":1.0", "\"amount\":1.0,\"note\":\"a\",\"note\":\"b\"", StringComparison.Ordinal);
        Assert.Equal(1.0m, (await Serve(body, ByMd5)).Succ().Amount);
        Assert.True((await Serve(Bodies.Failure("1e0"), ByMd5OrNone)).Succ().IsNone);
    }
}
