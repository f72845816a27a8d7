using LanguageExt;

namespace Bakong.Functional;

/// <summary>A watched payment's end, as <see cref="PaymentWatcher.Events"/> reports it: exactly one per payment.</summary>
/// <param name="Md5">The payment's md5, lowercased.</param>
/// <param name="Outcome">How it ended; only <see cref="PaymentOutcome.Paid"/> means the money asked for arrived.</param>
/// <param name="At">When the watcher settled it, by its clock.</param>
public sealed record PaymentEvent(string Md5, PaymentOutcome Outcome, DateTimeOffset At);

/// <summary>What a <see cref="PaymentWatcher"/> is doing, for dashboards and logs.</summary>
/// <param name="Pending">Payments being watched now.</param>
/// <param name="Settled">Payments that have ended since the watcher started.</param>
/// <param name="ListRequests">md5_list requests sent.</param>
/// <param name="SingleLookups">Single check_transaction_by_md5 lookups sent (the fallback while md5_list is blocked).</param>
/// <param name="UsingSingleLookups">Whether md5_list is being avoided now, after a non-JSON 403.</param>
/// <param name="PausedUntil">When requests resume, while a 429 (or a 5xx's <c>Retry-After</c>) holds every request back.</param>
[System.Text.Json.Serialization.JsonConverter(typeof(PaymentWatcherStatisticsJsonConverter))]
public sealed record PaymentWatcherStatistics(
    int Pending, long Settled, long ListRequests, long SingleLookups, bool UsingSingleLookups, Option<DateTimeOffset> PausedUntil)
{
    /// <summary>
    /// Answers the watcher could not trust since it started, by kind (every kind is present, most at zero): each was
    /// "not heard" and asked again, never an outcome. See <see cref="SettleRules"/>.
    /// </summary>
    public IReadOnlyDictionary<AnswerAnomaly, long> Anomalies { get; init; } = AnomalyCounts.Zero;
}

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
