namespace Bakong.Functional;

/// <summary>What was received with an error: the HTTP status and the start of the raw body.</summary>
/// <param name="Status">The HTTP status code.</param>
/// <param name="Body">The raw body as text, cut to <see cref="MaxBodyChars"/> characters.</param>
public sealed record ResponseInfo(int Status, string Body)
{
    /// <summary>How much of a body an error keeps, so errors stay small whatever the server sends.</summary>
    public const int MaxBodyChars = 2048;

    internal const string Redacted = "[redacted]";

    internal ResponseInfo Redact(string secret)
    {
        if (secret.Length == 0)
            return this;
        var body = Body.Replace(secret, Redacted, StringComparison.Ordinal);
        // The cut at MaxBodyChars can leave the start of the secret at the very end.
        for (var length = Math.Min(secret.Length - 1, body.Length); length >= Math.Min(8, secret.Length); length--)
        {
            if (body.EndsWith(secret.AsSpan(0, length), StringComparison.Ordinal))
            {
                body = body[..^length] + Redacted;
                break;
            }
        }
        return ReferenceEquals(body, Body) ? this : this with { Body = body };
    }

    /// <summary>The same status with the body withheld, for answers that may carry a newly issued token.</summary>
    internal ResponseInfo Withheld() => this with { Body = "[withheld: the body may hold an access token]" };
}
