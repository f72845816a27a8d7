using System.Globalization;
using LanguageExt;

namespace Bakong.Functional.KhqrFormat;

/// <summary>Tag 99 times: epoch milliseconds written as exactly 13 digits.</summary>
internal static class KhqrTimestamp
{
    /// <summary>The earliest time with 13 digits: 2001-09-09T01:46:40Z.</summary>
    internal const long MinMilliseconds = 1_000_000_000_000;

    /// <summary>The latest time with 13 digits: 2286-11-20T17:46:39.999Z.</summary>
    internal const long MaxMilliseconds = 9_999_999_999_999;

    /// <summary>The range as text, for error reasons.</summary>
    internal const string Range = "between 2001-09-09T01:46:40Z and 2286-11-20T17:46:39.999Z (13-digit epoch milliseconds)";

    /// <summary>Whether <paramref name="milliseconds"/> is written with exactly 13 digits.</summary>
    internal static bool Fits(long milliseconds) => milliseconds is >= MinMilliseconds and <= MaxMilliseconds;

    /// <summary>Epoch milliseconds, rounded down: sub-millisecond precision cannot be written.</summary>
    internal static long Milliseconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    /// <summary>The 13 digits for a time that <see cref="Fits"/>.</summary>
    internal static string Text(long milliseconds) => milliseconds.ToString("D13", CultureInfo.InvariantCulture);

    /// <summary>The time a 13-digit value stands for, or None when the text is not exactly 13 ASCII digits.</summary>
    internal static Option<DateTimeOffset> Parse(string text)
    {
        if (text.Length != 13 || !KhqrText.IsDigits(text))
            return Option<DateTimeOffset>.None;
        // 13 digits never overflow a long, and the largest is year 2286, well inside DateTimeOffset's range.
        var ms = long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
        return DateTimeOffset.FromUnixTimeMilliseconds(ms);
    }
}
