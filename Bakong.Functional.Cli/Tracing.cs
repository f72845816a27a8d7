using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Bakong.Functional.Cli;

/// <summary>
/// <c>--trace</c>: prints each finished span of the command to stderr, the library's and HttpClient's, indented under its
/// parent. The command runs inside one root span, so spans of anything else in the process are left out.
/// </summary>
internal sealed class Tracing : IDisposable
{
    private static readonly ActivitySource Cli = new("Bakong.Functional.Cli");
    private readonly ActivityListener listener;
    private readonly ConcurrentDictionary<ActivityTraceId, byte> traces = new();
    private readonly TextWriter error;
    private readonly object gate = new();
    private readonly Activity? root;

    private Tracing(TextWriter error, string command)
    {
        this.error = error;
        listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is BakongTelemetry.ActivitySourceName or "System.Net.Http" or "Bakong.Functional.Cli",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            // A watcher's checks start traces of their own; they belong to this command too.
            ActivityStarted = a =>
            {
                if (a.Parent is null && a.Source.Name == BakongTelemetry.ActivitySourceName)
                    traces.TryAdd(a.TraceId, 0);
            },
            ActivityStopped = Print,
        };
        ActivitySource.AddActivityListener(listener);
        root = Cli.StartActivity("bakong " + command);
        if (root is not null)
            traces.TryAdd(root.TraceId, 0);
    }

    /// <summary>Starts printing spans when <paramref name="enabled"/>; null otherwise.</summary>
    public static Tracing? Start(bool enabled, TextWriter error, string command) => enabled ? new Tracing(error, command) : null;

    private void Print(Activity span)
    {
        if (!traces.ContainsKey(span.TraceId))
            return;
        var depth = 0;
        for (var p = span.Parent; p is not null; p = p.Parent)
            depth++;
        var line = new StringBuilder("trace: ").Append(' ', depth * 2).Append(span.DisplayName)
            .Append("  ").Append(span.Duration.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture)).Append(" ms");
        if (span.Status == ActivityStatusCode.Error)
            line.Append("  error");
        foreach (var tag in span.TagObjects)
            line.Append("  ").Append(tag.Key).Append('=').Append(Convert.ToString(tag.Value, CultureInfo.InvariantCulture));
        line.Append("  span=").Append(span.SpanId.ToHexString());
        if (span.ParentSpanId != default)
            line.Append(" parent=").Append(span.ParentSpanId.ToHexString());
        lock (gate)
            error.WriteLine(line.ToString());
    }

    public void Dispose()
    {
        root?.Dispose();
        listener.Dispose();
    }
}
