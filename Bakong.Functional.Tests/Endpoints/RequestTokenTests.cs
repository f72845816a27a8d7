using Bakong.Functional.Tests.Support;

namespace Bakong.Functional.Tests.Endpoints;

public class RequestTokenTests
{
    [Fact]
    public void Builds_the_documented_request_without_a_bearer()
    {
        var request = RequestToken.Create("dev@shop.kh", "Shop", "Till").Succ().Request;
        Assert.Equal(new BakongRequest("POST", "/v1/request_token", """{"email":"dev@shop.kh","organization":"Shop","project":"Till"}""", RequiresToken: false, IsRepeatable: false), request);
        Assert.False(request.IsRepeatable);
        Assert.False(request.RequiresToken);
    }

    [Fact]
    public void Golden_email_sent_is_unit()
    {
        Assert.Equal(Prelude.unit, RequestToken.Create("dev@shop.kh", "Shop", "Till").Succ().Decode(Fixture.Response("request_token.success.json")).Succ());
    }

    [Fact]
    public void Already_registered_is_errorCode_8()
    {
        var e = RequestToken.Create("dev@shop.kh", "Shop", "Till").Succ().Decode(Fixture.Json(Fixture.Failure(8))).FailAs<BakongError.ApiFailure, Unit>();
        Assert.Equal(ApiErrorCode.EmailAlreadyRegistered, e.ErrorCode);
    }

    [Fact]
    public void Names_every_bad_field()
    {
        var e = RequestToken.Create("this-address-is-far-too-long@example.com", "", new string('p', 101)).FailAs<BakongError.InvalidInput, Endpoint<Unit>>();
        Assert.Equal(
            [new FieldError("email", "must be 3 to 30 characters"), new FieldError("organization", "must not be empty or blank"), new FieldError("project", "must be 1 to 100 characters")],
            e.Errors.ToArray());
    }

    [Theory]
    [InlineData("no-at-sign")]
    [InlineData("abc@")]
    [InlineData("a b@c.kh")]
    public void Rejects_things_that_are_not_email_addresses(string email)
    {
        Assert.Equal([new FieldError("email", "must be an e-mail address such as you@example.com")],
            RequestToken.Create(email, "o", "p").FailAs<BakongError.InvalidInput, Endpoint<Unit>>().Errors.ToArray());
    }
}
