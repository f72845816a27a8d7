using LanguageExt;
using static LanguageExt.Prelude;

namespace Bakong.Functional.Workflows;

/// <summary>A payment asked about in a batch: its md5 and what its QR asked for.</summary>
internal readonly record struct Asked(string Md5, Option<ExpectedPayment> Expected);

/// <summary>What an answer means for one payment.</summary>
internal enum Verdict
{
    /// <summary>It ends, with <see cref="Decision.Outcome"/>.</summary>
    Settle,

    /// <summary>A trustworthy answer: not paid yet.</summary>
    NotYet,

    /// <summary>Nothing trustworthy was heard about it: ask again later.</summary>
    NotHeard,

    /// <summary>Its answer was spoiled: ask about it alone, with a single lookup.</summary>
    AskAlone,
}

/// <summary>What an answer means for one payment: the verdict, the outcome when it settles, and what was wrong when not heard.</summary>
internal readonly record struct Decision(Verdict Verdict, PaymentOutcome? Outcome, AnswerAnomaly? Anomaly, Option<BakongError> Error)
{
    public static readonly Decision NotYet = new(Verdict.NotYet, null, null, None);

    /// <summary>Asked alone because md5_list itself is refused (a non-JSON 403): no anomaly of the payment's.</summary>
    public static readonly Decision Fallback = new(Verdict.AskAlone, null, null, None);

    public static Decision Settle(PaymentOutcome outcome) => new(Verdict.Settle, outcome, null, None);

    public static Decision NotHeard(AnswerAnomaly anomaly, Option<BakongError> error) => new(Verdict.NotHeard, null, anomaly, error);

    public static Decision AskAlone(AnswerAnomaly anomaly, Option<BakongError> error) => new(Verdict.AskAlone, null, anomaly, error);
}

/// <summary>One decision per payment asked about, in request order, and every anomaly the answer showed.</summary>
internal sealed record BatchDecision(Decision[] Decisions, Seq<AnswerAnomaly> Anomalies);
