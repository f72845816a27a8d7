using LanguageExt;

namespace Bakong.Functional;

/// <summary>
/// What came back: status, the headers a decoder needs, and the whole body (within the size limit). The client's stages
/// see this raw answer; the endpoint's decoder turns it into a value once, last.
/// </summary>
/// <param name="Status">The HTTP status code.</param>
/// <param name="Body">The body bytes.</param>
/// <param name="ContentType">The media type of the body, if the server sent one.</param>
/// <param name="RetryAfter">The <c>Retry-After</c> header as a delay, whether sent in seconds or as an HTTP date.</param>
public sealed record BakongResponse(int Status, ReadOnlyMemory<byte> Body, Option<string> ContentType, Option<TimeSpan> RetryAfter)
{
    /// <summary>A response with just a status and a UTF-8 body, handy in tests.</summary>
    public static BakongResponse Of(int status, string? body) =>
        new(status, System.Text.Encoding.UTF8.GetBytes(body ?? ""), "application/json", Option<TimeSpan>.None);

    /// <summary>What an error keeps of this response: the status and the start of the body, cut to <see cref="ResponseInfo.MaxBodyChars"/>.</summary>
    internal ResponseInfo ToResponseInfo()
    {
        var bytes = Body.Span;
        var cut = bytes.Length > ResponseInfo.MaxBodyChars ? bytes[..ResponseInfo.MaxBodyChars] : bytes;
        // Lossy decoding: a body is evidence, not data, and may be any bytes.
        return new ResponseInfo(Status, System.Text.Encoding.UTF8.GetString(cut));
    }

    /// <summary>
    /// The bearer token the request was sent with (as <see cref="HttpResponseMessage.RequestMessage"/> keeps the request),
    /// so the last step can remove it from any error made of this response. Never printed.
    /// </summary>
    internal AccessToken? SentWith { get; init; }

    /// <summary>Status and body length only.</summary>
    public override string ToString() => $"HTTP {Status} ({Body.Length} bytes)";
}
