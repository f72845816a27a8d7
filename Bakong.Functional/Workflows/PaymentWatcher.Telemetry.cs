using System.Diagnostics;
using Bakong.Functional.Diagnostics;
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
            if (answers[i].Outcome is { } outcome)
            {
                ended++;
                var tag = "bakong.watcher.outcomes." + Telemetry.Outcome(outcome);
                span.SetTag(tag, (span.GetTagItem(tag) as int? ?? 0) + 1);
            }
            else if (group is null && !stopping.IsCancellationRequested && batch[i].Settled)
                expired++;
            else if (answers[i].Heard == Heard.NotYet)
                notYet++;
            else if (answers[i].Heard == Heard.Transient)
                transient++;
            else
                unsent++;
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
        Telemetry.Settled(outcome, now);
        if (logger.IsEnabled(LogLevel.Debug))
            Log.PaymentSettled(logger, entry.Md5, Telemetry.Outcome(outcome));
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
}
