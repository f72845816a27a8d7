namespace Bakong.Functional;

/// <summary>
/// One thing wrong with a decoded payload: where (a tag path such as <c>62.01</c>, empty for the payload as a whole)
/// and what was expected there, in the style of <see cref="DecodeError"/>.
/// </summary>
/// <param name="Path">The tag path, such as <c>54</c>, <c>62.01</c> or <c>99.01</c>; empty for the payload as a whole.</param>
/// <param name="Expected">What the decoder expected, such as <c>at most 25 characters, found 30</c>.</param>
public sealed record KhqrProblem(string Path, string Expected)
{
    /// <summary>The problem as text: <c>62.01: expected at most 25 characters, found 30</c>.</summary>
    public override string ToString() => $"{(Path.Length == 0 ? "payload" : Path)}: expected {Expected}";
}
