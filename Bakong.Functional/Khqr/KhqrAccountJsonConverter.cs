using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bakong.Functional;

/// <summary>
/// Writes a <see cref="KhqrAccount"/> as web JSON, its case named: <c>{"type": "individual", "accountId": …,
/// "accountInformation": … or null, "acquiringBank": … or null}</c> or <c>{"type": "merchant", "accountId": …,
/// "merchantId": …, "acquiringBank": …}</c>. Reads the same shape back strictly; anything else is a <see cref="JsonException"/>.
/// </summary>
public sealed class KhqrAccountJsonConverter : JsonConverter<KhqrAccount>
{
    /// <inheritdoc />
    public override bool CanConvert(Type typeToConvert) => typeof(KhqrAccount).IsAssignableFrom(typeToConvert);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, KhqrAccount value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        var names = new WebJson.Names(options);
        writer.WriteStartObject();
        writer.WriteString(names["Type"], value is KhqrAccount.Merchant ? "merchant" : "individual");
        writer.WriteString(names["AccountId"], value.AccountId);
        switch (value)
        {
            case KhqrAccount.Individual i:
                WebJson.Write(writer, names, "AccountInformation", i.AccountInformation);
                WebJson.Write(writer, names, "AcquiringBank", i.AcquiringBank);
                break;
            case KhqrAccount.Merchant m:
                writer.WriteString(names["MerchantId"], m.MerchantId);
                writer.WriteString(names["AcquiringBank"], m.AcquiringBank);
                break;
        }
        writer.WriteEndObject();
    }

    /// <inheritdoc />
    public override KhqrAccount Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var fields = WebJson.Fields.Read(ref reader, "a KHQR account", options);
        var accountId = fields.RequiredText("AccountId");
        return fields.Case("Type", ["individual", "merchant"], t => t) == "merchant"
            ? new KhqrAccount.Merchant(accountId, fields.RequiredText("MerchantId"), fields.RequiredText("AcquiringBank"))
            : new KhqrAccount.Individual(accountId, fields.Text("AccountInformation"), fields.Text("AcquiringBank"));
    }
}
