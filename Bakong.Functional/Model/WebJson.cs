using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using LanguageExt;

namespace Bakong.Functional.Model;

/// <summary>The shared pieces of the library's web JSON converters.</summary>
internal static class WebJson
{
    /// <summary>Property names as the serializer's naming policy makes them.</summary>
    internal readonly struct Names(JsonSerializerOptions? options)
    {
        public string this[string name] => options?.PropertyNamingPolicy?.ConvertName(name) ?? name;

        public bool SkipNull => options?.DefaultIgnoreCondition is JsonIgnoreCondition.WhenWritingNull or JsonIgnoreCondition.WhenWritingDefault;
    }

    internal static string Camel(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);

    internal static void Write(Utf8JsonWriter writer, Names names, string name, Option<string> value)
    {
        if (value.Case is string text)
            writer.WriteString(names[name], text);
        else if (!names.SkipNull)
            writer.WriteNull(names[name]);
    }

    internal static void Write(Utf8JsonWriter writer, Names names, string name, Option<DateTimeOffset> value)
    {
        if (value.IsSome)
            writer.WriteString(names[name], (DateTimeOffset)value);
        else if (!names.SkipNull)
            writer.WriteNull(names[name]);
    }

    /// <summary>One flat object's members as raw text (numbers and booleans as written), keyed ignoring case; null members are absent.</summary>
    internal static Dictionary<string, string> ReadObject(ref Utf8JsonReader reader, string what)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException($"{what} must be a JSON object");
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString() ?? "";
            reader.Read();
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    fields[name] = reader.GetString()!;
                    break;
                case JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False:
                    fields[name] = System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan);
                    break;
                case JsonTokenType.Null:
                    break;
                default:
                    throw new JsonException($"{what}'s \"{name}\" must be a string, a number, a boolean or null");
            }
        }
        return fields;
    }

    internal static Option<string> Text(Dictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var text) ? text : Option<string>.None;

    internal static Option<DateTimeOffset> Time(Dictionary<string, string> fields, string name) =>
        Text(fields, name).Map(t => DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time)
            ? time
            : throw new JsonException($"\"{Camel(name)}\" must be an ISO 8601 time"));
}
