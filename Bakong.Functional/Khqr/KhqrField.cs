using Bakong.Functional.KhqrFormat;

namespace Bakong.Functional;

/// <summary>One field of a payload exactly as read: its tag path and its value, unchanged.</summary>
/// <param name="Path">The tag, or the tag and sub-tag for a field inside a template, such as <c>59</c> or <c>62.01</c>.</param>
/// <param name="Value">The value, verbatim.</param>
public sealed record KhqrField(string Path, string Value)
{
    /// <summary>What the field is, such as <c>Merchant name</c>, or <c>Unknown</c> for a tag outside the KHQR table.</summary>
    public string Name => KhqrTags.Name(Path);

    /// <summary>Whether the field is in the KHQR tag table; unknown fields are kept but not interpreted.</summary>
    public bool IsKnown => KhqrTags.IsKnown(Path);

    /// <summary>The field as one line: <c>59 Merchant name: Jonh Smith</c>.</summary>
    public override string ToString() => $"{Path} {Name}: {Value}";
}
