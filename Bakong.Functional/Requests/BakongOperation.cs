namespace Bakong.Functional;

/// <summary>
/// What the API description says about one endpoint: its path, whether it carries the bearer token, and whether
/// sending it twice is harmless. Each endpoint declares its own as <c>Operation</c>; <see cref="BakongApi.Operations"/>
/// lists them all, and the emulator and the sandbox route from that list.
/// </summary>
/// <param name="Path">The path below the base URL, for example <c>/v1/check_transaction_by_md5</c>.</param>
/// <param name="RequiresToken">Whether the request carries <c>Authorization: Bearer …</c>.</param>
/// <param name="IsRepeatable">Whether a transient failure may be retried: true for the lookups and the account check.</param>
public sealed record BakongOperation(string Path, bool RequiresToken, bool IsRepeatable)
{
    /// <summary>The HTTP method; every Bakong endpoint uses <c>POST</c>.</summary>
    public string Method => "POST";

    /// <summary>The endpoint's name as the API document writes it, for example <c>check_transaction_by_md5</c>.</summary>
    public string Name => Path[(Path.LastIndexOf('/') + 1)..];

    /// <summary>The name, for logs and test names.</summary>
    public override string ToString() => Name;
}
