using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Bakong.Functional.Testing;

/// <summary>The faults that reshape the API's real answer (<see cref="Fault.Rewrite"/>, <see cref="Fault.Compressed"/>) or replace it with a 5xx that asks for a pause.</summary>
internal static class AnswerFaults
{
    /// <summary>The answer as <paramref name="fault"/> reshapes it; any other fault leaves it as it is.</summary>
    internal static EmulatorReply Shape(Fault? fault, EmulatorReply reply) => fault switch
    {
        Fault.Rewrite r => reply with { Body = Encoding.UTF8.GetBytes(r.Body?.Invoke(Encoding.UTF8.GetString(reply.Body)) ?? "") },
        Fault.Compressed c => reply with
        {
            Body = Compress(reply.Body, c.ContentEncoding ?? ""),
            Headers = [.. reply.Headers, new KeyValuePair<string, string>("Content-Encoding", c.ContentEncoding ?? "")],
        },
        _ => reply,
    };

    internal static EmulatorReply Unavailable(Fault.Unavailable u, DateTimeOffset now)
    {
        var status = u.Status is >= 500 and <= 599 ? u.Status : 503;
        var wait = u.RetryAfter < TimeSpan.Zero ? TimeSpan.Zero : u.RetryAfter > TimeSpan.FromDays(1) ? TimeSpan.FromDays(1) : u.RetryAfter;
        var header = u.AsHttpDate
            ? (now + wait).ToString("r", CultureInfo.InvariantCulture)
            : ((long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return EmulatorReply.Html(status, $"<html><head><title>{status} Service Unavailable</title></head><body><h1>{status} Service Unavailable</h1></body></html>",
            new KeyValuePair<string, string>("Retry-After", header));
    }

    private static byte[] Compress(byte[] body, string encoding)
    {
        using var buffer = new MemoryStream();
        using (Stream? compressor = encoding.Trim().ToLowerInvariant() switch
        {
            "gzip" or "x-gzip" => new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true),
            "deflate" => new ZLibStream(buffer, CompressionLevel.Fastest, leaveOpen: true),
            "br" => new BrotliStream(buffer, CompressionLevel.Fastest, leaveOpen: true),
            _ => null,
        })
        {
            if (compressor is null)
                return body;
            compressor.Write(body);
        }
        return buffer.ToArray();
    }
}
