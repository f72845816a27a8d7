using System.Collections.Concurrent;
using System.Diagnostics;

namespace Bakong.Functional.Tests.Diagnostics;

/// <summary>
/// The library's instruments and sources are process-wide, so the tests that count them run alone, after the others.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry";
}

/// <summary>An <see cref="ActivityListener"/> that records every finished span of the named sources, with all data.</summary>
internal sealed class SpanCapture : IDisposable
{
    private readonly ActivityListener listener;
    private readonly ConcurrentQueue<Activity> spans = new();

    public SpanCapture(params string[] sources)
    {
        var names = sources.Length == 0 ? [BakongTelemetry.ActivitySourceName] : sources;
        listener = new ActivityListener
        {
            ShouldListenTo = s => names.Contains(s.Name),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
    }

    /// <summary>Finished spans of the trace <paramref name="root"/> started, oldest first.</summary>
    public IReadOnlyList<Activity> Of(Activity root) => spans.Where(s => s.TraceId == root.TraceId && s != root).ToList();

    public IReadOnlyList<Activity> All => spans.ToList();

    public void Dispose() => listener.Dispose();
}

internal static class SpanExtensions
{
    public static object? Tag(this Activity span, string name) => span.GetTagItem(name);

    /// <summary>A root span for one test, so its spans can be told from any other test's.</summary>
    public static Activity Root()
    {
        var root = new Activity("test").SetIdFormat(ActivityIdFormat.W3C);
        root.Start();
        return root;
    }
}
