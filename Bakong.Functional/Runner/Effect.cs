using LanguageExt;

namespace Bakong.Functional.Runner;

/// <summary>Turns a task-returning call into an <see cref="Aff{A}"/>: the LINQ front door is the await one, deferred.</summary>
internal static class Effect
{
    /// <summary>An effect that runs <paramref name="run"/> each time it is run.</summary>
    internal static Aff<A> Of<A>(Func<Task<Fin<A>>> run) => Aff<A>.EffectMaybe(() => new ValueTask<Fin<A>>(run()));
}
