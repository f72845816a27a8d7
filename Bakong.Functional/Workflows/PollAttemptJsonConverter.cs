using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bakong.Functional;

/// <summary>
/// Writes a <see cref="PollAttempt"/> as web JSON: <c>{"number": 1, "at": "2026-…", "outcome": "notYet", "error": {…} or
/// null, "nextDelay": "00:00:05" or null}</c>, the error as <see cref="BakongErrorJsonConverter"/> writes it. Reads the
/// same shape back strictly; anything else is a <see cref="JsonException"/>.
/// </summary>
public sealed class PollAttemptJsonConverter : JsonConverter<PollAttempt>
{
    private static readonly BakongErrorJsonConverter Errors = new();

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, PollAttempt value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        var names = new WebJson.Names(options);
        writer.WriteStartObject();
        writer.WriteNumber(names["Number"], value.Number);
        writer.WriteString(names["At"], value.At);
        writer.WriteString(names["Outcome"], WebJson.Camel(value.Outcome));
        WebJson.Write(writer, names, "Error", value.Error, (w, e) => Errors.Write(w, e, options));
        WebJson.Write(writer, names, "NextDelay", value.NextDelay);
        writer.WriteEndObject();
    }

    /// <inheritdoc />
    public override PollAttempt Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var fields = WebJson.Fields.Read(ref reader, "a poll attempt", options);
        return new PollAttempt(
            fields.RequiredInt("Number"), fields.RequiredTime("At"), fields.Enum<PollOutcome>("Outcome"),
            fields.Nested("Error", Errors), fields.Duration("NextDelay"));
    }
}
