namespace Bakong.Functional;

/// <summary>
/// A request as plain data: method, path, JSON body, and what the endpoint declares about it. Building one does no I/O,
/// and two requests built from the same input are equal. It never holds the token: the client adds that when it sends.
/// </summary>
/// <param name="Method">The HTTP method; every Bakong endpoint uses <c>POST</c>.</param>
/// <param name="Path">The path below the base URL, for example <c>/v1/check_transaction_by_md5</c>.</param>
/// <param name="Body">The JSON body, exactly as it will be sent.</param>
/// <param name="RequiresToken">Whether the request carries <c>Authorization: Bearer …</c>.</param>
/// <param name="IsRepeatable">
/// Whether sending it twice is harmless, so a transient failure may be retried: true for the check_* lookups and the
/// account check, false for request_token (it sends an e-mail), verify, renew_token and generate_deeplink.
/// </param>
public sealed record BakongRequest(string Method, string Path, string Body, bool RequiresToken, bool IsRepeatable)
{
    /// <summary>Method and path only: bodies hold e-mails and references that do not belong in logs.</summary>
    public override string ToString() => $"{Method} {Path}";

    /// <summary>A request to <paramref name="operation"/>: its method, path and declarations come from the API description.</summary>
    internal static BakongRequest For(BakongOperation operation, string body) =>
        new(operation.Method, operation.Path, body, operation.RequiresToken, operation.IsRepeatable);
}
