using System.Diagnostics;
using Bakong.Functional.Diagnostics;
using Bakong.Functional.Model;
using Bakong.Functional.Workflows;
using Microsoft.Extensions.Logging;

namespace Bakong.Functional;

// What the watcher reports: a span per check with its batch and outcomes, outcome and delay metrics, and logs.
public sealed partial class PaymentWatcher
{
    /// <summary>Starts a check's span, a root of its own: the loop is not part of the request that created the watcher.</summary>
    private static Activity? StartCheck(int batchSize)
    {
        var span = Telemetry.StartRoot("Bakong watcher check");
        span?.SetTag(Telemetry.Tags.BatchSize, batchSize);
        return span;
    }

    /// <summary>Tags a check's span with what each payment in it came to, once the answers are applied.</summary>
    private void EndCheck(Activity? span, Entry[] batch, Answer[] answers, Group? group)
    {
        if (span is not { IsAllDataRequested: true })
            return;
        int ended = 0, notYet = 0, transient = 0, unsent = 0, expired = 0;
        for (var i = 0; i < answers.Length; i++)
        {
            var decision = answers[i].Decision;
            if (answers[i].Sent && decision.Verdict == Verdict.Settle && decision.Outcome is { } outcome)
            {
                ended++;
                var tag = "bakong.watcher.outcomes." + OutcomeTag(outcome);
                span.SetTag(tag, (span.GetTagItem(tag) as int? ?? 0) + 1);
            }
            else if (group is null && !stopping.IsCancellationRequested && batch[i].Settled)
                expired++;
            else if (!answers[i].Sent)
                unsent++;
            else if (decision.Verdict == Verdict.NotYet)
                notYet++;
            else
                transient++;
        }
        if (expired > 0)
            span.SetTag("bakong.watcher.outcomes.expired", expired);
        span.SetTag("bakong.watcher.not_yet", notYet);
        if (transient > 0)
            span.SetTag("bakong.watcher.unanswered", transient);
        if (unsent > 0)
            span.SetTag("bakong.watcher.unsent", unsent);
        span.SetTag("bakong.watcher.ended", ended + expired);
    }

    /// <summary>Reports a payment's end: its outcome and detection delay metrics, and a debug log line. Under the gate.</summary>
    private void Reported(Entry entry, PaymentOutcome outcome, DateTimeOffset now)
    {
        CountSettled(outcome, now);
        if (logger.IsEnabled(LogLevel.Debug))
            Log.PaymentSettled(logger, entry.Md5, OutcomeTag(outcome));
    }

    /// <summary>Payments pending now, for <see cref="BakongTelemetry.WatcherPending"/>.</summary>
    private long PendingCount()
    {
        lock (gate)
            return pending.Count;
    }

    /// <summary>Counts and logs an answer the watcher could not trust.</summary>
    private void Anomaly(string kind)
    {
        Telemetry.Anomaly(kind);
        Log.Anomaly(logger, kind);
    }

    /// <summary>
    /// Every answer the watcher could not trust goes through here, once each: counted by kind for
    /// <see cref="Statistics"/>, in the <see cref="BakongTelemetry.WatcherAnomalies"/> metric, and logged with its error.
    /// </summary>
    private void OnAnomaly(AnswerAnomaly kind, BakongError? error)
    {
        anomalies.Add(kind);
        var name = AnomalyName(kind);
        Telemetry.Anomaly(name);
        if (logger.IsEnabled(LogLevel.Warning))
            Log.Anomaly(logger, error is null ? name : $"{name}: {error.Summary}");
    }

    /// <summary>The <c>bakong.anomaly</c> value of each kind.</summary>
    private static string AnomalyName(AnswerAnomaly kind) => kind switch
    {
        AnswerAnomaly.NoAnswer => "no_answer",
        AnswerAnomaly.Garbled => "garbled",
        AnswerAnomaly.TooLarge => "too_large",
        AnswerAnomaly.UnexpectedAnswer => "unexpected_answer",
        AnswerAnomaly.DuplicateRow => "duplicate_row",
        AnswerAnomaly.UnreadableRow => "unreadable_row",
        AnswerAnomaly.OtherStatus => "other_status",
        AnswerAnomaly.MissingRow => "missing_row",
        AnswerAnomaly.UnaskedRow => "unasked_row",
        AnswerAnomaly.UnlabelledRow => "unlabelled_row",
        _ => "unknown",
    };

    /// <summary>A payment's outcome as <c>bakong.outcome</c>.</summary>
    private static string OutcomeTag(PaymentOutcome outcome) => outcome.Match(
        paid: _ => "paid",
        mismatch: _ => "mismatch",
        failed: _ => "failed",
        staticQr: _ => "static_qr",
        expired: _ => "expired",
        unconfirmed: _ => "unconfirmed",
        error: _ => "error");

    /// <summary>Counts a watched payment's end, and for a found transaction how long after it was made the event came.</summary>
    private static void CountSettled(PaymentOutcome outcome, DateTimeOffset at)
    {
        if (Telemetry.WatcherOutcomes.Enabled)
        {
            var tags = new TagList { { Telemetry.Tags.Outcome, OutcomeTag(outcome) } };
            if (outcome is PaymentOutcome.Error e)
                tags.Add(Telemetry.Tags.ErrorType, Telemetry.ErrorType(e.Reason));
            Telemetry.WatcherOutcomes.Add(1, tags);
        }
        if (!Telemetry.DetectionDelay.Enabled)
            return;
        var transaction = outcome switch
        {
            PaymentOutcome.Paid p => p.Transaction,
            PaymentOutcome.Mismatch m => m.Transaction,
            _ => null,
        };
        if (transaction is null)
            return;
        if ((transaction.AcknowledgedAt.IsSome ? transaction.AcknowledgedAt : transaction.CreatedAt).TrySome(out var made))
            Telemetry.DetectionDelay.Record(Math.Max(0, (at - made).TotalSeconds), new KeyValuePair<string, object?>(Telemetry.Tags.Outcome, OutcomeTag(outcome)));
    }
}
