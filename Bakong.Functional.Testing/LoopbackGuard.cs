using System.Text;
using Microsoft.AspNetCore.Http;

namespace Bakong.Functional.Testing;

/// <summary>
/// What a server on 127.0.0.1 accepts from a browser: a <c>Host</c> naming loopback (so a DNS-rebinding page cannot
/// reach it under its own name), and, for the sandbox's actions, a request that says it came from this server's own
/// pages or from no page at all (curl, scripts, the library).
/// </summary>
internal static class LoopbackGuard
{
    /// <summary>Why the <c>Host</c> is refused (and with which status), or null when it names loopback.</summary>
    public static (int Status, string Reason)? RefuseHost(HttpRequest request)
    {
        var host = request.Host;
        if (!host.HasValue || string.IsNullOrEmpty(host.Host))
            return (400, "a Host header is required: 127.0.0.1, localhost or [::1], with or without the port");
        return IsLoopbackName(host.Host) && (host.Port is null || host.Port == request.HttpContext.Connection.LocalPort)
            ? null
            : (421, "this server answers only to Host 127.0.0.1, localhost or [::1] (with or without its port)");
    }

    /// <summary>Why a state-changing request is refused as coming from another site, or null when it may go on.</summary>
    public static string? RefuseCrossSite(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        // "same-origin" is this server's own page; "none" is the user's own doing (the address bar, a bookmark).
        if (site.Length > 0 && !site.Equals("same-origin", StringComparison.OrdinalIgnoreCase) && !site.Equals("none", StringComparison.OrdinalIgnoreCase))
            return $"Sec-Fetch-Site is '{Cut(site)}': only this sandbox's own pages may act on it";
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
            return null;
        return Uri.TryCreate(origin, UriKind.Absolute, out var from)
            && from.Scheme == Uri.UriSchemeHttp
            && IsLoopbackName(from.Host)
            && from.Port == request.HttpContext.Connection.LocalPort
            && from.AbsolutePath == "/"
                ? null
                : $"Origin is '{Cut(origin)}': only this sandbox's own pages may act on it";
    }

    /// <summary>Writes a refusal as a small JSON object: <c>{"error": …, "reason": …}</c>.</summary>
    public static Task WriteRefusalAsync(HttpContext context, int status, string error, string reason)
    {
        var body = Encoding.UTF8.GetBytes(
            $"{{\"error\":\"{error}\",\"reason\":\"{System.Text.Json.JsonEncodedText.Encode(reason)}\"}}");
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    private static bool IsLoopbackName(string host) =>
        host is "127.0.0.1" or "[::1]" || host.Equals("localhost", StringComparison.OrdinalIgnoreCase);

    // Header text is the caller's; keep what is echoed short.
    private static string Cut(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
