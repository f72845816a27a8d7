using LanguageExt;
using LanguageExt.Common;
namespace Bakong.Functional.Runner;

/// <summary>Reading a <see cref="Fin{A}"/> by matching, without casts and without allocating on the call path.</summary>
internal static class FinCases
{
    /// <summary>The error of a failed result as a <see cref="BakongError"/>, or null on success.</summary>
    /// <remarks>A default <see cref="Fin{A}"/> is neither value nor error; it counts as a failure with no answer.</remarks>
    internal static BakongError? ErrorOf<A>(this Fin<A> result) =>
        result.IsBottom ? new BakongError.Transport("no value was given")
        : result.Match(static _ => (BakongError?)null, static e => BakongError.From(e));
}
