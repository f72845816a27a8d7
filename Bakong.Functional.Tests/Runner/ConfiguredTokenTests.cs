using Bakong.Functional.Tests.Support;

namespace Bakong.Functional.Tests.Runner;

/// <summary><c>Token = AccessToken.From(text)</c> compiles; a text that is not a token never throws and is named by every call.</summary>
public class ConfiguredTokenTests
{
    [Fact]
    public async Task A_token_from_text_is_sent_as_the_bearer()
    {
        var handler = new RecordingHandler(200, Fixture.Text("check_transaction.success.json"));
        var options = new BakongClientOptions { BaseUrl = new Uri("https://bakong.test"), Token = AccessToken.From("stored-token") };

        var result = await new BakongClient(new HttpClient(handler), options).SendAsync(CheckTransactionByMd5.Create(Fixture.Md5));

        Assert.True(result.IsSucc);
        Assert.Equal("Bearer stored-token", handler.Requests[0].Header("Authorization"));
    }

    [Fact]
    public async Task A_text_that_is_not_a_token_makes_every_call_name_the_token_setting_and_sends_nothing()
    {
        var handler = new RecordingHandler(200, "{}");
        var options = new BakongClientOptions { BaseUrl = new Uri("https://bakong.test"), Token = AccessToken.From("not a token") };

        var client = new BakongClient(new HttpClient(handler), options);
        var check = await client.SendAsync(CheckTransactionByMd5.Create(Fixture.Md5));
        var renew = await client.SendAsync(RenewToken.Create("shop@example.com"));

        var field = Assert.Single(check.FailAs<BakongError.InvalidInput, Transaction>().Errors);
        Assert.Equal(new FieldError("Token", "must be a non-empty bearer token (letters, digits and -._~+/ then optional = padding)"), field);
        Assert.True(renew.FailAs<BakongError.InvalidInput, AccessToken>().Names("Token"));
        Assert.Empty(handler.Requests);
        Assert.Equal("ConfiguredToken(invalid)", options.Token.ToString());
    }

    [Fact]
    public void A_token_an_option_or_nothing_convert_as_before()
    {
        var token = AccessToken.From("stored-token").Succ();
        ConfiguredToken fromToken = token, fromSome = Prelude.Some(token), fromNone = Option<AccessToken>.None;

        Assert.True(fromToken.IsSome && fromSome.IsSome);
        Assert.True(fromNone.IsNone && ConfiguredToken.None.IsNone && new BakongClientOptions().Token.IsNone);
        Assert.Same(token, fromSome.ToOption().Case);
        Assert.DoesNotContain("stored-token", fromToken.ToString(), StringComparison.Ordinal);
    }
}
