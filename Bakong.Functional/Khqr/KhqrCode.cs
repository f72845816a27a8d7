using LanguageExt;

namespace Bakong.Functional;

/// <summary>
/// A KHQR ready to show: the payload to draw as a QR, the md5 Bakong files the payment under, and when it expires.
/// Only the codec makes one, so the md5 and expiry always belong to the payload.
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(KhqrCodeJsonConverter))]
public sealed record KhqrCode
{
    internal KhqrCode(string payload, string md5, Option<DateTimeOffset> expiresAt)
    {
        Payload = payload;
        Md5 = md5;
        ExpiresAt = expiresAt;
    }

    /// <summary>The string to draw as a QR image, CRC included.</summary>
    public string Payload { get; }

    /// <summary>The lowercase hex MD5 of the whole payload, the key for <c>check_transaction_by_md5</c>.</summary>
    public string Md5 { get; }

    /// <summary>The expiration written in tag 99 (sub-tag 01), to the millisecond; None when the QR has none.</summary>
    public Option<DateTimeOffset> ExpiresAt { get; }

    /// <summary>The payload.</summary>
    public override string ToString() => Payload;
}
