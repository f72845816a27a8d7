using System.Text.Json;
using Bakong.Functional.Model;
using LanguageExt;

namespace Bakong.Functional;

/// <summary>
/// A Bakong access token (a JWT, about 90 days long). It is a secret: <see cref="ToString"/> never shows it, and
/// neither does any error or log line of this library. Read the raw value with <see cref="Reveal"/>.
/// </summary>
public sealed class AccessToken : IEquatable<AccessToken>
{
    private readonly string value;
    // Read on first use: sending a token never needs its claims, so a first call does not pay for parsing them.
    // A reference, so a reader on another thread sees either nothing or both claims, never half.
    private JwtClaims? claims;

    private AccessToken(string value) => this.value = value;

    private JwtClaims Claims => claims ??= JwtClaims.Of(ReadClaims(value));

    private sealed record JwtClaims(Option<DateTimeOffset> Iat, Option<DateTimeOffset> Exp)
    {
        internal static JwtClaims Of((Option<DateTimeOffset> Iat, Option<DateTimeOffset> Exp) read) => new(read.Iat, read.Exp);
    }

    /// <summary>
    /// Wraps a token string. Anything a bearer token cannot carry (RFC 6750 <c>b64token</c>: letters, digits and
    /// <c>-._~+/</c>, then optional <c>=</c> padding) is rejected here rather than failing every later call.
    /// </summary>
    public static Fin<AccessToken> From(string? token) =>
        IsBearerToken(token)
            ? new AccessToken(token!)
            : BakongError.InvalidInput.Of("token", "must be a non-empty bearer token (letters, digits and -._~+/ then optional = padding)");

    private static bool IsBearerToken(string? token)
    {
        if (string.IsNullOrEmpty(token))
            return false;
        var end = token.Length;
        while (end > 1 && token[end - 1] == '=')
            end--;
        for (var i = 0; i < end; i++)
            if (!(char.IsAsciiLetterOrDigit(token[i]) || token[i] is '-' or '.' or '_' or '~' or '+' or '/'))
                return false;
        return true;
    }

    /// <summary>
    /// The JWT <c>iat</c> claim, read without verifying the signature; <c>None</c> if the token is not a readable JWT.
    /// See <see cref="ExpiresAt"/> for the forms read.
    /// </summary>
    public Option<DateTimeOffset> IssuedAt => Claims.Iat;

    /// <summary>
    /// The JWT <c>exp</c> claim, read without verifying the signature; <c>None</c> if the token is not a readable JWT.
    /// A NumericDate (RFC 7519) is any JSON number of seconds since 1970, so <c>1700000000.5</c> and <c>1.7e9</c> are
    /// read, to the millisecond (finer fractions are cut). A claim that is not a number, is negative, is past year 9999,
    /// or appears twice in the payload is not read (<c>None</c>): which of two values is meant cannot be known.
    /// </summary>
    public Option<DateTimeOffset> ExpiresAt => Claims.Exp;

    /// <summary>Whether the token expires within <paramref name="margin"/> of <paramref name="now"/>. Unknown expiry counts as not expiring.</summary>
    public bool ExpiresWithin(TimeSpan margin, DateTimeOffset now) => ExpiresAt.Match(exp => exp - margin <= now, () => false);

    /// <summary>The raw token. Only for sending it, or storing it somewhere safe.</summary>
    public string Reveal() => value;

    /// <summary>Never the token itself.</summary>
    public override string ToString() =>
        ExpiresAt.Match(exp => $"AccessToken([redacted], expires {exp:yyyy-MM-ddTHH:mm:ssZ})", () => "AccessToken([redacted])");

    /// <inheritdoc />
    public bool Equals(AccessToken? other) => other is not null && string.Equals(value, other.value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is AccessToken other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(value);

    private static (Option<DateTimeOffset> Iat, Option<DateTimeOffset> Exp) ReadClaims(string jwt)
    {
        var none = (Option<DateTimeOffset>.None, Option<DateTimeOffset>.None);
        var parts = jwt.Split('.');
        if (parts.Length != 3 || !TryBase64Url(parts[1], out var payload))
            return none;
        try
        {
            var reader = new Utf8JsonReader(payload);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return none;
            Option<DateTimeOffset> iat = default, exp = default;
            int iatCount = 0, expCount = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isIat = reader.ValueTextEquals("iat"u8);
                var isExp = reader.ValueTextEquals("exp"u8);
                reader.Read();
                if (isIat) iatCount++;
                if (isExp) expCount++;
                if ((isIat || isExp) && NumericDate(ref reader) is { } at)
                {
                    if (isIat) iat = at; else exp = at;
                }
                else
                {
                    reader.Skip();
                }
            }
            // A repeated claim is ambiguous: parsers disagree on which value wins.
            return (iatCount == 1 ? iat : Option<DateTimeOffset>.None, expCount == 1 ? exp : Option<DateTimeOffset>.None);
        }
        catch (JsonException)
        {
            return none;
        }
    }

    /// <summary>An RFC 7519 NumericDate: seconds since 1970 as any JSON number, fractional or with an exponent, to the millisecond.</summary>
    private static DateTimeOffset? NumericDate(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.Number || reader.HasValueSequence
            || !ExactNumber.TryParse(reader.ValueSpan, allowExponent: true, out var seconds)
            || seconds is < 0 or > 253_402_300_799m)
            return null;
        return DateTimeOffset.FromUnixTimeMilliseconds((long)decimal.Floor(seconds * 1000));
    }

    private static bool TryBase64Url(string s, out byte[] bytes)
    {
        var b64 = s.Replace('-', '+').Replace('_', '/');
        b64 = (b64.Length % 4) switch { 2 => b64 + "==", 3 => b64 + "=", _ => b64 };
        var buffer = new byte[b64.Length];
        var ok = Convert.TryFromBase64String(b64, buffer, out var written);
        bytes = buffer[..written];
        return ok;
    }
}
