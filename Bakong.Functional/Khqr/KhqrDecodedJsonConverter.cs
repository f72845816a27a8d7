using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bakong.Functional;

/// <summary>
/// Writes a <see cref="KhqrDecoded"/> as web JSON: <c>{"payload", "md5", "isValid", "problems": [{"path", "expected"}],
/// "crc", "crcHolds", "initiation": "static" or "dynamic", "unionPayMerchantAccount", "account": {…}, "merchantCategoryCode",
/// "currency", "amount", "countryCode", "merchantName", "merchantCity", "additionalData": {…}, "alternateLanguage": {…},
/// "createdAt", "expiresAt"}</c>, each field a value or <c>null</c> when it could not be read. Reading takes the payload
/// and decodes it again, so every other field always belongs to it (any text decodes; a missing payload is a
/// <see cref="JsonException"/>).
/// </summary>
public sealed class KhqrDecodedJsonConverter : JsonConverter<KhqrDecoded>
{
    private static readonly KhqrAccountJsonConverter Accounts = new();
    private static readonly KhqrAdditionalDataJsonConverter AdditionalData = new();
    private static readonly KhqrAlternateLanguageJsonConverter AlternateLanguages = new();

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, KhqrDecoded value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        var names = new WebJson.Names(options);
        writer.WriteStartObject();
        writer.WriteString(names["Payload"], value.Payload);
        writer.WriteString(names["Md5"], value.Md5);
        writer.WriteBoolean(names["IsValid"], value.IsValid);
        writer.WriteStartArray(names["Problems"]);
        foreach (var problem in value.Problems)
        {
            writer.WriteStartObject();
            writer.WriteString(names["Path"], problem.Path);
            writer.WriteString(names["Expected"], problem.Expected);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        WebJson.Write(writer, names, "Crc", value.Crc);
        writer.WriteBoolean(names["CrcHolds"], value.CrcHolds);
        WebJson.Write(writer, names, "Initiation", value.Initiation.Map(WebJson.Camel));
        WebJson.Write(writer, names, "UnionPayMerchantAccount", value.UnionPayMerchantAccount);
        WebJson.Write(writer, names, "Account", value.Account, (w, a) => Accounts.Write(w, a, options));
        WebJson.Write(writer, names, "MerchantCategoryCode", value.MerchantCategoryCode);
        WebJson.Write(writer, names, "Currency", value.Currency.Map(c => c.ToString()));
        WebJson.Write(writer, names, "Amount", value.Amount);
        WebJson.Write(writer, names, "CountryCode", value.CountryCode);
        WebJson.Write(writer, names, "MerchantName", value.MerchantName);
        WebJson.Write(writer, names, "MerchantCity", value.MerchantCity);
        WebJson.Write(writer, names["AdditionalData"], value.AdditionalData, AdditionalData, options);
        WebJson.Write(writer, names, "AlternateLanguage", value.AlternateLanguage, (w, a) => AlternateLanguages.Write(w, a, options));
        WebJson.Write(writer, names, "CreatedAt", value.CreatedAt);
        WebJson.Write(writer, names, "ExpiresAt", value.ExpiresAt);
        writer.WriteEndObject();
    }

    /// <inheritdoc />
    public override KhqrDecoded Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Khqr.Decode(WebJson.Fields.Read(ref reader, "a decoded KHQR", options).RequiredText("Payload"));
}
