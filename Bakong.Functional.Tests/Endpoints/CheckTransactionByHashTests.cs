using Bakong.Functional.Tests.Support;

namespace Bakong.Functional.Tests.Endpoints;

public class CheckTransactionByHashTests
{
    [Fact]
    public void Builds_the_documented_request_as_data()
    {
        Assert.Equal(
            new BakongRequest("POST", "/v1/check_transaction_by_hash", $$"""{"hash":"{{Fixture.Hash}}"}""", RequiresToken: true, IsRepeatable: true),
            CheckTransactionByHash.Create(Fixture.Hash).Succ().Request);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("8465d722")]
    [InlineData("g465d722d7d5065f2886f0a474a4d34dc6a7855355b611836f7b6111228893e9")]
    public void Rejects_anything_but_64_hex_characters(string? hash)
    {
        var e = CheckTransactionByHash.Create(hash).FailAs<BakongError.InvalidInput, Endpoint<Transaction>>();
        Assert.Equal("hash", Assert.Single(e.Errors).Field);
    }
}
