using Bakong.Functional.Tests.KhqrCodec;
using Bakong.Functional.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Bakong.Functional.Tests.Endpoints;

/// <summary>Deep links made from a generated KHQR: the payload is what is sent.</summary>
public class GenerateDeeplinkKhqrTests
{
    private static readonly SourceInfo Source = new("https://shop.example/icon.png", "Shop", "shopapp://paid");

    private static KhqrCode Code() =>
        KhqrAssert.Accepted(Khqr.Encode(KhqrSamples.IndividualDynamicUsdKhmer, new FakeTimeProvider(KhqrSamples.Now)));

    [Fact]
    public void A_code_sends_its_payload_exactly_as_the_string_overload_does()
    {
        var code = Code();

        Assert.Equal(GenerateDeeplink.Create(code.Payload).Succ().Request, GenerateDeeplink.Create(code).Succ().Request);
        Assert.Equal(GenerateDeeplink.Create(code.Payload, Source).Succ().Request, GenerateDeeplink.Create(code, Source).Succ().Request);
        using var body = System.Text.Json.JsonDocument.Parse(GenerateDeeplink.Create(code).Succ().Request.Body);
        Assert.Equal(code.Payload, body.RootElement.GetProperty("qr").GetString());
    }

    [Fact]
    public void Encoding_binds_straight_into_a_deeplink()
    {
        Fin<Endpoint<Uri>> link = Khqr.Encode(KhqrSamples.IndividualDynamicUsdKhmer, new FakeTimeProvider(KhqrSamples.Now)).Bind(GenerateDeeplink.Create);

        Assert.Equal(GenerateDeeplink.Create(Code()).Succ().Request, link.Succ().Request);
    }

    [Fact]
    public void A_refused_request_never_becomes_a_link()
    {
        var refused = Khqr.Encode(KhqrSamples.IndividualStaticUsd with { MerchantName = "" }).Bind(GenerateDeeplink.Create);

        Assert.True(refused.FailAs<BakongError.InvalidInput, Endpoint<Uri>>().Names("merchantName"));
    }

    [Fact]
    public void A_null_code_and_null_source_info_are_named()
    {
        Assert.True(GenerateDeeplink.Create((KhqrCode?)null).FailAs<BakongError.InvalidInput, Endpoint<Uri>>().Names("code"));
        Assert.True(GenerateDeeplink.Create((KhqrCode?)null, Source).FailAs<BakongError.InvalidInput, Endpoint<Uri>>().Names("code"));
        Assert.True(GenerateDeeplink.Create(Code(), null).FailAs<BakongError.InvalidInput, Endpoint<Uri>>().Names("sourceInfo"));
    }

    [Fact]
    public void A_source_info_is_checked_as_for_a_string()
    {
        var e = GenerateDeeplink.Create(Code(), Source with { AppIconUrl = "http://shop.example/icon.png" }).FailAs<BakongError.InvalidInput, Endpoint<Uri>>();

        Assert.True(e.Names("sourceInfo.appIconUrl"));
    }
}
