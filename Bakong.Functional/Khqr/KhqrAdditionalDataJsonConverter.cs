using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bakong.Functional;

/// <summary>
/// Writes <see cref="KhqrAdditionalData"/> as web JSON: <c>{"billNumber", "mobileNumber", "storeLabel", "terminalLabel",
/// "purposeOfTransaction"}</c>, each a string or <c>null</c>. Reads the same shape back strictly; anything else is a
/// <see cref="JsonException"/>.
/// </summary>
public sealed class KhqrAdditionalDataJsonConverter : JsonConverter<KhqrAdditionalData>
{
    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, KhqrAdditionalData value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        var names = new WebJson.Names(options);
        writer.WriteStartObject();
        WebJson.Write(writer, names, "BillNumber", value.BillNumber);
        WebJson.Write(writer, names, "MobileNumber", value.MobileNumber);
        WebJson.Write(writer, names, "StoreLabel", value.StoreLabel);
        WebJson.Write(writer, names, "TerminalLabel", value.TerminalLabel);
        WebJson.Write(writer, names, "PurposeOfTransaction", value.PurposeOfTransaction);
        writer.WriteEndObject();
    }

    /// <inheritdoc />
    public override KhqrAdditionalData Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var fields = WebJson.Fields.Read(ref reader, "KHQR additional data", options);
        return new KhqrAdditionalData
        {
            BillNumber = fields.Text("BillNumber"),
            MobileNumber = fields.Text("MobileNumber"),
            StoreLabel = fields.Text("StoreLabel"),
            TerminalLabel = fields.Text("TerminalLabel"),
            PurposeOfTransaction = fields.Text("PurposeOfTransaction"),
        };
    }
}
