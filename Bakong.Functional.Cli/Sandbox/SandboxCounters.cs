using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Bakong.Functional.Cli.Sandbox;

/// <summary>
/// Live counters for the dashboard, read from the library's own instruments (<see cref="BakongTelemetry"/>) with a
/// <see cref="MeterListener"/>: calls by endpoint, errors by kind, and the payments watchers in this process are watching.
/// </summary>
internal sealed class SandboxCounters : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<string, long> requests = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> errors = new(StringComparer.Ordinal);
    private long pending;

    public SandboxCounters()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == BakongTelemetry.MeterName && instrument.Name is BakongTelemetry.RequestDuration or BakongTelemetry.WatcherPending)
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "bakong.endpoint" && tag.Value is string endpoint)
                    requests.AddOrUpdate(endpoint, 1, static (_, n) => n + 1);
                else if (tag.Key == "error.type" && tag.Value is string kind)
                    errors.AddOrUpdate(kind, 1, static (_, n) => n + 1);
            }
        });
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Exchange(ref pending, value));
        listener.Start();
    }

    /// <summary>The counts now: calls by endpoint, errors by kind, payments pending.</summary>
    public (IReadOnlyList<KeyValuePair<string, long>> Requests, IReadOnlyList<KeyValuePair<string, long>> Errors, long Pending) Read()
    {
        listener.RecordObservableInstruments();
        return (Sorted(requests), Sorted(errors), Interlocked.Read(ref pending));
    }

    /// <summary>The panel, refreshed with the rest of the page.</summary>
    public void Render(StringBuilder h)
    {
        var (byEndpoint, byKind, watching) = Read();
        h.Append("<section id=\"counters\" data-live><h2>Client counters</h2>");
        h.Append("<p>From the library's own metrics (meter <code>").Append(BakongTelemetry.MeterName).Append("</code>), for clients and watchers running in this process.</p>");
        h.Append("<dl><dt>Watcher pending</dt><dd id=\"counter-pending\">").Append(watching.ToString(CultureInfo.InvariantCulture)).Append("</dd></dl>");
        Table(h, "Requests by endpoint", "counter-requests", byEndpoint);
        Table(h, "Errors by kind", "counter-errors", byKind);
        h.Append("</section>");
    }

    /// <summary>The same counts for <c>/_sandbox/state</c>.</summary>
    public void Write(Utf8JsonWriter w)
    {
        var (byEndpoint, byKind, watching) = Read();
        w.WriteStartObject("counters");
        w.WriteStartObject("requests");
        foreach (var (name, count) in byEndpoint)
            w.WriteNumber(name, count);
        w.WriteEndObject();
        w.WriteStartObject("errors");
        foreach (var (name, count) in byKind)
            w.WriteNumber(name, count);
        w.WriteEndObject();
        w.WriteNumber("watcherPending", watching);
        w.WriteEndObject();
    }

    public void Dispose() => listener.Dispose();

    private static void Table(StringBuilder h, string title, string id, IReadOnlyList<KeyValuePair<string, long>> rows)
    {
        h.Append("<h3>").Append(title).Append("</h3>");
        if (rows.Count == 0)
        {
            h.Append("<p class=\"empty\" id=\"").Append(id).Append("\">None yet.</p>");
            return;
        }
        h.Append("<table id=\"").Append(id).Append("\"><tbody>");
        foreach (var (name, count) in rows)
            h.Append("<tr><td><code>").Append(WebUtility.HtmlEncode(name)).Append("</code></td><td>").Append(count.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>");
        h.Append("</tbody></table>");
    }

    private static List<KeyValuePair<string, long>> Sorted(ConcurrentDictionary<string, long> counts) =>
        counts.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
}
