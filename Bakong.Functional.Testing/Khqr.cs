using System.Security.Cryptography;
using System.Text;

namespace Bakong.Functional.Testing;

/// <summary>KHQR helpers that payment code and tests share.</summary>
public static class Khqr
{
    /// <summary>The key Bakong files a dynamic KHQR under: lowercase hex of the MD5 of the whole QR string (UTF-8). Null counts as empty.</summary>
    /// <example><code>var md5 = Khqr.Md5(qr); // "9f86d081…" (32 characters)</code></example>
    public static string Md5(string? qr)
    {
        // MD5 is what Bakong uses as a lookup key here, not a security measure.
#pragma warning disable CA5351
        var digest = MD5.HashData(Encoding.UTF8.GetBytes(qr ?? ""));
#pragma warning restore CA5351
        return Convert.ToHexString(digest).ToLowerInvariant();
    }

    /// <summary>Whether <paramref name="value"/> is exactly <paramref name="length"/> hexadecimal characters.</summary>
    internal static bool IsHex(string? value, int length) =>
        value is not null && value.Length == length && value.All(char.IsAsciiHexDigit);
}
