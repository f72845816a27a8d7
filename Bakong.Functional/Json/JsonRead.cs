using System.Globalization;
using System.Text.Json;
using LanguageExt;

namespace Bakong.Functional.Json;

/// <summary>Reads a JSON value at the reader's current token; on failure, says what was expected (path relative to that value).</summary>
internal delegate bool JsonReader<A>(ref Utf8JsonReader reader, out A value, out DecodeError? error);

/// <summary>Small total readers over <see cref="Utf8JsonReader"/>: no reflection, no exceptions past this class.</summary>
internal static class JsonRead
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 64 };

    /// <summary>Opens a reader on a whole body, skipping a UTF-8 byte-order mark, which some gateways prepend.</summary>
    internal static Utf8JsonReader Open(ReadOnlySpan<byte> body) =>
        new(body.StartsWith("\uFEFF"u8) ? body[3..] : body, isFinalBlock: true, new JsonReaderState(ReaderOptions));

    /// <summary>Reads the value at the current token into <paramref name="state"/>.</summary>
    internal delegate bool ValueReader<S>(ref Utf8JsonReader reader, ref S state, out DecodeError? error);

    /// <summary>
    /// Runs <paramref name="read"/> over a whole document and checks nothing follows it. Malformed JSON becomes a
    /// <see cref="DecodeError"/> at the root; nothing escapes. State goes by reference so no closure is allocated.
    /// </summary>
    internal static bool TryDocument<S>(ReadOnlySpan<byte> body, ref S state, ValueReader<S> read, out DecodeError? error)
    {
        try
        {
            var reader = Open(body);
            if (IsBlank(body) || !reader.Read())
            {
                error = new DecodeError("", "a JSON value, but the body is empty");
                return false;
            }
            if (!read(ref reader, ref state, out error))
                return false;
            // Reading past the root throws on trailing garbage, which the catch below reports.
            if (reader.Read())
            {
                error = new DecodeError("", "a single JSON value");
                return false;
            }
            return true;
        }
        catch (JsonException ex)
        {
            error = new DecodeError("", $"valid JSON (invalid at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})");
            return false;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            error = new DecodeError("", "valid JSON");
            return false;
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> body) => body.TrimStart("\uFEFF"u8).Trim(" \t\r\n"u8).IsEmpty;

    /// <summary>Handles one property of an object; <c>known: false</c> leaves its value for the caller to skip.</summary>
    internal delegate bool PropertyHandler<S>(ref Utf8JsonReader reader, ref S state, out bool known, out DecodeError? error);

    internal static bool TryObject<S>(ref Utf8JsonReader reader, ref S state, PropertyHandler<S> onProperty, out DecodeError? error)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            error = new DecodeError("", $"an object, but found {Describe(reader.TokenType)}");
            return false;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!onProperty(ref reader, ref state, out var known, out error))
                return false;
            if (!known)
                reader.Skip();
        }
        error = null;
        return true;
    }

    internal static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    private static DecodeError Expected(string what, JsonTokenType found) => new("", $"{what}, but found {Describe(found)}");

    /// <summary>A required string.</summary>
    internal static bool TryString(ref Utf8JsonReader reader, out string value, out DecodeError? error)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            value = reader.GetString() ?? "";
            error = null;
            return true;
        }
        value = "";
        error = Expected("a string", reader.TokenType);
        return false;
    }

    /// <summary>An optional string: <c>null</c> and <c>""</c> are <c>None</c>.</summary>
    internal static bool TryOptionalString(ref Utf8JsonReader reader, out Option<string> value, out DecodeError? error)
    {
        error = null;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                value = Option<string>.None;
                return true;
            case JsonTokenType.String:
                var s = reader.GetString();
                value = string.IsNullOrEmpty(s) ? Option<string>.None : s;
                return true;
            default:
                value = Option<string>.None;
                error = Expected("a string or null", reader.TokenType);
                return false;
        }
    }

    /// <summary>Checks for a string or null without copying it.</summary>
    internal static bool IsOptionalString(ref Utf8JsonReader reader, out DecodeError? error)
    {
        error = reader.TokenType is JsonTokenType.String or JsonTokenType.Null ? null : Expected("a string or null", reader.TokenType);
        return error is null;
    }

    /// <summary>An optional integer: <c>null</c> is <c>None</c>.</summary>
    internal static bool TryOptionalInt(ref Utf8JsonReader reader, out Option<int> value, out DecodeError? error)
    {
        error = null;
        value = Option<int>.None;
        if (reader.TokenType == JsonTokenType.Null)
            return true;
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var i))
        {
            value = i;
            return true;
        }
        // Integral floats such as 0.0 are integers to every JSON producer that writes them.
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var d) && d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue)
        {
            value = (int)d;
            return true;
        }
        error = Expected("an integer or null", reader.TokenType);
        return false;
    }

    /// <summary>Money: a JSON number or a numeric string (the doc's table says string, its samples send numbers).</summary>
    internal static bool TryDecimal(ref Utf8JsonReader reader, out decimal value, out DecodeError? error)
    {
        error = null;
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out value))
            return true;
        if (reader.TokenType == JsonTokenType.String
            && decimal.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value))
            return true;
        value = 0m;
        error = reader.TokenType is JsonTokenType.Number or JsonTokenType.String
            ? new DecodeError("", "a number or a numeric string within the range of decimal")
            : Expected("a number or a numeric string", reader.TokenType);
        return false;
    }

    /// <summary>Epoch milliseconds as an integer, a float such as <c>1605774370608.0</c>, or a numeric string.</summary>
    internal static bool TryEpochMs(ref Utf8JsonReader reader, out Option<DateTimeOffset> value, out DecodeError? error)
    {
        error = null;
        value = Option<DateTimeOffset>.None;
        if (reader.TokenType == JsonTokenType.Null)
            return true;
        double ms;
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var whole))
            ms = whole;
        else if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var d))
            ms = d;
        else if (reader.TokenType == JsonTokenType.String && double.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var p))
            ms = p;
        else
        {
            error = Expected("epoch milliseconds (a number)", reader.TokenType);
            return false;
        }
        // DateTimeOffset's range in milliseconds since 1970; NaN and infinities fail these comparisons too.
        if (!(ms >= -62_135_596_800_000d && ms <= 253_402_300_799_999d))
        {
            error = new DecodeError("", "epoch milliseconds within the range of a date");
            return false;
        }
        value = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Floor(ms));
        return true;
    }
}
