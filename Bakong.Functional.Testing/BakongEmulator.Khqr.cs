namespace Bakong.Functional.Testing;

// KHQR seeding: payments made for a payload, with its amount, currency and receiving account.
public sealed partial class BakongEmulator
{
    /// <summary>Whether <paramref name="value"/> is 32 hexadecimal characters, the shape of a KHQR md5.</summary>
    private static bool IsMd5(string? value) =>
        value is { Length: 32 } && value.All(char.IsAsciiHexDigit);
}
