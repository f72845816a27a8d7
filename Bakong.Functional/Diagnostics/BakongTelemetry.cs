namespace Bakong.Functional;

/// <summary>
/// The names the library's traces and metrics are published under, for OpenTelemetry or any
/// <see cref="System.Diagnostics.ActivityListener"/> and <see cref="System.Diagnostics.Metrics.MeterListener"/>.
/// With nothing listening, each instrumented point costs one check.
/// </summary>
/// <example>
/// <code>
/// services.AddOpenTelemetry()
///     .WithTracing(t => t.AddSource(BakongTelemetry.ActivitySourceName))
///     .WithMetrics(m => m.AddMeter(BakongTelemetry.MeterName));
/// </code>
/// </example>
public static class BakongTelemetry
{
    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/>: one span per endpoint call, per watcher check and per token renewal.</summary>
    public const string ActivitySourceName = "Bakong.Functional";

    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> every instrument below belongs to, the Redis fleet's included.</summary>
    public const string MeterName = "Bakong.Functional";

    /// <summary>Histogram, seconds: one endpoint call, retries and token included, by endpoint and outcome (<c>error.type</c>, absent on success).</summary>
    public const string RequestDuration = "bakong.client.request.duration";

    /// <summary>Counter: retries of a repeatable call after a transient failure, by endpoint and the failure's <c>error.type</c>.</summary>
    public const string Retries = "bakong.client.retries";

    /// <summary>Counter: token renewals; a failed one carries <c>error.type</c>.</summary>
    public const string TokenRenewals = "bakong.token.renewals";

    /// <summary>Observable up-down counter: payments the watchers of this process are watching now.</summary>
    public const string WatcherPending = "bakong.watcher.pending";

    /// <summary>Counter: watched payments that ended, by <c>bakong.outcome</c>.</summary>
    public const string WatcherOutcomes = "bakong.watcher.outcomes";

    /// <summary>Counter: check_transaction_by_md5_list requests the watchers sent.</summary>
    public const string WatcherListRequests = "bakong.watcher.list_requests";

    /// <summary>Counter: answers the watchers could not trust, by <c>bakong.anomaly</c>.</summary>
    public const string WatcherAnomalies = "bakong.watcher.anomalies";

    /// <summary>Histogram, seconds: from the transaction's time (acknowledged, else created) to the watcher's event for it.</summary>
    public const string DetectionDelay = "bakong.watcher.detection_delay";

    /// <summary>Observable up-down counter: 1 while this instance holds the Redis fleet's poller lease, else 0, by <c>bakong.fleet.instance</c>.</summary>
    public const string LeaseHeld = "bakong.fleet.lease.held";

    /// <summary>Counter: poller lease hand-overs seen by this instance, by <c>bakong.lease.change</c> (<c>taken</c> or <c>lost</c>).</summary>
    public const string LeaseHandovers = "bakong.fleet.lease.handovers";
}
