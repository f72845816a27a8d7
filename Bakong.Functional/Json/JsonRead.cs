using System.Globalization;
using System.Text.Json;
using Bakong.Functional.Model;
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
            if (CompressedFormat(body) is { } format)
            {
                // A proxy compressed the answer without saying so; its bytes are never read as JSON.
                error = new DecodeError("", $"a JSON body, but found {format}-compressed bytes without a Content-Encoding");
                return false;
            }
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

    /// <summary>gzip (1F 8B) or zlib (78 01/5E/9C/DA) magic: no JSON text starts with either.</summary>
    private static string? CompressedFormat(ReadOnlySpan<byte> body) =>
        body.Length >= 2 && body[0] == 0x1F && body[1] == 0x8B ? "gzip"
        : body.Length >= 2 && body[0] == 0x78 && body[1] is 0x01 or 0x5E or 0x9C or 0xDA ? "zlib"
        : null;

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

    /// <summary>The error for a key the decoder reads that appears twice in one object: which value is meant is ambiguous.</summary>
    internal static DecodeError Repeated(string path) =>
        new(path, "the key once, but it appears more than once in the object (parsers disagree on which value wins)");

    private static DecodeError Expected(string what, JsonTokenType found) => new("", $"{what}, but found {Describe(found)}");

    private const string WellFormedText = "text without lone surrogates or invalid UTF-8";

    /// <summary>
    /// The string at the current token, or false if it holds a lone surrogate escape (<c>\ud800</c>) or invalid UTF-8,
    /// which <see cref="Utf8JsonReader.GetString"/> refuses by throwing.
    /// </summary>
    private static bool TryGetText(ref Utf8JsonReader reader, out string value)
    {
        try
        {
            value = reader.GetString() ?? "";
            return true;
        }
        catch (InvalidOperationException)
        {
            value = "";
            return false;
        }
    }

    /// <summary>A required string. Malformed text is an error: identifiers, statuses and references are never repaired.</summary>
    internal static bool TryString(ref Utf8JsonReader reader, out string value, out DecodeError? error)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            error = TryGetText(ref reader, out value) ? null : new DecodeError("", WellFormedText);
            return error is null;
        }
        value = "";
        error = Expected("a string", reader.TokenType);
        return false;
    }

    /// <summary>An optional string: <c>null</c> and <c>""</c> are <c>None</c>. Malformed text is an error, as in <see cref="TryString"/>.</summary>
    internal static bool TryOptionalString(ref Utf8JsonReader reader, out Option<string> value, out DecodeError? error)
    {
        error = null;
        value = Option<string>.None;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return true;
            case JsonTokenType.String:
                if (!TryGetText(ref reader, out var s))
                {
                    error = new DecodeError("", WellFormedText);
                    return false;
                }
                value = s.Length == 0 ? Option<string>.None : s;
                return true;
            default:
                error = Expected("a string or null", reader.TokenType);
                return false;
        }
    }

    /// <summary>
    /// Free text (a payer's description, a message): <c>null</c> and <c>""</c> are <c>None</c>. A lone surrogate escape
    /// or invalid UTF-8 is replaced by U+FFFD and <paramref name="repaired"/> says so, rather than hiding the whole answer
    /// behind a decode error.
    /// </summary>
    internal static bool TryOptionalText(ref Utf8JsonReader reader, out Option<string> value, out bool repaired, out DecodeError? error)
    {
        repaired = false;
        if (reader.TokenType != JsonTokenType.String)
            return TryOptionalString(ref reader, out value, out error);
        error = null;
        if (!TryGetText(ref reader, out var s))
        {
            s = Repair(ref reader);
            repaired = true;
        }
        value = s.Length == 0 ? Option<string>.None : s;
        return true;
    }

    /// <summary>Unescapes the current string by hand, replacing each lone surrogate and each invalid UTF-8 sequence with U+FFFD.</summary>
    private static string Repair(ref Utf8JsonReader reader)
    {
        ReadOnlySpan<byte> raw = reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan;
        if (!reader.ValueIsEscaped)
            return System.Text.Encoding.UTF8.GetString(raw);
        var units = new System.Text.StringBuilder(raw.Length);
        var i = 0;
        while (i < raw.Length)
        {
            var run = raw[i..].IndexOf((byte)'\\');
            if (run != 0)
            {
                var end = run < 0 ? raw.Length : i + run;
                // The default UTF-8 decoder replaces invalid sequences with U+FFFD.
                units.Append(System.Text.Encoding.UTF8.GetString(raw[i..end]));
                i = end;
                continue;
            }
            // The reader validated escapes, so each is complete here.
            var kind = raw[i + 1];
            if (kind == 'u')
            {
                units.Append((char)int.Parse(System.Text.Encoding.ASCII.GetString(raw.Slice(i + 2, 4)), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
                i += 6;
                continue;
            }
            units.Append(kind switch { (byte)'b' => '\b', (byte)'f' => '\f', (byte)'n' => '\n', (byte)'r' => '\r', (byte)'t' => '\t', _ => (char)kind });
            i += 2;
        }
        // Only \u escapes can leave a surrogate without its partner.
        for (var k = 0; k < units.Length; k++)
        {
            if (char.IsHighSurrogate(units[k]) && k + 1 < units.Length && char.IsLowSurrogate(units[k + 1]))
                k++;
            else if (char.IsSurrogate(units[k]))
                units[k] = '\uFFFD';
        }
        return units.ToString();
    }

    /// <summary>Checks for a string or null without copying it.</summary>
    internal static bool IsOptionalString(ref Utf8JsonReader reader, out DecodeError? error)
    {
        error = reader.TokenType is JsonTokenType.String or JsonTokenType.Null ? null : Expected("a string or null", reader.TokenType);
        return error is null;
    }

    /// <summary>
    /// An optional integer: <c>null</c> is <c>None</c>. Integral forms such as <c>0.0</c> and <c>1e0</c> count, exactly:
    /// <c>1e-400</c> and <c>0.0000000000000000000001</c> are not 0, however a double would round them.
    /// </summary>
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
        // Numbers are never escaped, so the raw bytes are the number as written.
        if (reader.TokenType == JsonTokenType.Number && !reader.HasValueSequence && ExactNumber.TryParseInt(reader.ValueSpan, out i))
        {
            value = i;
            return true;
        }
        error = Expected("an integer or null", reader.TokenType);
        return false;
    }

    /// <summary>
    /// Money, exactly as written, or an error; never a rounded value. A JSON number, exponent allowed (<c>1.0E7</c> is
    /// 10000000, as Java's formatter writes large doubles), or a string holding only a plain decimal number:
    /// <c>-?(0|[1-9][0-9]*)(\.[0-9]+)?</c>, so no spaces, no <c>+</c>, no thousands separators, no exponent.
    /// A value decimal cannot hold exactly (more than 28 decimal places, or beyond its range) is refused.
    /// </summary>
    internal static bool TryDecimal(ref Utf8JsonReader reader, out decimal value, out DecodeError? error)
    {
        error = null;
        value = 0m;
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                if (!reader.HasValueSequence && ExactNumber.TryParse(reader.ValueSpan, allowExponent: true, out value))
                    return true;
                error = new DecodeError("", "a number that decimal holds exactly (at most 28 decimal places, at most 79228162514264337593543950335)");
                return false;
            case JsonTokenType.String:
                var plain = false;
                if (!reader.ValueIsEscaped && !reader.HasValueSequence
                        ? ExactNumber.TryParse(reader.ValueSpan, allowExponent: false, out value, out plain)
                        // Escapes are undone first ("\u0031" is "1"); the text must then be a plain decimal number.
                        : TryGetText(ref reader, out var text) && text.Length <= 256 && IsAscii(text)
                          && ExactNumber.TryParse(System.Text.Encoding.ASCII.GetBytes(text), allowExponent: false, out value, out plain))
                    return true;
                error = new DecodeError("", plain
                    ? "a number that decimal holds exactly (at most 28 decimal places, at most 79228162514264337593543950335)"
                    : "a number, or a string holding only a plain decimal number such as \"1.50\" (no spaces, +, separators or exponent)");
                return false;
            default:
                error = Expected("a number or a numeric string", reader.TokenType);
                return false;
        }
    }

    private static bool IsAscii(string s)
    {
        foreach (var c in s)
            if (c > 0x7F)
                return false;
        return true;
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
        else if (reader.TokenType == JsonTokenType.String && TryGetText(ref reader, out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var p))
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
