using Bakong.Functional.Tests.Support;

namespace Bakong.Functional.Tests.Endpoints;

/// <summary>The document's three samples (success, failed, not found) against every single-transaction lookup.</summary>
public class TransactionLookupTests
{
    public static TheoryData<string> Lookups => ["md5", "hash", "shortHash", "instructionRef", "externalRef"];

    public static Endpoint<Transaction> Lookup(string kind) => (kind switch
    {
        "md5" => CheckTransactionByMd5.Create(Fixture.Md5),
        "hash" => CheckTransactionByHash.Create(Fixture.Hash),
        "shortHash" => CheckTransactionByShortHash.Create("8465d722", 1.0m, Currency.USD),
        "instructionRef" => CheckTransactionByInstructionRef.Create("INS-1"),
        _ => CheckTransactionByExternalRef.Create("EXT-1"),
    }).Succ();

    [Theory, MemberData(nameof(Lookups))]
    public void Golden_success_decodes_every_documented_field(string kind)
    {
        var t = Lookup(kind).Decode(Fixture.Response("check_transaction.success.json")).Succ();

        Assert.Equal(Fixture.Hash, t.Hash);
        Assert.Equal("rieu_dhqj_1984@devb", t.FromAccountId);
        Assert.Equal("bridge_account@devb", t.ToAccountId);
        Assert.Equal(Currency.USD, t.Currency);
        Assert.Equal(1.0m, t.Amount);
        Assert.Equal(Prelude.Some("testing bakong generator"), t.Description);
        Assert.True(t.CreatedAt.IsNone);
        Assert.Equal("8465d722", t.ShortHash);
    }

    [Theory, MemberData(nameof(Lookups))]
    public void Golden_failed_is_ApiFailure_TransactionFailed_with_message_and_body(string kind)
    {
        var e = Lookup(kind).Decode(Fixture.Response("check_transaction.failed.json")).FailAs<BakongError.ApiFailure, Transaction>();

        Assert.Equal(ApiErrorCode.TransactionFailed, e.ErrorCode);
        Assert.Equal("Transaction failed.", e.ResponseMessage);
        Assert.Equal(200, e.Response.Status);
        Assert.Contains("\"errorCode\": 3", e.Response.Body);
    }

    [Theory, MemberData(nameof(Lookups))]
    public void Golden_not_found_is_a_failure_and_None_in_the_optional_form(string kind)
    {
        var response = Fixture.Response("check_transaction.not_found.json");

        var e = Lookup(kind).Decode(response).FailAs<BakongError.ApiFailure, Transaction>();
        Assert.Equal(ApiErrorCode.TransactionNotFound, e.ErrorCode);
        Assert.Equal("Transaction could not be found. Please check and try again.", e.ResponseMessage);
        Assert.True(e.IsTransactionNotFound);

        Assert.Equal(Option<Transaction>.None, Lookup(kind).OrNone().Decode(response).Succ());
    }

    [Theory, MemberData(nameof(Lookups))]
    public void Optional_form_keeps_other_failures_as_failures_and_success_as_Some(string kind)
    {
        var failed = Lookup(kind).OrNone().Decode(Fixture.Response("check_transaction.failed.json"));
        Assert.Equal(ApiErrorCode.TransactionFailed, failed.FailAs<BakongError.ApiFailure, Option<Transaction>>().ErrorCode);

        var found = Lookup(kind).OrNone().Decode(Fixture.Response("check_transaction.success.json")).Succ();
        Assert.Equal(Fixture.Hash, found.Map(t => t.Hash).IfNone(""));
    }

    [Fact]
    public void Production_fields_string_amounts_float_timestamps_and_unknown_fields_decode()
    {
        var t = Lookup("md5").Decode(Fixture.Response("check_transaction.production.json")).Succ();

        Assert.Equal(Currency.KHR, t.Currency);
        Assert.Equal(4000m, t.Amount);
        Assert.True(t.Description.IsNone);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1605774370608), t.CreatedAt);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1605774422421), t.AcknowledgedAt);
        Assert.Equal(Prelude.Some("ACKNOWLEDGED_BY_FI"), t.TrackingStatus);
        Assert.Equal(Prelude.Some("Devb Bank"), t.ReceiverBank);
        Assert.Equal(Prelude.Some("000123456"), t.ReceiverBankAccount);
        Assert.Equal(Prelude.Some("INS-20201119-0001"), t.InstructionRef);
        Assert.Equal(Prelude.Some("EXT-77"), t.ExternalRef);
    }

    [Theory]
    [InlineData("""{"responseCode":0,"data":{"hash":"h","fromAccountId":"a","toAccountId":"b","currency":"USD","amount":true}}""", "$.data.amount: expected a number or a numeric string, but found a boolean")]
    [InlineData("""{"responseCode":0,"data":{"hash":"h","fromAccountId":"a","toAccountId":"b","currency":"USD","amount":"1.x"}}""", "$.data.amount: expected a number, or a string holding only a plain decimal number such as \"1.50\" (no spaces, +, separators or exponent)")]
    [InlineData("""{"responseCode":0,"data":{"hash":"h","fromAccountId":"a","toAccountId":"b","currency":"USD","amount":1e400}}""", "$.data.amount: expected a number that decimal holds exactly (at most 28 decimal places, at most 79228162514264337593543950335)")]
    [InlineData("""{"responseCode":0,"data":{"hash":"h","fromAccountId":"a","toAccountId":"b","currency":"USD","amount":-1}}""", "$.data.amount: expected a non-negative amount")]
    [InlineData("""{"responseCode":0,"data":{"hash":"h","fromAccountId":"a","toAccountId":"b","currency":"EUR","amount":1}}""", "$.data.currency: expected USD or KHR")]
    [InlineData("""{"responseCode":0,"data":{"hash":"h","toAccountId":"b","currency":"USD","amount":1}}""", "$.data.fromAccountId: expected a string, but the field is missing")]
    [InlineData("""{"responseCode":0,"data":{"hash":7,"fromAccountId":"a","toAccountId":"b","currency":"USD","amount":1}}""", "$.data.hash: expected a string, but found a number")]
    [InlineData("""{"responseCode":0,"data":{"hash":"h","fromAccountId":"a","toAccountId":"b","currency":"USD","amount":1,"createdDateMs":"soon"}}""", "$.data.createdDateMs: expected epoch milliseconds (a number), but found a string")]
    [InlineData("""{"responseCode":0,"data":{"hash":"h","fromAccountId":"a","toAccountId":"b","currency":"USD","amount":1,"createdDateMs":1e300}}""", "$.data.createdDateMs: expected epoch milliseconds within the range of a date")]
    [InlineData("""{"responseCode":0,"data":[]}""", "$.data: expected an object, but found an array")]
    [InlineData("""{"responseCode":0,"data":null}""", "$.data: expected an object, but found null or nothing")]
    [InlineData("""{"responseCode":"0","data":null}""", "$.responseCode: expected an integer or null, but found a string")]
    [InlineData("""{"data":null}""", "$.responseCode: expected 0 or 1, but the field is missing or null")]
    [InlineData("""{"responseCode":2,"data":null}""", "$.responseCode: expected 0 or 1")]
    [InlineData("""[1,2]""", "$: expected an object, but found an array")]
    [InlineData("", "$: expected a JSON value, but the body is empty")]
    [InlineData("null", "$: expected an object, but found null")]
    [InlineData("""{"responseCode":0""", "$: expected valid JSON (invalid at line 1, byte 18)")]
    [InlineData("""{"responseCode":0} x""", "$: expected valid JSON (invalid at line 1, byte 20)")]
    public void Decode_errors_name_the_path_and_what_was_expected(string body, string expected)
    {
        var e = Lookup("md5").Decode(Fixture.Json(body)).FailAs<BakongError.Decode, Transaction>();
        Assert.Equal(expected, e.Problem.ToString());
        Assert.Equal(200, e.Response.Status);
    }

    [Fact]
    public void A_byte_order_mark_and_data_before_responseCode_are_accepted()
    {
        var body = "\uFEFF" + """{"data":""" + Fixture.TransactionJson + ""","responseCode":0}""";
        Assert.Equal(Fixture.Hash, Lookup("md5").Decode(Fixture.Json(body)).Succ().Hash);
    }

    [Fact]
    public void A_failure_envelope_with_undecodable_data_is_still_the_API_failure()
    {
        var body = """{"data":{"amount":"??"},"responseCode":1,"errorCode":3,"responseMessage":"Transaction failed."}""";
        Assert.Equal(ApiErrorCode.TransactionFailed, Lookup("md5").Decode(Fixture.Json(body)).FailAs<BakongError.ApiFailure, Transaction>().ErrorCode);
    }

    [Fact]
    public void Unknown_and_missing_error_codes_keep_code_and_message()
    {
        var unknown = Lookup("md5").Decode(Fixture.Json(Fixture.Failure(77, "Something new"))).FailAs<BakongError.UnknownApiFailure, Transaction>();
        Assert.Equal(Prelude.Some(77), unknown.ErrorCode);
        Assert.Equal("Something new", unknown.ResponseMessage);

        var none = Lookup("md5").Decode(Fixture.Json("""{"responseCode":1,"errorCode":null,"responseMessage":"?"}""")).FailAs<BakongError.UnknownApiFailure, Transaction>();
        Assert.True(none.ErrorCode.IsNone);
    }

    [Fact]
    public void A_repeated_key_the_decoder_reads_is_a_decode_error_at_that_field()
    {
        // Parsers disagree on which of two amounts wins; on money that is an attack (issue 11).
        var body = Fixture.Success(Fixture.TransactionJson.Replace("\"amount\":1.0", "\"amount\":1.0,\"amount\":2.5"));
        var e = Lookup("md5").Decode(Fixture.Json(body)).FailAs<BakongError.Decode, Transaction>();
        Assert.Equal(".data.amount", e.Problem.Path);
    }
}
