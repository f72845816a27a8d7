using System.Globalization;
using System.Text;

namespace Bakong.Functional.Testing;

/// <summary>What one face must deliver: a complete HTTP answer, and the transport fault (if any) to deliver it with.</summary>
internal sealed record EmulatorReply(int Status, string? ContentType, byte[] Body, IReadOnlyList<KeyValuePair<string, string>> Headers, Fault? Delivery)
{
    internal static EmulatorReply Json(int status, byte[] body) => new(status, "application/json", body, [], null);

    internal static EmulatorReply Html(int status, string html, params KeyValuePair<string, string>[] headers) =>
        new(status, "text/html", Encoding.UTF8.GetBytes(html), headers, null);

    /// <summary>The answer for a fault that replaces the API's answer, or null for a fault that only shapes delivery.</summary>
    internal static EmulatorReply? ForFault(Fault fault, DateTimeOffset now) => fault switch
    {
        Fault.RateLimited r => Html(429, Page("429 Too Many Requests"), new KeyValuePair<string, string>("Retry-After", r.AsHttpDate
            ? (now + Clamp(r.RetryAfter)).ToString("r", CultureInfo.InvariantCulture)
            : ((long)Math.Ceiling(Clamp(r.RetryAfter).TotalSeconds)).ToString(CultureInfo.InvariantCulture))),
        Fault.ServerError s => Html(s.Status is >= 500 and <= 599 ? s.Status : 500, Page($"{(s.Status is >= 500 and <= 599 ? s.Status : 500)} Server Error")),
        Fault.GeoBlocked => Html(403, Page("403 Forbidden", "Access to this service is not available in your region.")),
        Fault.Unavailable u => AnswerFaults.Unavailable(u, now),
        _ => null,
    };

    private static TimeSpan Clamp(TimeSpan t) => t < TimeSpan.Zero ? TimeSpan.Zero : t > TimeSpan.FromDays(1) ? TimeSpan.FromDays(1) : t;

    private static string Page(string title, string text = "") =>
        $"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n<p>{text}</p>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
}
