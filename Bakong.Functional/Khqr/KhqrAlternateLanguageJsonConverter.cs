using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bakong.Functional;

/// <summary>
/// Writes a <see cref="KhqrAlternateLanguage"/> as web JSON: <c>{"languagePreference": "km", "merchantName": …,
/// "merchantCity": … or null}</c>. Reads the same shape back strictly; anything else is a <see cref="JsonException"/>.
/// </summary>
public sealed class KhqrAlternateLanguageJsonConverter : JsonConverter<KhqrAlternateLanguage>
{
    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, KhqrAlternateLanguage value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        var names = new WebJson.Names(options);
        writer.WriteStartObject();
        writer.WriteString(names["LanguagePreference"], value.LanguagePreference);
        writer.WriteString(names["MerchantName"], value.MerchantName);
        WebJson.Write(writer, names, "MerchantCity", value.MerchantCity);
        writer.WriteEndObject();
    }

    /// <inheritdoc />
    public override KhqrAlternateLanguage Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var fields = WebJson.Fields.Read(ref reader, "a KHQR alternate language", options);
        return new KhqrAlternateLanguage(fields.RequiredText("LanguagePreference"), fields.RequiredText("MerchantName"), fields.Text("MerchantCity"));
    }
}
