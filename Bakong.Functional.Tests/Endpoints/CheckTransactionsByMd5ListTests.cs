using Bakong.Functional.Tests.Support;

namespace Bakong.Functional.Tests.Endpoints;

public class CheckTransactionsByMd5ListTests
{
    private static readonly string[] Keys =
    [
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "cccccccccccccccccccccccccccccccc",
        "dddddddddddddddddddddddddddddddd", "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee", "ffffffffffffffffffffffffffffffff",
        "99999999999999999999999999999999", "12345678901234567890123456789012",
    ];

    [Fact]
    public void Builds_a_bare_json_array_body()
    {
        var request = CheckTransactionsByMd5List.Create(Keys[..2]).Succ().Request;
        Assert.Equal(new BakongRequest("POST", "/v1/check_transaction_by_md5_list", """["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"]""", RequiresToken: true, IsRepeatable: true), request);
    }

    [Fact]
    public void Every_row_shape_decodes_matched_by_echoed_key_in_request_order()
    {
        var rows = CheckTransactionsByMd5List.Create(Keys).Succ()
            .Decode(Fixture.Response("check_transaction_by_md5_list.rows.json")).Succ().ToArray();

        Assert.Equal(Keys, rows.Select(r => r.Key));
        var underData = Assert.IsType<BatchRow.Found>(rows[0]);
        Assert.Equal(Fixture.Hash, underData.Transaction.Hash);
        Assert.Equal(Prelude.Some("first"), underData.Transaction.Description);
        Assert.Equal("Transaction could not be found.", Assert.IsType<BatchRow.NotFound>(rows[1]).Message);
        var underTransaction = Assert.IsType<BatchRow.Found>(rows[2]);
        Assert.Equal((Currency.KHR, 4000m), (underTransaction.Transaction.Currency, underTransaction.Transaction.Amount));
        var inline = Assert.IsType<BatchRow.Found>(rows[3]);
        Assert.Equal(("2222222222222222222222222222222222222222222222222222222222222222", 2.50m), (inline.Transaction.Hash, inline.Transaction.Amount));
        Assert.Equal("Transaction failed.", Assert.IsType<BatchRow.Failed>(rows[4]).Message);
        Assert.Equal("Static QR is not supported.", Assert.IsType<BatchRow.StaticQr>(rows[5]).Message);
        var other = Assert.IsType<BatchRow.OtherStatus>(rows[6]);
        Assert.Equal(("SERVICE_FAILED", "Try later."), (other.Status, other.Message));
        Assert.Equal(new BatchRow.Missing("12345678901234567890123456789012"), rows[7]);
    }

    [Fact]
    public void A_success_row_without_a_transaction_names_the_row()
    {
        var body = Fixture.Success("""[{"md5":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","status":"SUCCESS"}]""");
        var e = CheckTransactionsByMd5List.Create(Keys[..1]).Succ().Decode(Fixture.Json(body)).FailAs<BakongError.Decode, Seq<BatchRow>>();
        Assert.Equal("$.data[0]: expected a transaction for status SUCCESS", e.Problem.ToString());
    }

    [Fact]
    public void A_bad_transaction_inside_a_row_names_its_path()
    {
        var body = Fixture.Success("""[{"md5":"x","status":"NOT_FOUND"},{"md5":"y","status":"SUCCESS","data":{"amount":{}}}]""");
        var e = CheckTransactionsByMd5List.Create(Keys[..1]).Succ().Decode(Fixture.Json(body)).FailAs<BakongError.Decode, Seq<BatchRow>>();
        Assert.Equal("$.data[1].data.amount: expected a number or a numeric string, but found an object", e.Problem.ToString());
    }

    [Fact]
    public void Rejects_empty_oversized_duplicate_and_malformed_batches()
    {
        Assert.Equal([new FieldError("md5s", "must hold 1 to 50 items, not 0")],
            CheckTransactionsByMd5List.Create([]).FailAs<BakongError.InvalidInput, Endpoint<Seq<BatchRow>>>().Errors.ToArray());
        Assert.Equal([new FieldError("md5s", "must hold 1 to 50 items, not 51")],
            CheckTransactionsByMd5List.Create(Enumerable.Range(0, 51).Select(i => i.ToString("x32"))).FailAs<BakongError.InvalidInput, Endpoint<Seq<BatchRow>>>().Errors.ToArray());
        Assert.Equal([new FieldError("md5s[1]", "is a duplicate"), new FieldError("md5s[2]", "must be 32 hexadecimal characters"), new FieldError("md5s[3]", "is required")],
            CheckTransactionsByMd5List.Create([Keys[0], Keys[0].ToUpperInvariant(), "nope", null]).FailAs<BakongError.InvalidInput, Endpoint<Seq<BatchRow>>>().Errors.ToArray());
        Assert.Equal([new FieldError("md5s", "is required")],
            CheckTransactionsByMd5List.Create(null).FailAs<BakongError.InvalidInput, Endpoint<Seq<BatchRow>>>().Errors.ToArray());
    }

    [Fact]
    public void Fifty_keys_are_accepted()
    {
        Assert.True(CheckTransactionsByMd5List.Create(Enumerable.Range(0, 50).Select(i => i.ToString("x32"))).IsSucc);
    }
}
