namespace Bakong.Functional.Workflows;

/// <summary>Counts of <see cref="AnswerAnomaly"/> by kind, safe to add to from any thread.</summary>
internal sealed class AnomalyCounts
{
    private static readonly AnswerAnomaly[] Kinds = Enum.GetValues<AnswerAnomaly>();
    private readonly long[] counts = new long[Kinds.Length];

    public static IReadOnlyDictionary<AnswerAnomaly, long> Zero { get; } = new AnomalyCounts().Snapshot();

    public void Add(AnswerAnomaly kind) => Interlocked.Increment(ref counts[(int)kind]);

    public IReadOnlyDictionary<AnswerAnomaly, long> Snapshot()
    {
        var copy = new Dictionary<AnswerAnomaly, long>(Kinds.Length);
        foreach (var kind in Kinds)
            copy[kind] = Interlocked.Read(ref counts[(int)kind]);
        return copy;
    }
}
