using Bakong.Functional.Tests.Support;

namespace Bakong.Functional.Tests.Endpoints;

public class GenerateDeeplinkTests
{
    private const string Qr = "00020101021229190015gg_hh_1980@amkb52045999530384054031685802KH5905Gg+H h6010Phnom+Penh62100806#hello630498B8";
    private static readonly SourceInfo Source = new("https://bakong.nbc.org.kh/images/logo.svg", "Bakong", "https://bakong.nbc.org.kh/");

    [Fact]
    public void Builds_the_documented_request_with_source_info()
    {
        Assert.Equal(
            new BakongRequest("POST", "/v1/generate_deeplink_by_qr",
                $$$"""{"qr":"{{{Qr}}}","sourceInfo":{"appIconUrl":"https://bakong.nbc.org.kh/images/logo.svg","appName":"Bakong","appDeepLinkCallback":"https://bakong.nbc.org.kh/"}}""",
                RequiresToken: false, IsRepeatable: false),
            GenerateDeeplink.Create(Qr, Source).Succ().Request);
        Assert.Equal($$"""{"qr":"{{Qr}}"}""", GenerateDeeplink.Create(Qr).Succ().Request.Body);
    }

    [Fact]
    public void Golden_nested_envelope_gives_the_short_link()
    {
        Assert.Equal(new Uri("https://bakongsit.page.link/dGZAr1McBs1UaNmH9"),
            GenerateDeeplink.Create(Qr).Succ().Decode(Fixture.Response("generate_deeplink.success.json")).Succ());
    }

    [Fact]
    public void The_normal_envelope_is_accepted_too()
    {
        Assert.Equal(new Uri("https://bakong.link/abc"),
            GenerateDeeplink.Create(Qr).Succ().Decode(Fixture.Json(Fixture.Success("""{"shortLink":"https://bakong.link/abc"}"""))).Succ());
    }

    [Fact]
    public void Provider_failure_inside_data_is_errorCode_4()
    {
        var body = """{"data":{"shortLink":null,"errorCode":4,"responseCode":1,"responseMessage":"Error occurred on requesting deeplink from provider."}}""";
        var e = GenerateDeeplink.Create(Qr).Succ().Decode(Fixture.Json(body)).FailAs<BakongError.ApiFailure, Uri>();
        Assert.Equal(ApiErrorCode.DeeplinkProviderError, e.ErrorCode);
    }

    [Fact]
    public void A_relative_short_link_is_a_decode_error()
    {
        var e = GenerateDeeplink.Create(Qr).Succ().Decode(Fixture.Json(Fixture.Success("""{"shortLink":"/abc"}"""))).FailAs<BakongError.Decode, Uri>();
        Assert.Equal("$.data.shortLink: expected an absolute https URL with a host and no user name", e.Problem.ToString());
    }

    [Fact]
    public void Source_info_must_be_complete_with_absolute_urls()
    {
        var e = GenerateDeeplink.Create(Qr, new SourceInfo("http://icon.example/x.png", "", "relative/path")).FailAs<BakongError.InvalidInput, Endpoint<Uri>>();
        Assert.Equal(
            [new FieldError("sourceInfo.appIconUrl", "must be an https URL"), new FieldError("sourceInfo.appName", "must not be empty or blank"), new FieldError("sourceInfo.appDeepLinkCallback", "must be an absolute URI")],
            e.Errors.ToArray());
        Assert.True(GenerateDeeplink.Create(Qr, new SourceInfo("https://a.example/i.png", "Shop", "shopapp://paid")).IsSucc);
    }

    [Fact]
    public void Null_qr_and_null_source_info_are_named()
    {
        Assert.True(GenerateDeeplink.Create((string?)null).FailAs<BakongError.InvalidInput, Endpoint<Uri>>().Names("qr"));
        Assert.True(GenerateDeeplink.Create(Qr, null).FailAs<BakongError.InvalidInput, Endpoint<Uri>>().Names("sourceInfo"));
    }
}
