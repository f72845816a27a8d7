using Bakong.Functional.Tests.Support;

namespace Bakong.Functional.Tests.Endpoints;

public class CheckTransactionsByHashListTests
{
    private const string Other = "1111111111111111111111111111111111111111111111111111111111111111";

    [Fact]
    public void Builds_a_bare_json_array_body()
    {
        Assert.Equal(
            new BakongRequest("POST", "/v1/check_transaction_by_hash_list", $$"""["{{Fixture.Hash}}"]""", RequiresToken: true, IsRepeatable: true),
            CheckTransactionsByHashList.Create([Fixture.Hash]).Succ().Request);
    }

    [Fact]
    public void Rows_keyed_by_hash_match_regardless_of_position_and_case()
    {
        var body = Fixture.Success($$"""
            [{"hash":"{{Other}}","status":"NOT_FOUND","message":"no"},
             {"hash":"{{Fixture.Hash.ToUpperInvariant()}}","status":"SUCCESS","data":{{Fixture.TransactionJson}}}]
            """);
        var rows = CheckTransactionsByHashList.Create([Fixture.Hash, Other]).Succ().Decode(Fixture.Json(body)).Succ().ToArray();

        Assert.Equal(Fixture.Hash, Assert.IsType<BatchRow.Found>(rows[0]).Transaction.Hash);
        Assert.Equal(new BatchRow.NotFound(Other, "no"), rows[1]);
    }

    [Fact]
    public void A_hash_list_that_fails_as_a_whole_is_the_API_failure()
    {
        var e = CheckTransactionsByHashList.Create([Fixture.Hash]).Succ().Decode(Fixture.Json(Fixture.Failure(5, "Missing required fields."))).FailAs<BakongError.ApiFailure, Seq<BatchRow>>();
        Assert.Equal(ApiErrorCode.MissingRequiredFields, e.ErrorCode);
    }

    [Fact]
    public void Rejects_short_hashes_in_the_list()
    {
        Assert.Equal([new FieldError("hashes[0]", "must be 64 hexadecimal characters")],
            CheckTransactionsByHashList.Create(["8465d722"]).FailAs<BakongError.InvalidInput, Endpoint<Seq<BatchRow>>>().Errors.ToArray());
    }
}
