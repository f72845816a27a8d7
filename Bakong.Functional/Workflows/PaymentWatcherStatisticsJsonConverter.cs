using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bakong.Functional;

/// <summary>
/// Writes <see cref="PaymentWatcherStatistics"/> as web JSON, for a health or dashboard endpoint: <c>{"pending",
/// "settled", "listRequests", "singleLookups", "usingSingleLookups", "pausedUntil": "2026-…" or null, "anomalies":
/// {"noAnswer": 0, …}}</c>. Reads the same shape back strictly; anything else is a <see cref="JsonException"/>.
/// </summary>
public sealed class PaymentWatcherStatisticsJsonConverter : JsonConverter<PaymentWatcherStatistics>
{
    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, PaymentWatcherStatistics value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        var names = new WebJson.Names(options);
        writer.WriteStartObject();
        writer.WriteNumber(names["Pending"], value.Pending);
        writer.WriteNumber(names["Settled"], value.Settled);
        writer.WriteNumber(names["ListRequests"], value.ListRequests);
        writer.WriteNumber(names["SingleLookups"], value.SingleLookups);
        writer.WriteBoolean(names["UsingSingleLookups"], value.UsingSingleLookups);
        WebJson.Write(writer, names, "PausedUntil", value.PausedUntil);
        writer.WriteStartObject(names["Anomalies"]);
        foreach (var kind in Enum.GetValues<AnswerAnomaly>())
            writer.WriteNumber(WebJson.Camel(kind), value.Anomalies.TryGetValue(kind, out var count) ? count : 0);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <inheritdoc />
    public override PaymentWatcherStatistics Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var fields = WebJson.Fields.Read(ref reader, "payment watcher statistics", options);
        var anomalies = fields.Element("Anomalies").Case is JsonElement a
            ? WebJson.Fields.Of(a, "the statistics' anomalies", options)
            : throw new JsonException("payment watcher statistics need \"anomalies\"");
        return new PaymentWatcherStatistics(
            fields.RequiredInt("Pending"), fields.RequiredInteger("Settled"), fields.RequiredInteger("ListRequests"),
            fields.RequiredInteger("SingleLookups"), fields.Bool("UsingSingleLookups", absent: false), fields.Time("PausedUntil"))
        {
            Anomalies = Enum.GetValues<AnswerAnomaly>().ToDictionary(kind => kind, kind => anomalies.Integer(WebJson.Camel(kind)).IfNone(0)),
        };
    }
}
