using System.Text.Json;
using Bakong.Functional.Json;
using LanguageExt;
namespace Bakong.Functional.Runner;

/// <summary>
/// What a stage may read of a raw answer to decide what to do next (Azure's <c>ResponseClassifier</c>): the status, the
/// <c>Retry-After</c> header, and the envelope's <c>errorCode</c>. It never decodes the endpoint's data; that happens once,
/// last. Each fact agrees with the error the decoder will make of the same answer.
/// </summary>
internal static class ResponseFacts
{
    private static readonly JsonReader<Unit> SkipData = static (ref Utf8JsonReader r, out Unit value, out DecodeError? error) =>
    {
        value = default;
        error = null;
        r.Skip();
        return true;
    };

    /// <summary>Whether the token was refused: HTTP 401, or a 2xx answer with errorCode 6 (as <see cref="BakongError.IsUnauthorized"/>).</summary>
    internal static bool IsRefusal(BakongResponse response) =>
        response.Status == 401 || ErrorCodeOf(response) == (int)ApiErrorCode.Unauthorized;

    /// <summary>
    /// The error type (as telemetry names it) when trying again later may succeed: 429, 5xx, or a 2xx answer with errorCode 9
    /// (as <see cref="BakongError.IsTransient"/>); null otherwise.
    /// </summary>
    internal static string? Transient(BakongResponse response) => response.Status switch
    {
        429 => "RateLimited",
        >= 500 and < 600 => "ServerError",
        _ when ErrorCodeOf(response) == (int)ApiErrorCode.CannotConnectToServer => "ApiFailure",
        _ => null,
    };

    /// <summary>How long the server asked to wait, which only a 429 or a 5xx may ask (as <see cref="BakongError.RequestedWait"/>).</summary>
    internal static Option<TimeSpan> RequestedWait(BakongResponse response) =>
        response.Status is 429 or (>= 500 and < 600) ? response.RetryAfter : Option<TimeSpan>.None;

    /// <summary>The errorCode of a 2xx answer that says <c>responseCode: 1</c>, the only answer the decoder makes an API failure of; else null.</summary>
    internal static int? ErrorCodeOf(BakongResponse response)
    {
        if (response.Status is < 200 or >= 300)
            return null;
        var body = response.Body.Span;
        // Bakong writes responseCode first: a success is told at once, without reading the rest.
        if (StartsWithSuccess(body))
            return null;
        return Envelope<Unit>.TryRead(body, SkipData, out var envelope, out _)
               && envelope.ResponseCode.Exists(static c => c == 1) && envelope.ErrorCode.Case is int code
            ? code
            : null;
    }

    private static bool StartsWithSuccess(ReadOnlySpan<byte> body)
    {
        var reader = JsonRead.Open(body);
        try
        {
            return reader.Read() && reader.TokenType == JsonTokenType.StartObject
                && reader.Read() && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("responseCode"u8)
                && reader.Read() && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var code) && code == 0;
        }
        catch (JsonException)
        {
            // Not even the start reads as JSON: the full read below says what it is.
            return false;
        }
    }
}
