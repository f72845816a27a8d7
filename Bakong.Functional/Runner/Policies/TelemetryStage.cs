using System.Collections.Concurrent;
using System.Diagnostics;
using Bakong.Functional.Diagnostics;
using LanguageExt;
using Microsoft.Extensions.Logging;

namespace Bakong.Functional.Runner;

/// <summary>
/// The outermost step, around the decoding: one span per call (a child of the caller's <see cref="Activity.Current"/>, and the parent of
/// HttpClient's), the call's duration and its failure log. While nothing listens it costs one check and passes straight on.
/// </summary>
internal sealed class TelemetryStage(Uri baseUrl, ILogger logger, TimeProvider clock, DecodeLast next)
{
    private static readonly ConcurrentDictionary<string, (string Endpoint, string Span)> Names = new(StringComparer.Ordinal);
    private readonly string host = baseUrl.Host;
    private readonly object port = baseUrl.Port;

    internal ValueTask<Fin<A>> Send<A>(Endpoint<A> endpoint, Call call) =>
        Telemetry.CallsObserved || logger.IsEnabled(LogLevel.Warning)
            ? Observed(endpoint, call)
            : next.Send(endpoint, call);

    private async ValueTask<Fin<A>> Observed<A>(Endpoint<A> endpoint, Call call)
    {
        var (name, spanName) = Names.GetOrAdd(endpoint.Request.Path, static path => (path[(path.LastIndexOf('/') + 1)..], "Bakong " + path[(path.LastIndexOf('/') + 1)..]));
        using var span = Telemetry.Source.StartActivity(spanName, ActivityKind.Client);
        if (span is { IsAllDataRequested: true })
        {
            // AddTag appends; SetTag would search the tags first. Each is added once.
            span.AddTag(Telemetry.Tags.Endpoint, name);
            span.AddTag(Telemetry.Tags.ServerAddress, host);
            span.AddTag(Telemetry.Tags.ServerPort, port);
        }
        var scope = new CallScope(name, logger);
        var started = clock.GetTimestamp();
        var result = await next.Send(endpoint, call with { Scope = scope }).ConfigureAwait(false);
        var error = result.ErrorOf();
        var errorType = error is null ? null : Telemetry.ErrorType(error);
        var errorCode = error is null ? null : Telemetry.ErrorCode(error);
        if (span is { IsAllDataRequested: true })
        {
            if (scope.Status != 0)
                span.AddTag(Telemetry.Tags.StatusCode, Boxed(scope.Status));
            if (scope.Retries != 0)
                span.AddTag(Telemetry.Tags.RetryCount, scope.Retries);
            if (errorCode is { } code)
                span.AddTag(Telemetry.Tags.ErrorCode, code);
            if (error is not null)
                Telemetry.Fail(span, error);
        }
        if (Telemetry.RequestDuration.Enabled)
        {
            var tags = new TagList
            {
                { Telemetry.Tags.Endpoint, name },
                { Telemetry.Tags.ServerAddress, host },
                { Telemetry.Tags.ServerPort, port },
            };
            if (scope.Status != 0)
                tags.Add(Telemetry.Tags.StatusCode, Boxed(scope.Status));
            if (errorType is not null)
                tags.Add(Telemetry.Tags.ErrorType, errorType);
            if (errorCode is { } code)
                tags.Add(Telemetry.Tags.ErrorCode, code);
            Telemetry.RequestDuration.Record(clock.GetElapsedTime(started).TotalSeconds, tags);
        }
        // A payment not found yet is an answer, not a failure worth a warning.
        if (error is not null && !error.IsTransactionNotFound)
            Log.CallFailed(logger, name, errorType!, error.Summary);
        return result;
    }

    private static readonly object Ok = 200;

    // Nearly every answer is a 200: one boxed copy serves them all.
    private static object Boxed(int status) => status == 200 ? Ok : status;
}

/// <summary>What the inner stages report about one observed call: the last HTTP status and the retries made.</summary>
internal sealed class CallScope(string endpoint, ILogger logger)
{
    /// <summary>The endpoint's name, for example <c>check_transaction_by_md5</c>.</summary>
    public string Endpoint { get; } = endpoint;

    /// <summary>The last response's HTTP status; 0 before any.</summary>
    public int Status { get; set; }

    /// <summary>Retries made so far.</summary>
    public int Retries { get; private set; }

    /// <summary>Counts a retry of this call after a failure of <paramref name="errorType"/>, to be sent after <paramref name="wait"/>.</summary>
    public void Retrying(string errorType, TimeSpan wait)
    {
        Retries++;
        if (Telemetry.Retries.Enabled)
            Telemetry.Retries.Add(1, new(Telemetry.Tags.Endpoint, Endpoint), new(Telemetry.Tags.ErrorType, errorType));
        Log.Retrying(logger, Endpoint, errorType, Retries, wait.TotalSeconds);
    }
}
