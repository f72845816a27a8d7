namespace Bakong.Functional.Model;

/// <summary>
/// Reads the text of a number into a <see cref="decimal"/> exactly, or not at all: a value that decimal cannot hold
/// without rounding (more than 28 decimal places, 29 significant digits past its range, 1e-400) is refused, never
/// rounded. <see cref="System.Text.Json.Utf8JsonReader.TryGetDecimal(out decimal)"/> rounds such numbers silently.
/// </summary>
internal static class ExactNumber
{
    // The largest decimal mantissa, 2^96 - 1.
    private static readonly UInt128 MaxMantissa = (UInt128.One << 96) - 1;

    // Far beyond any exponent a representable value needs; larger ones saturate here so parsing stays O(length).
    private const int ExponentCap = 100_000;

    /// <summary>
    /// Parses <paramref name="text"/>: <c>-?(0|[1-9][0-9]*)(\.[0-9]+)?</c>, followed, when <paramref name="allowExponent"/>,
    /// by an optional <c>[eE][+-]?[0-9]+</c>. Nothing else: no spaces, no <c>+</c> sign, no separators. The scale written
    /// is kept where decimal can hold it (<c>1.50</c> stays <c>1.50</c>).
    /// </summary>
    internal static bool TryParse(ReadOnlySpan<byte> text, bool allowExponent, out decimal value) =>
        TryParse(text, allowExponent, out value, out _);

    /// <summary>As <see cref="TryParse(ReadOnlySpan{byte}, bool, out decimal)"/>; <paramref name="wellFormed"/> tells a number decimal cannot hold from text that is no number at all.</summary>
    internal static bool TryParse(ReadOnlySpan<byte> text, bool allowExponent, out decimal value, out bool wellFormed)
    {
        value = 0m;
        wellFormed = false;
        var i = 0;
        var negative = i < text.Length && text[i] == '-';
        if (negative)
            i++;
        var intStart = i;
        if (i < text.Length && text[i] == '0')
            i++;
        else
            while (i < text.Length && IsDigit(text[i]))
                i++;
        var intPart = text[intStart..i];
        if (intPart.IsEmpty || (i < text.Length && IsDigit(text[i])))
            return false;
        var fracPart = ReadOnlySpan<byte>.Empty;
        if (i < text.Length && text[i] == '.')
        {
            var fracStart = ++i;
            while (i < text.Length && IsDigit(text[i]))
                i++;
            fracPart = text[fracStart..i];
            if (fracPart.IsEmpty)
                return false;
        }
        var exponent = 0;
        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            if (!allowExponent)
                return false;
            i++;
            var negativeExponent = false;
            if (i < text.Length && (text[i] == '+' || text[i] == '-'))
                negativeExponent = text[i++] == '-';
            var expStart = i;
            while (i < text.Length && IsDigit(text[i]))
            {
                exponent = Math.Min(ExponentCap, exponent * 10 + (text[i] - '0'));
                i++;
            }
            if (i == expStart)
                return false;
            if (negativeExponent)
                exponent = -exponent;
        }
        if (i != text.Length)
            return false;
        wellFormed = true;
        return TryBuild(intPart, fracPart, exponent, negative, out value);
    }

    /// <summary>An integer written in any form JSON allows (<c>0</c>, <c>0.0</c>, <c>1e0</c>), exactly; <c>1e-400</c> is not 0.</summary>
    internal static bool TryParseInt(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        if (!TryParse(text, allowExponent: true, out var d) || d != decimal.Truncate(d) || d < int.MinValue || d > int.MaxValue)
            return false;
        value = (int)d;
        return true;
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    private static byte Digit(ReadOnlySpan<byte> intPart, ReadOnlySpan<byte> fracPart, int k) =>
        k < intPart.Length ? intPart[k] : fracPart[k - intPart.Length];

    /// <summary>The value intPart.fracPart × 10^exponent, if decimal holds it exactly.</summary>
    private static bool TryBuild(ReadOnlySpan<byte> intPart, ReadOnlySpan<byte> fracPart, int exponent, bool negative, out decimal value)
    {
        value = 0m;
        var count = intPart.Length + fracPart.Length;
        var first = 0;
        while (first < count && Digit(intPart, fracPart, first) == '0')
            first++;
        // Scale as written: the number is (all digits) × 10^-writtenScale.
        var writtenScale = (long)fracPart.Length - exponent;
        if (first == count)
        {
            // Zero, whatever its exponent; keep a small written scale (0.00 stays 0.00).
            value = new decimal(0, 0, 0, false, (byte)Math.Clamp(writtenScale, 0, 28));
            return true;
        }
        var last = count - 1;
        while (Digit(intPart, fracPart, last) == '0')
            last--;
        var trailingZeros = count - 1 - last;
        var significant = last - first + 1;
        // Without its trailing zeros the number is (significant digits) × 10^-scale, the smallest exact form.
        var scale = writtenScale - trailingZeros;
        if (scale > 28)
            return false;
        // 10^29 > 2^96: more significant digits, or more zeros to append, cannot fit.
        if (significant + (scale < 0 ? -scale : 0) > 29)
            return false;
        UInt128 mantissa = 0;
        for (var k = first; k <= last; k++)
            mantissa = mantissa * 10 + (UInt128)(Digit(intPart, fracPart, k) - '0');
        for (; scale < 0; scale++)
            mantissa *= 10;
        if (mantissa > MaxMantissa)
            return false;
        // Give back the written trailing zeros that still fit, so 1.50 keeps its two places.
        for (var back = 0; back < trailingZeros && scale < writtenScale && scale < 28; back++)
        {
            var widened = mantissa * 10;
            if (widened > MaxMantissa)
                break;
            mantissa = widened;
            scale++;
        }
        var lo = (int)(uint)(mantissa & uint.MaxValue);
        var mid = (int)(uint)((mantissa >> 32) & uint.MaxValue);
        var hi = (int)(uint)((mantissa >> 64) & uint.MaxValue);
        value = new decimal(lo, mid, hi, negative, (byte)scale);
        return true;
    }
}
