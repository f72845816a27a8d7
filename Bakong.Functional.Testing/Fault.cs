namespace Bakong.Functional.Testing;

/// <summary>
/// A misbehaviour the emulator can put on a path with <see cref="BakongEmulator.Inject"/>. Transport faults (reset,
/// truncation, drip, silence) are socket-faithful on the Kestrel face; the handler face throws what
/// <see cref="HttpClient"/> would.
/// </summary>
public abstract record Fault
{
    private Fault() { }

    /// <summary>Waits <paramref name="Delay"/>, then answers normally.</summary>
    public sealed record Latency(TimeSpan Delay) : Fault;

    /// <summary>HTTP 429 with <c>Retry-After</c>: in whole seconds, or with <paramref name="AsHttpDate"/> as an HTTP date that far ahead.</summary>
    public sealed record RateLimited(TimeSpan RetryAfter, bool AsHttpDate = false) : Fault;

    /// <summary>An HTTP 5xx with an HTML body, as a gateway sends. A status outside 500–599 is sent as 500.</summary>
    public sealed record ServerError(int Status = 500) : Fault;

    /// <summary>HTTP 403 with an HTML page: production's block of callers outside Cambodia.</summary>
    public sealed record GeoBlocked : Fault;

    /// <summary>The connection is dropped before any response byte.</summary>
    public sealed record ConnectionReset : Fault;

    /// <summary>The real answer's headers, a Content-Length for the whole body, half the body, then the connection is dropped.</summary>
    public sealed record TruncatedBody : Fault;

    /// <summary>The real answer, trickled <paramref name="ChunkSize"/> bytes at a time with <paramref name="ChunkDelay"/> between chunks.</summary>
    public sealed record SlowDrip(TimeSpan ChunkDelay, int ChunkSize = 8) : Fault;

    /// <summary>No answer at all, until the client gives up (or the server stops).</summary>
    public sealed record NeverAnswer : Fault;

    /// <summary>
    /// The real answer (state changes as usual), with its body, read as UTF-8 text, passed through <paramref name="Body"/>:
    /// an answer about another transaction, a repeated key, an envelope that says two things at once.
    /// </summary>
    /// <example><code>emulator.Inject(CheckTransactionByHash.Path, new Fault.Rewrite(b => b.Replace(hash, otherHash)));</code></example>
    public sealed record Rewrite(Func<string, string> Body) : Fault;

    /// <summary>
    /// The real answer compressed and labelled with <c>Content-Encoding: <paramref name="ContentEncoding"/></c>, as a proxy
    /// may send it whatever the client asked for: <c>gzip</c>, <c>deflate</c> (zlib) or <c>br</c>; anything else is sent
    /// uncompressed under that label.
    /// </summary>
    public sealed record Compressed(string ContentEncoding = "gzip") : Fault;

    /// <summary>
    /// An HTTP 5xx (503 by default; outside 500–599 is sent as 503) with an HTML body and <c>Retry-After</c>: in whole
    /// seconds, or with <paramref name="AsHttpDate"/> as an HTTP date that far ahead on the emulator's clock.
    /// </summary>
    public sealed record Unavailable(TimeSpan RetryAfter, bool AsHttpDate = false, int Status = 503) : Fault;
}
