using System.Diagnostics.CodeAnalysis;
using LanguageExt;
using LanguageExt.Common;

namespace Bakong.Functional;

/// <summary>
/// Both cases of a <c>Fin</c> or an <c>Option</c> at once, where a cast after an <c>IsSucc</c> or <c>IsSome</c> check
/// would assume the case the check found (and throw if the two drift apart). No closure, no allocation.
/// </summary>
internal static class Cases
{
    /// <summary>Whether <paramref name="fin"/> succeeded: its value, or else its error. A default (bottom) Fin is a failure.</summary>
    internal static bool TrySucc<A>(this Fin<A> fin, [MaybeNullWhen(false)] out A value, [NotNullWhen(false)] out Error? error)
    {
        if (fin.IsSucc)
        {
            value = (A)fin;
            error = null;
            return true;
        }
        value = default;
        error = fin.IsFail ? (Error)fin : Errors.Bottom;
        return false;
    }

    /// <summary>Whether <paramref name="fin"/> failed, and its error. A default (bottom) Fin is a failure.</summary>
    internal static bool TryFail<A>(this Fin<A> fin, [NotNullWhen(true)] out Error? error) => !fin.TrySucc(out _, out error);

    /// <summary>Whether <paramref name="option"/> holds a value, and the value.</summary>
    internal static bool TrySome<A>(this Option<A> option, [MaybeNullWhen(false)] out A value)
    {
        value = option.IsSome ? (A)option : default;
        return option.IsSome;
    }
}
