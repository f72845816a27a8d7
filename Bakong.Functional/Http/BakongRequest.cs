namespace Bakong.Functional;

/// <summary>
/// A request as plain data: method, path, JSON body and whether it needs the bearer token. Building one does no I/O,
/// so tests can compare requests by value. It never holds the token: the client adds that when it sends.
/// </summary>
/// <param name="Method">The HTTP method; every Bakong endpoint uses <c>POST</c>.</param>
/// <param name="Path">The path below the base URL, for example <c>/v1/check_transaction_by_md5</c>.</param>
/// <param name="Body">The JSON body, exactly as it will be sent.</param>
/// <param name="RequiresToken">Whether the request carries <c>Authorization: Bearer …</c>.</param>
public sealed record BakongRequest(string Method, string Path, string Body, bool RequiresToken)
{
    /// <summary>
    /// Whether the request only reads (the check_* endpoints, account check included), so sending it twice is harmless.
    /// Token and deep link requests are not: request_token sends an e-mail.
    /// </summary>
    public bool IsReadOnly => Path.StartsWith("/v1/check_", StringComparison.Ordinal);

    /// <summary>Method and path only: bodies hold e-mails and references that do not belong in logs.</summary>
    public override string ToString() => $"{Method} {Path}";

    internal static BakongRequest Post(string path, string body, bool requiresToken) => new("POST", path, body, requiresToken);
}
