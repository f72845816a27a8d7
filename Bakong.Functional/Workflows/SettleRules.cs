using Bakong.Functional.Endpoints;
using LanguageExt;
using static LanguageExt.Prelude;

namespace Bakong.Functional;

/// <summary>A kind of answer a long-running check could not trust, counted in <see cref="PaymentWatcherStatistics.Anomalies"/>.</summary>
public enum AnswerAnomaly
{
    /// <summary>No answer: a transport failure, a timeout, a 5xx, a 429, or Bakong unable to reach its backend.</summary>
    NoAnswer,

    /// <summary>A 2xx body the check cannot read: truncated JSON, HTML, an empty body, <c>data: null</c>.</summary>
    Garbled,

    /// <summary>A body over the size limit.</summary>
    TooLarge,

    /// <summary>An HTTP status or an API error code this check does not expect (a list answered with one errorCode for all, say).</summary>
    UnexpectedAnswer,

    /// <summary>Two or more rows named the same payment, agreeing or not.</summary>
    DuplicateRow,

    /// <summary>A row named a payment but could not be read (SUCCESS without a transaction, a bad amount).</summary>
    UnreadableRow,

    /// <summary>A row had a status other than SUCCESS, NOT_FOUND, FAILED or STATIC_QR (SERVICE_FAILED, say).</summary>
    OtherStatus,

    /// <summary>The answer had no row for a payment asked about.</summary>
    MissingRow,

    /// <summary>A row named a key nobody asked about.</summary>
    UnaskedRow,

    /// <summary>A row named no key at all.</summary>
    UnlabelledRow,
}

/// <summary>
/// The settle rules of every long-running check (the watcher, polling, the Redis fleet): a payment settles only on an
/// answer about that payment. <see cref="CannotBeFixedByWaiting"/> is the one list of errors that end a payment as
/// <see cref="PaymentOutcome.Error"/>; every other failure is "not heard", and asked again.
/// </summary>
public static class SettleRules
{
    /// <summary>Untrusted whole answers in a row after which a batch's payments are asked about one by one.</summary>
    internal const int AskAloneAfter = 3;

    /// <summary>
    /// Whether <paramref name="error"/> ends a check for good, because asking again cannot change it: invalid input, a
    /// token refused again after the client's one renewal (HTTP 401 or errorCode 6), a JSON 403 (the API refuses this
    /// caller), a non-JSON 403 on a single lookup (production refuses callers outside Cambodia), an endpoint that does
    /// not exist (HTTP 404), and errorCode 5 (the request lacks required fields). Anything else is "not heard".
    /// </summary>
    public static bool CannotBeFixedByWaiting(BakongError error) => error switch
    {
        BakongError.InvalidInput => true,
        BakongError.Unauthorized => true,
        BakongError.ApiFailure { ErrorCode: ApiErrorCode.Unauthorized or ApiErrorCode.MissingRequiredFields } => true,
        BakongError.Forbidden or BakongError.Blocked => true,
        BakongError.EndpointNotFound => true,
        _ => false,
    };

    /// <summary>
    /// Whether a failed check is "not heard": not an answer about the payment, so a poll goes on, and when its last check
    /// at the deadline ends so, the payment could not be confirmed either way. Cancellation is not.
    /// </summary>
    public static bool IsNotHeard(BakongError error) =>
        error is not BakongError.Cancelled && OfLookupError(error).Verdict == Verdict.NotHeard;

    /// <summary>What kind of untrusted answer a failure is.</summary>
    public static AnswerAnomaly AnomalyOf(BakongError error) => error switch
    {
        BakongError.Decode => AnswerAnomaly.Garbled,
        BakongError.ResponseTooLarge => AnswerAnomaly.TooLarge,
        _ when error.IsTransient => AnswerAnomaly.NoAnswer,
        BakongError.NetworkError => AnswerAnomaly.NoAnswer,
        _ => AnswerAnomaly.UnexpectedAnswer,
    };

    /// <summary>Whether the anomaly is an answer that arrived but cannot be trusted (as opposed to no answer at all).</summary>
    internal static bool IsUntrusted(AnswerAnomaly anomaly) => anomaly is not AnswerAnomaly.NoAnswer;

    /// <summary>
    /// What a single lookup's failure means for its payment: not found is "not yet"; a failed or static QR settles it;
    /// an error waiting cannot fix ends it; anything else is not heard.
    /// </summary>
    internal static Decision OfLookupError(BakongError error) => DecideSingle(error, None);

    /// <summary>
    /// A single check_transaction_by_md5 answer about one payment, read as its md5_list row would be
    /// (<see cref="TransactionLookup.AsRow"/>) and decided by the same rules as that row.
    /// </summary>
    internal static Decision DecideSingle(Fin<Transaction> answer, Option<ExpectedPayment> expected) =>
        // The row's key is never read here.
        TransactionLookup.AsRow("", answer).Match(
            Succ: row => OfRow(row, expected),
            Fail: e => OfUnanswered(BakongError.From(e)));

    /// <summary>What one payment's own row means for it.</summary>
    private static Decision OfRow(BatchRow row, Option<ExpectedPayment> expected) =>
        row.Match(
            found: f => Decision.Settle(PaymentOutcome.Of(f.Transaction, expected)),
            notFound: _ => Decision.NotYet,
            failed: f => Decision.Settle(new PaymentOutcome.Failed(f.Message)),
            staticQr: _ => Decision.Settle(new PaymentOutcome.StaticQr()),
            otherStatus: _ => Decision.NotHeard(AnswerAnomaly.OtherStatus, None),
            missing: _ => Decision.AskAlone(AnswerAnomaly.MissingRow, None));

    /// <summary>A failure that is no row about the payment: it ends the payment only if waiting cannot fix it.</summary>
    private static Decision OfUnanswered(BakongError error) =>
        CannotBeFixedByWaiting(error) ? Decision.Settle(new PaymentOutcome.Error(error)) : Decision.NotHeard(AnomalyOf(error), error);

    /// <summary>
    /// One md5_list answer, decided for each payment asked about, on that payment's rows alone. A whole answer that
    /// failed is not heard by anyone (or, after <see cref="AskAloneAfter"/> untrusted ones in a row, each payment is
    /// asked alone); an error waiting cannot fix ends all. A payment with exactly one readable row settles on it; a
    /// payment with two rows, one it cannot read, or none, is asked alone; an unknown status (SERVICE_FAILED) is not
    /// heard. Rows for keys nobody asked, or for no key, are counted and change nothing.
    /// </summary>
    /// <param name="answer">The answer, row by row.</param>
    /// <param name="asked">The payments asked about, in request order.</param>
    /// <param name="untrustedInARow">Untrusted whole answers this batch had just before this one.</param>
    internal static BatchDecision DecideList(Fin<Seq<ListRow>> answer, IReadOnlyList<Asked> asked, int untrustedInARow)
    {
        var decisions = new Decision[asked.Count];
        if (!answer.TrySucc(out var listRows, out var failure))
        {
            var error = BakongError.From(failure);
            var anomaly = AnomalyOf(error);
            // A list answered with one verdict for all (errorCode 1 or 3, say) is not an answer about any one payment.
            var all = CannotBeFixedByWaiting(error) ? Decision.Settle(new PaymentOutcome.Error(error))
                : IsUntrusted(anomaly) && untrustedInARow + 1 >= AskAloneAfter ? Decision.AskAlone(anomaly, error)
                : Decision.NotHeard(anomaly, error);
            System.Array.Fill(decisions, all);
            return new BatchDecision(decisions, all.Verdict == Verdict.Settle ? Seq<AnswerAnomaly>() : Seq1(anomaly));
        }
        var anomalies = new List<AnswerAnomaly>();
        var at = new Dictionary<string, int>(asked.Count, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < asked.Count; i++)
            at[asked[i].Md5] = i;
        // One row each: the first row seen per payment, and whether a second (or an unreadable one) came.
        var rows = new ListRow?[asked.Count];
        var spoiled = new AnswerAnomaly?[asked.Count];
        foreach (var row in listRows)
        {
            if (!row.Key.TrySome(out var key))
            {
                anomalies.Add(AnswerAnomaly.UnlabelledRow);
                continue;
            }
            if (!at.TryGetValue(key, out var i))
            {
                anomalies.Add(AnswerAnomaly.UnaskedRow);
                continue;
            }
            if (rows[i] is not null)
                spoiled[i] = AnswerAnomaly.DuplicateRow;
            else if (row.Problem.IsSome || row.Row.IsNone)
                spoiled[i] ??= AnswerAnomaly.UnreadableRow;
            rows[i] ??= row;
        }
        for (var i = 0; i < asked.Count; i++)
        {
            if (spoiled[i] is { } kind)
            {
                anomalies.Add(kind);
                decisions[i] = Decision.AskAlone(kind, None);
                continue;
            }
            if (rows[i] is not { } own)
            {
                // Its row may be the one labelled with another key: only its own lookup can tell.
                anomalies.Add(AnswerAnomaly.MissingRow);
                decisions[i] = Decision.AskAlone(AnswerAnomaly.MissingRow, None);
                continue;
            }
            // A row without one was counted as unreadable above.
            decisions[i] = own.Row.TrySome(out var ownRow) ? OfRow(ownRow, asked[i].Expected) : Decision.AskAlone(AnswerAnomaly.UnreadableRow, None);
            if (decisions[i].Anomaly is { } noted)
                anomalies.Add(noted);
        }
        return new BatchDecision(decisions, anomalies.ToSeq());
    }
}

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
