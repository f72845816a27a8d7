namespace Bakong.Functional;

/// <summary>One invalid input: which field, and why it was rejected.</summary>
/// <param name="Field">The parameter or field name as the API spells it, for example <c>md5</c> or <c>sourceInfo.appIconUrl</c>.</param>
/// <param name="Reason">Why it was rejected.</param>
public sealed record FieldError(string Field, string Reason)
{
    /// <summary>The error as text: <c>md5: must be 32 hexadecimal characters</c>.</summary>
    public override string ToString() => $"{Field}: {Reason}";
}
