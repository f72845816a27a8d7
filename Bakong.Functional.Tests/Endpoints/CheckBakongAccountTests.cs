using Bakong.Functional.Tests.Support;

namespace Bakong.Functional.Tests.Endpoints;

public class CheckBakongAccountTests
{
    private static Endpoint<bool> Endpoint => CheckBakongAccount.Create("user@bank").Succ();

    [Fact]
    public void Builds_the_documented_request()
    {
        Assert.Equal(new BakongRequest("POST", "/v1/check_bakong_account", """{"accountId":"user@bank"}""", RequiresToken: true, IsRepeatable: true), Endpoint.Request);
    }

    [Fact]
    public void Golden_exists_is_true() => Assert.True(Endpoint.Decode(Fixture.Response("check_bakong_account.exists.json")).Succ());

    [Fact]
    public void Golden_not_found_errorCode_11_is_false() => Assert.False(Endpoint.Decode(Fixture.Response("check_bakong_account.not_found.json")).Succ());

    [Fact]
    public void ErrorCode_12_is_a_failure()
    {
        var e = Endpoint.Decode(Fixture.Json(Fixture.Failure(12, "Account ID invalid"))).FailAs<BakongError.ApiFailure, bool>();
        Assert.Equal((ApiErrorCode.AccountInvalid, "Account ID invalid"), (e.ErrorCode, e.ResponseMessage));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("user")]
    [InlineData("@bank")]
    [InlineData("user@")]
    [InlineData("us er@bank")]
    [InlineData("a@b@c")]
    public void Rejects_ids_that_are_not_name_at_bank(string? id)
    {
        Assert.True(CheckBakongAccount.Create(id).FailAs<BakongError.InvalidInput, Endpoint<bool>>().Names("accountId"));
    }
}
