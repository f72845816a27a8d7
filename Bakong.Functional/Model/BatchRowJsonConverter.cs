using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bakong.Functional;

/// <summary>
/// Writes a <see cref="BatchRow"/> as web JSON, its case named: <c>{"result": "found", "key": …, "transaction": {…}}</c>;
/// <c>"notFound"</c>, <c>"failed"</c> and <c>"staticQr"</c> carry <c>"message"</c>, <c>"otherStatus"</c> also the server's
/// <c>"status"</c>, and <c>"missing"</c> only the key. Reads the same shape back strictly; anything else is a
/// <see cref="JsonException"/>.
/// </summary>
public sealed class BatchRowJsonConverter : JsonConverter<BatchRow>
{
    private static readonly TransactionJsonConverter Transactions = new();
    private static readonly string[] Cases = ["found", "notFound", "failed", "staticQr", "otherStatus", "missing"];

    /// <inheritdoc />
    public override bool CanConvert(Type typeToConvert) => typeof(BatchRow).IsAssignableFrom(typeToConvert);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, BatchRow value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        var names = new WebJson.Names(options);
        writer.WriteStartObject();
        writer.WriteString(names["Result"], value.Match(_ => "found", _ => "notFound", _ => "failed", _ => "staticQr", _ => "otherStatus", _ => "missing"));
        writer.WriteString(names["Key"], value.Key);
        void Message(string message) => writer.WriteString(names["Message"], message);
        switch (value)
        {
            case BatchRow.Found r:
                WebJson.Write(writer, names["Transaction"], r.Transaction, Transactions, options);
                break;
            case BatchRow.NotFound r:
                Message(r.Message);
                break;
            case BatchRow.Failed r:
                Message(r.Message);
                break;
            case BatchRow.StaticQr r:
                Message(r.Message);
                break;
            case BatchRow.OtherStatus r:
                writer.WriteString(names["Status"], r.Status);
                Message(r.Message);
                break;
        }
        writer.WriteEndObject();
    }

    /// <inheritdoc />
    public override BatchRow Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var fields = WebJson.Fields.Read(ref reader, "a batch row", options);
        var key = fields.RequiredText("Key");
        return fields.Case("Result", Cases, c => c) switch
        {
            "found" => new BatchRow.Found(key, fields.RequiredNested("Transaction", Transactions)),
            "notFound" => new BatchRow.NotFound(key, fields.RequiredText("Message")),
            "failed" => new BatchRow.Failed(key, fields.RequiredText("Message")),
            "staticQr" => new BatchRow.StaticQr(key, fields.RequiredText("Message")),
            "otherStatus" => new BatchRow.OtherStatus(key, fields.RequiredText("Status"), fields.RequiredText("Message")),
            _ => new BatchRow.Missing(key),
        };
    }
}
