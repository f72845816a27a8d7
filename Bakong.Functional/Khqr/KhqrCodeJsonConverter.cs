using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bakong.Functional;

/// <summary>
/// Writes a <see cref="KhqrCode"/> as web JSON: <c>{"payload": …, "md5": …, "expiresAt": "2026-…" or null}</c>, names
/// following the serializer's naming policy. Applied by the type's attribute, so a minimal API returning a QR needs no
/// setup, with or without Native AOT. Reading takes the payload and decodes it again, so the md5 and expiry always
/// belong to it; a payload that is not a valid KHQR is a <see cref="JsonException"/>.
/// </summary>
public sealed class KhqrCodeJsonConverter : JsonConverter<KhqrCode>
{
    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, KhqrCode value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        var names = new WebJson.Names(options);
        writer.WriteStartObject();
        writer.WriteString(names["Payload"], value.Payload);
        writer.WriteString(names["Md5"], value.Md5);
        WebJson.Write(writer, names, "ExpiresAt", value.ExpiresAt);
        writer.WriteEndObject();
    }

    /// <inheritdoc />
    public override KhqrCode Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var payload = WebJson.Fields.Read(ref reader, "a KHQR", options).RequiredText("Payload");
        var decoded = Khqr.Decode(payload);
        return decoded.IsValid ? decoded.ToCode() : throw new JsonException("\"payload\" is not a valid KHQR");
    }
}
