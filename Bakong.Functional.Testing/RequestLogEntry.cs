namespace Bakong.Functional.Testing;

/// <summary>One request the emulator received. The bearer token is never kept: only whether one was sent.</summary>
/// <param name="At">When it arrived, by the emulator's clock.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path, such as <c>/v1/check_transaction_by_md5</c>.</param>
/// <param name="Body">The request body as text, with any occurrence of the bearer token replaced by <c>[redacted]</c>.</param>
/// <param name="HadBearer">Whether an <c>Authorization: Bearer …</c> header was sent.</param>
/// <param name="Fault">The fault applied to this request, if any.</param>
public sealed record RequestLogEntry(DateTimeOffset At, string Method, string Path, string Body, bool HadBearer, Fault? Fault)
{
    /// <summary>The Authorization header as logged: <c>Bearer [redacted]</c>, or null when none was sent.</summary>
    public string? Authorization => HadBearer ? "Bearer " + Redacted : null;

    /// <summary>What stands in for a secret.</summary>
    public const string Redacted = "[redacted]";
}
