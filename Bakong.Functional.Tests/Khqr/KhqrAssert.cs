namespace Bakong.Functional.Tests.KhqrCodec;

/// <summary>What decoding an encoded request must give back.</summary>
public static class KhqrAssert
{
    /// <summary>Decoding <paramref name="code"/> gives every field of <paramref name="request"/>, encoded at <paramref name="now"/>.</summary>
    public static void DecodesTo(KhqrRequest request, DateTimeOffset now, KhqrCode code)
    {
        var qr = Khqr.Decode(code.Payload);
        Assert.Empty(qr.Problems);
        Assert.True(qr.CrcHolds);
        Assert.Empty(qr.Unknown);
        Assert.Equal(code.Payload, qr.ToCode().Payload);
        Assert.Equal(code.Md5, qr.Md5);
        Assert.Equal(request.Amount.IsSome ? KhqrInitiation.Dynamic : KhqrInitiation.Static, qr.Initiation);
        Assert.Equal(request.UnionPayMerchantAccount, qr.UnionPayMerchantAccount);
        Assert.Equal(request.Account, qr.Account);
        Assert.Equal(request.MerchantCategoryCode, qr.MerchantCategoryCode);
        Assert.Equal(request.Currency, qr.Currency);
        Assert.Equal(request.Amount, qr.Amount);
        Assert.Equal("KH", qr.CountryCode);
        Assert.Equal(request.MerchantName, qr.MerchantName);
        Assert.Equal(request.MerchantCity, qr.MerchantCity);
        Assert.Equal(request.AdditionalData, qr.AdditionalData);
        Assert.Equal(request.AlternateLanguage, qr.AlternateLanguage);

        // Times are written to the millisecond.
        var created = Milliseconds(request.CreatedAt.IfNone(now));
        // A static QR carries tag 99 only when a time was asked for, as the NBC SDK writes it.
        var stamped = request.Amount.IsSome || request.CreatedAt.IsSome || request.ExpiresAt.IsSome;
        Assert.Equal(stamped ? created : (DateTimeOffset?)null, qr.CreatedAt.Case as DateTimeOffset?);
        var expires = request.ExpiresAt.Case is DateTimeOffset e
            ? Milliseconds(e)
            : request.Amount.IsSome ? created.AddMilliseconds(Math.Floor(request.Validity.TotalMilliseconds)) : (DateTimeOffset?)null;
        Assert.Equal(expires, qr.ExpiresAt.Case as DateTimeOffset?);
        Assert.Equal(expires, code.ExpiresAt.Case as DateTimeOffset?);
    }

    public static DateTimeOffset Milliseconds(DateTimeOffset t) => DateTimeOffset.FromUnixTimeMilliseconds(t.ToUnixTimeMilliseconds());

    /// <summary>The <see cref="BakongError.InvalidInput"/> a failed encode carries.</summary>
    public static BakongError.InvalidInput Refused(Fin<KhqrCode> result) =>
        result.Match(
            Succ: c => throw new Xunit.Sdk.XunitException($"expected a refusal, got {c.Payload}"),
            Fail: e => Assert.IsType<BakongError.InvalidInput>(e));

    public static KhqrCode Accepted(Fin<KhqrCode> result) =>
        result.Match(Succ: c => c, Fail: e => throw new Xunit.Sdk.XunitException($"expected a payload, got {e}"));
}
