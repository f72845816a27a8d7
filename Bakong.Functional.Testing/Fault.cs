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
}
