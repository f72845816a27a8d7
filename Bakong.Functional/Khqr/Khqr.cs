using System.Security.Cryptography;
using System.Text;
using Bakong.Functional.KhqrFormat;
using LanguageExt;

namespace Bakong.Functional;

/// <summary>
/// KHQR, Cambodia's merchant-presented QR: build one from a request, read any string back, and compute the md5 that
/// Bakong files the payment under.
/// </summary>
/// <example>
/// <code>
/// var request = new KhqrRequest(new KhqrAccount.Individual("alice@devb"), "Alice", Currency.KHR) { Amount = 5000m };
/// Fin&lt;KhqrCode&gt; code = Khqr.Encode(request);            // payload, md5, expiry
/// KhqrDecoded read = Khqr.Decode(code.Map(c => c.Payload).IfFail(""));
/// </code>
/// </example>
public static class Khqr
{
    /// <summary>
    /// Builds the payload for <paramref name="request"/>, after checking every KHQR rule: all broken rules come back at
    /// once as <see cref="BakongError.InvalidInput"/>, each naming its field. Missing times are read from
    /// <paramref name="clock"/> (the system clock when null): the creation time is now, and a dynamic QR expires after
    /// <see cref="KhqrRequest.Validity"/>. Never throws.
    /// </summary>
    public static Fin<KhqrCode> Encode(KhqrRequest request, TimeProvider? clock = null)
    {
        var now = (clock ?? TimeProvider.System).GetUtcNow();
        var (errors, times) = KhqrRules.Check(request, now);
        if (!errors.IsEmpty)
            return new BakongError.InvalidInput(errors);
        var payload = KhqrWriter.Write(request, times);
        var expires = times.ExpiresAt is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : Option<DateTimeOffset>.None;
        return new KhqrCode(payload, Md5(payload), expires);
    }

    /// <summary>
    /// Reads any string as a KHQR. Total: whatever the input, null included, it returns a value and never throws.
    /// The result holds every field verbatim (unknown tags too), the typed values, whether the CRC holds, and every
    /// problem with its tag path.
    /// </summary>
    public static KhqrDecoded Decode(string? payload) => KhqrDecoder.Decode(payload);

    /// <summary>The key Bakong files a KHQR payment under: lowercase hex of the MD5 of the whole string as UTF-8. Null counts as empty.</summary>
    /// <example><code>var md5 = Khqr.Md5(code.Payload); // 32 lowercase hexadecimal characters</code></example>
    public static string Md5(string? payload)
    {
        // MD5 is the lookup key Bakong chose, not a security measure here.
#pragma warning disable CA5351
        var digest = MD5.HashData(Encoding.UTF8.GetBytes(payload ?? ""));
#pragma warning restore CA5351
        return string.Create(digest.Length * 2, digest, static (chars, bytes) =>
        {
            const string hex = "0123456789abcdef";
            for (var i = 0; i < bytes.Length; i++)
            {
                chars[2 * i] = hex[bytes[i] >> 4];
                chars[(2 * i) + 1] = hex[bytes[i] & 0xF];
            }
        });
    }
}
