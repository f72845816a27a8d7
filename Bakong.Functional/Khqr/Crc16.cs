namespace Bakong.Functional.KhqrFormat;

/// <summary>CRC-16/CCITT-FALSE (polynomial 0x1021, initial 0xFFFF, no reflection, no final XOR), the KHQR checksum.</summary>
internal static class Crc16
{
    private static readonly ushort[] Table = BuildTable();

    /// <summary>The CRC of the UTF-8 bytes of <paramref name="text"/>, exactly as <c>Encoding.UTF8.GetBytes</c> would give them.</summary>
    internal static ushort Compute(ReadOnlySpan<char> text)
    {
        ushort crc = 0xFFFF;
        // Encoding on the fly keeps the check allocation-free; lone surrogates become U+FFFD, as Encoding.UTF8 does.
        for (var i = 0; i < text.Length; i++)
        {
            int c = text[i];
            if (c < 0x80)
            {
                crc = Step(crc, c);
            }
            else if (c < 0x800)
            {
                crc = Step(crc, 0xC0 | (c >> 6));
                crc = Step(crc, 0x80 | (c & 0x3F));
            }
            else if (char.IsHighSurrogate((char)c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                var cp = char.ConvertToUtf32((char)c, text[i + 1]);
                i++;
                crc = Step(crc, 0xF0 | (cp >> 18));
                crc = Step(crc, 0x80 | ((cp >> 12) & 0x3F));
                crc = Step(crc, 0x80 | ((cp >> 6) & 0x3F));
                crc = Step(crc, 0x80 | (cp & 0x3F));
            }
            else
            {
                if (char.IsSurrogate((char)c))
                    c = 0xFFFD;
                crc = Step(crc, 0xE0 | (c >> 12));
                crc = Step(crc, 0x80 | ((c >> 6) & 0x3F));
                crc = Step(crc, 0x80 | (c & 0x3F));
            }
        }
        return crc;
    }

    /// <summary>The CRC as KHQR writes it: 4 uppercase hexadecimal digits, zero-padded.</summary>
    internal static string Hex(ushort crc) => crc.ToString("X4", System.Globalization.CultureInfo.InvariantCulture);

    private static ushort Step(ushort crc, int b) => (ushort)((crc << 8) ^ Table[((crc >> 8) ^ b) & 0xFF]);

    private static ushort[] BuildTable()
    {
        var table = new ushort[256];
        for (var n = 0; n < 256; n++)
        {
            var r = (ushort)(n << 8);
            for (var bit = 0; bit < 8; bit++)
                r = (r & 0x8000) != 0 ? (ushort)((r << 1) ^ 0x1021) : (ushort)(r << 1);
            table[n] = r;
        }
        return table;
    }
}
