using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using LanguageExt;
using LanguageExt.Common;
using Microsoft.Extensions.Logging;

namespace Bakong.Functional.Diagnostics;

/// <summary>
/// The library's one <see cref="ActivitySource"/> and one <see cref="Meter"/>, with every instrument, for the runner,
/// the workflows and the Redis fleet alike. Instruments cost one <c>Enabled</c> check while nothing listens.
/// </summary>
internal static class Telemetry
{
    private static readonly string? Version = typeof(Telemetry).Assembly.GetName().Version?.ToString();

    internal static readonly ActivitySource Source = new(BakongTelemetry.ActivitySourceName, Version);
    internal static readonly Meter Meter = new(BakongTelemetry.MeterName, Version);

    // HttpClient's own boundaries for http.client.request.duration, so the two histograms line up.
    private static readonly double[] Seconds = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    internal static readonly Histogram<double> RequestDuration = Histogram(BakongTelemetry.RequestDuration, "s",
        "How long one Bakong endpoint call took, retries and token included.", Seconds);

    internal static readonly Counter<long> Retries = Meter.CreateCounter<long>(BakongTelemetry.Retries, "{retry}",
        "Retries of a repeatable Bakong call after a transient failure.");

    internal static readonly Counter<long> TokenRenewals = Meter.CreateCounter<long>(BakongTelemetry.TokenRenewals, "{renewal}",
        "Access token renewals; failed ones carry error.type.");

    internal static readonly Counter<long> WatcherOutcomes = Meter.CreateCounter<long>(BakongTelemetry.WatcherOutcomes, "{payment}",
        "Watched payments that ended, by outcome.");

    internal static readonly Counter<long> WatcherListRequests = Meter.CreateCounter<long>(BakongTelemetry.WatcherListRequests, "{request}",
        "check_transaction_by_md5_list requests sent by payment watchers.");

    internal static readonly Counter<long> WatcherAnomalies = Meter.CreateCounter<long>(BakongTelemetry.WatcherAnomalies, "{anomaly}",
        "Answers a payment watcher could not trust, by kind.");

    // Payments are told within seconds to minutes of paying; the longer buckets show a stalled watcher.
    internal static readonly Histogram<double> DetectionDelay = Histogram(BakongTelemetry.DetectionDelay, "s",
        "From a transaction's time to the watcher's event for it.", [0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800]);

    private static readonly ConcurrentDictionary<object, Func<long>> PendingCounts = new();

    internal static readonly ObservableUpDownCounter<long> WatcherPending = Meter.CreateObservableUpDownCounter(
        BakongTelemetry.WatcherPending, PendingNow, "{payment}", "Payments being watched now, across the payment watchers of this process.");

    /// <summary>Whether an endpoint call has anyone to report to: a span, or its duration or retry metric.</summary>
    internal static bool CallsObserved => Source.HasListeners() || RequestDuration.Enabled || Retries.Enabled;

    /// <summary>Counts <paramref name="owner"/>'s pending payments in <see cref="BakongTelemetry.WatcherPending"/> until <see cref="StopCounting"/>.</summary>
    internal static void CountPending(object owner, Func<long> pending) => PendingCounts[owner] = pending;

    /// <summary>Stops counting <paramref name="owner"/>'s payments.</summary>
    internal static void StopCounting(object owner) => PendingCounts.TryRemove(owner, out _);

    private static long PendingNow()
    {
        long total = 0;
        foreach (var count in PendingCounts.Values)
            total += count();
        return total;
    }

    /// <summary>Starts a root span for background work (a watcher's check), whatever <see cref="Activity.Current"/> the work inherited.</summary>
    internal static Activity? StartRoot(string name)
    {
        if (!Source.HasListeners())
            return null;
        // A watcher's loop inherits the context of whoever created it; its checks are not part of that request.
        Activity.Current = null;
        return Source.StartActivity(name, ActivityKind.Internal);
    }

    /// <summary>Marks <paramref name="span"/> failed with <paramref name="error"/>'s case as <c>error.type</c>.</summary>
    internal static void Fail(Activity span, BakongError error)
    {
        span.SetTag(Tags.ErrorType, ErrorType(error));
        span.SetStatus(ActivityStatusCode.Error, error.Summary);
    }

    /// <summary>The error's case, as <c>error.type</c>: low-cardinality, and what callers match on.</summary>
    internal static string ErrorType(BakongError error) => error switch
    {
        BakongError.ApiFailure => "ApiFailure",
        BakongError.UnknownApiFailure => "UnknownApiFailure",
        BakongError.Unauthorized => "Unauthorized",
        BakongError.Forbidden => "Forbidden",
        BakongError.Blocked => "Blocked",
        BakongError.EndpointNotFound => "EndpointNotFound",
        BakongError.RateLimited => "RateLimited",
        BakongError.ClientError => "ClientError",
        BakongError.ServerError => "ServerError",
        BakongError.UnexpectedStatus => "UnexpectedStatus",
        BakongError.Transport => "Transport",
        BakongError.Timeout => "Timeout",
        BakongError.Cancelled => "Cancelled",
        BakongError.ResponseTooLarge => "ResponseTooLarge",
        BakongError.Decode => "Decode",
        BakongError.InvalidInput => "InvalidInput",
        _ => "_OTHER",
    };

    /// <summary>Bakong's <c>errorCode</c>, when the answer had one.</summary>
    internal static int? ErrorCode(BakongError error) => error switch
    {
        BakongError.ApiFailure e => (int)e.ErrorCode,
        BakongError.UnknownApiFailure e => e.ErrorCode.TrySome(out var code) ? code : null,
        BakongError.Forbidden e => e.ErrorCode.TrySome(out var code) ? code : null,
        _ => null,
    };

    /// <summary>A payment's outcome as <c>bakong.outcome</c>.</summary>
    internal static string Outcome(PaymentOutcome outcome) => outcome.Match(
        paid: _ => "paid",
        mismatch: _ => "mismatch",
        failed: _ => "failed",
        staticQr: _ => "static_qr",
        expired: _ => "expired",
        unconfirmed: _ => "unconfirmed",
        error: _ => "error");

    /// <summary>Counts a watched payment's end, and for a found transaction how long after it was made the event came.</summary>
    internal static void Settled(PaymentOutcome outcome, DateTimeOffset at)
    {
        if (WatcherOutcomes.Enabled)
        {
            var tags = new TagList { { Tags.Outcome, Outcome(outcome) } };
            if (outcome is PaymentOutcome.Error e)
                tags.Add(Tags.ErrorType, ErrorType(e.Reason));
            WatcherOutcomes.Add(1, tags);
        }
        if (!DetectionDelay.Enabled)
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
            DetectionDelay.Record(Math.Max(0, (at - made).TotalSeconds), new KeyValuePair<string, object?>(Tags.Outcome, Outcome(outcome)));
    }

    /// <summary>Starts a token renewal's span, a child of the call that needed the token.</summary>
    internal static Activity? StartRenewal() => Source.StartActivity("Bakong token renewal", ActivityKind.Internal);

    /// <summary>Ends a token renewal: its span, its count (with <c>error.type</c> when it failed) and its log line.</summary>
    internal static void Renewed(Activity? span, Fin<AccessToken> result, ILogger logger)
    {
        var error = result.TryFail(out var failed) ? BakongError.From(failed) : null;
        var errorType = error is null ? null : ErrorType(error);
        if (span is { IsAllDataRequested: true } && error is not null)
            Fail(span, error);
        if (TokenRenewals.Enabled)
        {
            if (errorType is null)
                TokenRenewals.Add(1);
            else
                TokenRenewals.Add(1, new KeyValuePair<string, object?>(Tags.ErrorType, errorType));
        }
        if (error is null)
            Log.TokenRenewed(logger);
        else
            Log.TokenRenewalFailed(logger, errorType!, error.Summary);
    }

    /// <summary>Counts an answer a watcher could not trust.</summary>
    internal static void Anomaly(string kind)
    {
        if (WatcherAnomalies.Enabled)
            WatcherAnomalies.Add(1, new KeyValuePair<string, object?>(Tags.Anomaly, kind));
    }

    private static Histogram<double> Histogram(string name, string unit, string description, double[] boundaries) =>
#if NET9_0_OR_GREATER
        Meter.CreateHistogram(name, unit, description, tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = boundaries });
#else
        Meter.CreateHistogram<double>(name, unit, description);
#endif

    /// <summary>Attribute names: OpenTelemetry's where one exists, the rest under <c>bakong.</c>.</summary>
    internal static class Tags
    {
        internal const string ErrorType = "error.type";
        internal const string StatusCode = "http.response.status_code";
        internal const string ServerAddress = "server.address";
        internal const string ServerPort = "server.port";
        internal const string Endpoint = "bakong.endpoint";
        internal const string ErrorCode = "bakong.error_code";
        internal const string RetryCount = "bakong.retry.count";
        internal const string Outcome = "bakong.outcome";
        internal const string Anomaly = "bakong.anomaly";
        internal const string BatchSize = "bakong.watcher.batch_size";
    }
}
