using Bakong.Functional.Tests.Support;

namespace Bakong.Functional.Tests.Endpoints;

public class CheckTransactionByExternalRefTests
{
    [Fact]
    public void Builds_the_request()
    {
        Assert.Equal(
            new BakongRequest("POST", "/v1/check_transaction_by_external_ref", """{"externalRef":"EXT-77"}""", RequiresToken: true, IsRepeatable: true),
            CheckTransactionByExternalRef.Create("EXT-77").Succ().Request);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("\t")]
    public void Rejects_missing_references(string? value)
    {
        Assert.True(CheckTransactionByExternalRef.Create(value).FailAs<BakongError.InvalidInput, Endpoint<Transaction>>().Names("externalRef"));
    }
}
