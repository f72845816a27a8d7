using Bakong.Functional.Tests.Support;

namespace Bakong.Functional.Tests.Endpoints;

public class RenewTokenTests
{
    [Fact]
    public void Builds_the_documented_request_without_a_bearer()
    {
        Assert.Equal(new BakongRequest("POST", "/v1/renew_token", """{"email":"dev@shop.kh"}""", RequiresToken: false, IsRepeatable: false), RenewToken.Create("dev@shop.kh").Succ().Request);
    }

    [Fact]
    public void Golden_token_is_issued()
    {
        var token = RenewToken.Create("dev@shop.kh").Succ().Decode(Fixture.Response("renew_token.success.json")).Succ();
        Assert.EndsWith(".ILDtDt_3qyxyHmBWRhVe_6CElt9gNAOxu_8hb5Ct1Wo", token.Reveal());
        Assert.DoesNotContain("eyJ", token.ToString());
    }

    [Fact]
    public void Unregistered_email_is_errorCode_10()
    {
        var e = RenewToken.Create("dev@shop.kh").Succ().Decode(Fixture.Json(Fixture.Failure(10, "Not registered yet"))).FailAs<BakongError.ApiFailure, AccessToken>();
        Assert.Equal((ApiErrorCode.NotRegistered, "Not registered yet"), (e.ErrorCode, e.ResponseMessage));
    }

    [Fact]
    public void Rejects_a_missing_email() =>
        Assert.Equal([new FieldError("email", "is required")], RenewToken.Create(null).FailAs<BakongError.InvalidInput, Endpoint<AccessToken>>().Errors.ToArray());
}
