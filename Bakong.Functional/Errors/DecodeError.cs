namespace Bakong.Functional;

/// <summary>
/// Why a response body could not be decoded: a JSON path such as <c>$.data.amount</c> and what was expected there.
/// </summary>
/// <param name="Path">The JSON path below the root, for example <c>.data.amount</c> or <c>.data[3].status</c>; empty for the root.</param>
/// <param name="Expected">What the decoder expected, for example <c>a number or a numeric string</c>.</param>
public sealed record DecodeError(string Path, string Expected)
{
    /// <summary>The same error one level further from the root (Thoth.Json's prependPath).</summary>
    internal DecodeError At(string segment) => this with { Path = segment + Path };

    /// <summary>The error as text: <c>$.data.amount: expected a number or a numeric string</c>.</summary>
    public override string ToString() => $"${Path}: expected {Expected}";
}
