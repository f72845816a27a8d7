using LanguageExt.Common;

namespace Bakong.Functional.Redis;

/// <summary>Names the fields of a nested validation failure under their parent's name.</summary>
internal static class Fields
{
    internal static IEnumerable<FieldError> Of(Error error, string prefix) =>
        error is BakongError.InvalidInput invalid
            ? invalid.Errors.Map(f => f with { Field = $"{prefix}.{f.Field}" })
            : [new FieldError(prefix, error.Message)];
}

/// <summary>One-field validation failures, as the library's own internal helper makes them.</summary>
internal static class Invalid
{
    internal static BakongError.InvalidInput Of(string field, string reason) => new(LanguageExt.Prelude.Seq1(new FieldError(field, reason)));
}
