using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using LanguageExt;

namespace Bakong.Functional;

/// <summary>
/// The shared pieces of the library's web JSON converters: names follow the serializer's naming policy, an absent
/// optional value is <c>null</c> (or left out under <c>WhenWritingNull</c>), money is a JSON number keeping its scale,
/// times are ISO 8601 with their offset, durations are <c>[-][d.]hh:mm:ss[.fffffff]</c> as System.Text.Json writes a
/// <see cref="TimeSpan"/>, and case and enum names are camelCase. No reflection, so it works under Native AOT.
/// </summary>
internal static class WebJson
{
    /// <summary>Property names as the serializer's naming policy makes them.</summary>
    internal readonly struct Names(JsonSerializerOptions? options)
    {
        public string this[string name] => options?.PropertyNamingPolicy?.ConvertName(name) ?? name;

        public bool SkipNull => options?.DefaultIgnoreCondition is JsonIgnoreCondition.WhenWritingNull or JsonIgnoreCondition.WhenWritingDefault;
    }

    internal static string Camel(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);

    /// <summary>An enum member or case as written: <c>notHeard</c>, <c>staticQr</c>.</summary>
    internal static string Camel<T>(T value) where T : struct, Enum => Camel(value.ToString());

    internal static void Write(Utf8JsonWriter writer, Names names, string name, Option<string> value) =>
        Write(writer, names, name, value, static (w, v) => w.WriteStringValue(v));

    internal static void Write(Utf8JsonWriter writer, Names names, string name, Option<DateTimeOffset> value) =>
        Write(writer, names, name, value, static (w, v) => w.WriteStringValue(v));

    internal static void Write(Utf8JsonWriter writer, Names names, string name, Option<decimal> value) =>
        Write(writer, names, name, value, static (w, v) => w.WriteNumberValue(v));

    internal static void Write(Utf8JsonWriter writer, Names names, string name, Option<int> value) =>
        Write(writer, names, name, value, static (w, v) => w.WriteNumberValue(v));

    internal static void Write(Utf8JsonWriter writer, Names names, string name, Option<TimeSpan> value) =>
        Write(writer, names, name, value, static (w, v) => w.WriteStringValue(Duration(v)));

    /// <summary>A present value under its name; an absent one as <c>null</c>, or not at all when nulls are skipped.</summary>
    internal static void Write<T>(Utf8JsonWriter writer, Names names, string name, Option<T> value, Action<Utf8JsonWriter, T> write)
    {
        if (value.Case is T some)
        {
            writer.WritePropertyName(names[name]);
            write(writer, some);
        }
        else if (!names.SkipNull)
            writer.WriteNull(names[name]);
    }

    // ISO 8601 with an explicit offset (or Z): a time without one would be read in the server's own zone.
    private static readonly string[] TimeFormats = ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'"];

    internal static string Duration(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);

    /// <summary>A value written by another of these converters, inside this one's object.</summary>
    internal static void Write<T>(Utf8JsonWriter writer, string name, T value, JsonConverter<T> converter, JsonSerializerOptions options)
    {
        writer.WritePropertyName(name);
        converter.Write(writer, value, options);
    }

    /// <summary>One JSON object's members, looked up by name as the naming policy makes it, ignoring case; null members are absent.</summary>
    internal sealed class Fields
    {
        private readonly Dictionary<string, JsonElement> members = new(StringComparer.OrdinalIgnoreCase);
        private readonly Names names;

        private Fields(JsonElement element, string what, JsonSerializerOptions options)
        {
            if (element.ValueKind != JsonValueKind.Object)
                throw new JsonException($"{what} must be a JSON object");
            foreach (var member in element.EnumerateObject())
                if (member.Value.ValueKind != JsonValueKind.Null)
                    members[member.Name] = member.Value;
            What = what;
            Options = options;
            names = new Names(options);
        }

        /// <summary>What is being read, for messages: <c>a transaction</c>.</summary>
        public string What { get; }

        public JsonSerializerOptions Options { get; }

        public static Fields Read(ref Utf8JsonReader reader, string what, JsonSerializerOptions options) =>
            new(JsonElement.ParseValue(ref reader), what, options);

        public static Fields Of(JsonElement element, string what, JsonSerializerOptions options) => new(element, what, options);

        public Option<JsonElement> Element(string name) =>
            members.TryGetValue(names[name], out var value) || members.TryGetValue(name, out value) ? value : Option<JsonElement>.None;

        public JsonException Bad(string name, string expected) => new($"{What}'s \"{names[name]}\" must be {expected}");

        private T Required<T>(string name, Option<T> value) =>
            value.Case is T some ? some : throw new JsonException($"{What} needs \"{names[name]}\"");

        public Option<string> Text(string name) => Element(name).Map(e =>
            e.ValueKind == JsonValueKind.String ? e.GetString()! : throw Bad(name, "a string"));

        public string RequiredText(string name) => Required(name, Text(name));

        /// <summary>A non-negative decimal written as a JSON number, its scale kept: <c>2.50</c> stays 2.50.</summary>
        public Option<decimal> Money(string name) => Element(name).Map(e =>
            e.ValueKind == JsonValueKind.Number
            && decimal.TryParse(e.GetRawText(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
                ? amount
                : throw Bad(name, "a non-negative decimal number"));

        public decimal RequiredMoney(string name) => Required(name, Money(name));

        public Option<long> Integer(string name) => Element(name).Map(e =>
            e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var n) ? n : throw Bad(name, "an integer"));

        public long RequiredInteger(string name) => Required(name, Integer(name));

        public int RequiredInt(string name) => Required(name, Int(name));

        public Option<int> Int(string name) => Integer(name).Map(n => n is >= int.MinValue and <= int.MaxValue ? (int)n : throw Bad(name, "a 32-bit integer"));

        public bool Bool(string name, bool absent) => Element(name).Match(
            e => e.ValueKind switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => throw Bad(name, "true or false") },
            () => absent);

        public Option<DateTimeOffset> Time(string name) => Text(name).Map(t =>
            DateTimeOffset.TryParseExact(t, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
                ? time
                : throw Bad(name, "an ISO 8601 time with its offset"));

        public DateTimeOffset RequiredTime(string name) => Required(name, Time(name));

        public Option<TimeSpan> Duration(string name) => Text(name).Map(t =>
            TimeSpan.TryParseExact(t, "c", CultureInfo.InvariantCulture, out var span) ? span : throw Bad(name, "a duration such as 00:00:30"));

        public TimeSpan RequiredDuration(string name) => Required(name, Duration(name));

        public T Enum<T>(string name) where T : struct, Enum => Case(name, System.Enum.GetValues<T>(), Camel);

        public Currency Currency(string name) => RequiredText(name) switch
        {
            "USD" => Functional.Currency.USD,
            "KHR" => Functional.Currency.KHR,
            _ => throw Bad(name, "USD or KHR"),
        };

        /// <summary>Which of <paramref name="cases"/> the member names, by <paramref name="text"/>.</summary>
        public T Case<T>(string name, IEnumerable<T> cases, Func<T, string> text)
        {
            var written = RequiredText(name);
            foreach (var c in cases)
                if (text(c) == written)
                    return c;
            throw Bad(name, "one of " + string.Join(", ", cases.Select(text)));
        }

        /// <summary>A value another of these converters wrote inside this object.</summary>
        public Option<T> Nested<T>(string name, JsonConverter<T> converter) =>
            Element(name).Map(e => WebJson.Read(e, converter, Options));

        public T RequiredNested<T>(string name, JsonConverter<T> converter) => Required(name, Nested(name, converter));

        /// <summary>An array's items, each a JSON object.</summary>
        public Seq<T> Array<T>(string name, Func<Fields, T> item) => Element(name).Match(
            e => e.ValueKind == JsonValueKind.Array
                ? e.EnumerateArray().Select(i => item(Of(i, $"an item of {What}'s \"{names[name]}\"", Options))).ToSeq().Strict()
                : throw Bad(name, "an array"),
            () => Seq<T>.Empty);
    }

    internal static T Read<T>(JsonElement element, JsonConverter<T> converter, JsonSerializerOptions options)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(element.GetRawText()));
        reader.Read();
        return converter.Read(ref reader, typeof(T), options)!;
    }
}
