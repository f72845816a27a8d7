using Bakong.Functional.Tests.Support;

namespace Bakong.Functional.Tests.Endpoints;

public class CheckTransactionByShortHashTests
{
    [Fact]
    public void Builds_the_documented_request_with_a_numeric_amount()
    {
        Assert.Equal(
            new BakongRequest("POST", "/v1/check_transaction_by_short_hash", """{"hash":"8465d722","amount":1.0,"currency":"USD"}""", RequiresToken: true, IsRepeatable: true),
            CheckTransactionByShortHash.Create("8465d722", 1.0m, Currency.USD).Succ().Request);
        Assert.Contains("\"amount\":4000,\"currency\":\"KHR\"", CheckTransactionByShortHash.Create("8465d722", 4000m, Currency.KHR).Succ().Request.Body);
    }

    [Fact]
    public void Names_every_bad_field_not_only_the_first()
    {
        var e = CheckTransactionByShortHash.Create("xyz", -1m, (Currency)7).FailAs<BakongError.InvalidInput, Endpoint<Transaction>>();
        Assert.Equal(
            [new FieldError("hash", "must be 8 hexadecimal characters"), new FieldError("amount", "must be positive"), new FieldError("currency", "must be USD or KHR")],
            e.Errors.ToArray());
    }

    [Fact]
    public void Rejects_a_zero_amount()
    {
        Assert.True(CheckTransactionByShortHash.Create("8465d722", 0m, Currency.USD).FailAs<BakongError.InvalidInput, Endpoint<Transaction>>().Names("amount"));
    }
}
