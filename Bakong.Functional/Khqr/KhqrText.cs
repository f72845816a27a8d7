namespace Bakong.Functional.KhqrFormat;

/// <summary>Character-level checks shared by the encoder and the decoder.</summary>
internal static class KhqrText
{
    /// <summary>Whether every character is an ASCII digit (and there is at least one).</summary>
    internal static bool IsDigits(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
            return false;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
                return false;
        }
        return true;
    }

    /// <summary>Whether every character is an uppercase hexadecimal digit.</summary>
    internal static bool IsUpperHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'A' and <= 'F'))
                return false;
        }
        return true;
    }

    /// <summary>Whether the text has no lone surrogate: such text cannot be written as UTF-8, so its CRC and md5 would describe other bytes.</summary>
    internal static bool IsWellFormed(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                i++;
            else if (char.IsSurrogate(text[i]))
                return false;
        }
        return true;
    }

    /// <summary>Whether <paramref name="accountId"/> has the Bakong shape <c>name@bank</c>: one <c>@</c> with text on both sides.</summary>
    internal static bool IsAccountId(string accountId)
    {
        var at = accountId.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at < accountId.Length - 1 && accountId.IndexOf('@', at + 1) < 0;
    }
}
