using Bakong.Functional.Tests.Support;

namespace Bakong.Functional.Tests.Endpoints;

public class CheckTransactionByMd5Tests
{
    [Fact]
    public void Builds_the_documented_request_as_data()
    {
        var request = CheckTransactionByMd5.Create(Fixture.Md5).Succ().Request;

        Assert.Equal(new BakongRequest("POST", "/v1/check_transaction_by_md5", """{"md5":"d60f3db96913029a2af979a1662c1e72"}""", RequiresToken: true, IsRepeatable: true), request);
        Assert.Equal("POST /v1/check_transaction_by_md5", request.ToString());
        Assert.True(request.IsRepeatable);
        Assert.True(request.RequiresToken);
    }

    [Fact]
    public void Upper_case_md5_is_lowered()
    {
        Assert.Contains(Fixture.Md5, CheckTransactionByMd5.Create(Fixture.Md5.ToUpperInvariant()).Succ().Request.Body);
    }

    [Theory]
    [InlineData(null, "is required")]
    [InlineData("", "must be 32 hexadecimal characters")]
    [InlineData("d60f3db96913029a2af979a1662c1e7", "must be 32 hexadecimal characters")]
    [InlineData("d60f3db96913029a2af979a1662c1e72a", "must be 32 hexadecimal characters")]
    [InlineData("z60f3db96913029a2af979a1662c1e72", "must be 32 hexadecimal characters")]
    [InlineData("d60f3db96913029a2af979a1662c1e7\n", "must be 32 hexadecimal characters")]
    public void Rejects_a_malformed_md5_naming_the_field(string? md5, string reason)
    {
        var e = CheckTransactionByMd5.Create(md5).FailAs<BakongError.InvalidInput, Endpoint<Transaction>>();
        Assert.Equal([new FieldError("md5", reason)], e.Errors.ToArray());
    }
}
