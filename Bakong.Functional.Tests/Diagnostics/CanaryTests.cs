using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Bakong.Functional.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Bakong.Functional.Tests.Diagnostics;

/// <summary>
/// A canary token, echoed back by the server in every place a server could echo it, never reaches a span, a tag, a
/// status, an event, a metric's tags or a log line: through a success, every error case, a retry, a renewal and the watcher.
/// </summary>
[Collection(TelemetryCollection.Name)]
public class CanaryTests
{
    private const string Canary = "CANARY-tok-5f1e2d3c4b5a69788796a5b4c3d2e1f0";
    private const string Renewed = "CANARY-renewed-0a1b2c3d4e5f60718293a4b5c6d7e8f9";

    /// <summary>Everything the library emitted, as text.</summary>
    private sealed class Everything : IDisposable
    {
        private readonly SpanCapture spans = new(BakongTelemetry.ActivitySourceName, "System.Net.Http");
        private readonly MeterListener meters = new();
        private readonly ConcurrentQueue<string> measured = new();
        public readonly FakeLoggerProvider Logs = new();
        public readonly ILoggerFactory Factory;

        public Everything()
        {
            Factory = LoggerFactory.Create(b => b.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
            meters.InstrumentPublished = (i, l) =>
            {
                if (i.Meter.Name == BakongTelemetry.MeterName)
                    l.EnableMeasurementEvents(i);
            };
            meters.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, tags));
            meters.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, tags));
            meters.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, tags));
            meters.Start();
        }

        private void Record(Instrument i, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var t in tags)
                measured.Enqueue($"{i.Name} {t.Key}={t.Value}");
        }

        public IEnumerable<string> Texts()
        {
            meters.RecordObservableInstruments();
            foreach (var s in spans.All)
            {
                yield return s.DisplayName + " " + s.OperationName + " " + s.StatusDescription;
                foreach (var t in s.TagObjects)
                    yield return $"{t.Key}={t.Value}";
                foreach (var e in s.Events)
                    yield return e.Name + string.Join(",", e.Tags.Select(t => $"{t.Key}={t.Value}"));
                foreach (var b in s.Baggage)
                    yield return $"{b.Key}={b.Value}";
            }
            foreach (var m in measured)
                yield return m;
            foreach (var l in Logs.Collector.GetSnapshot())
            {
                yield return l.Message + " " + l.Exception;
                foreach (var kv in l.StructuredState ?? [])
                    yield return $"{kv.Key}={kv.Value}";
            }
        }

        public int Count => spans.All.Count + measured.Count + Logs.Collector.Count;

        public void Dispose()
        {
            spans.Dispose();
            meters.Dispose();
            Factory.Dispose();
        }
    }

    /// <summary>A server that echoes the bearer token it received into every answer it can, and sometimes throws with it.</summary>
    private sealed class EchoingBakong(TimeProvider clock) : HttpMessageHandler
    {
        private static readonly int[] Statuses = [200, 400, 401, 403, 404, 429, 500, 503, 304];
        private int calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var i = Interlocked.Increment(ref calls);
            var sent = request.Headers.Authorization?.Parameter ?? "";
            var (status, body, type) = request.RequestUri!.AbsolutePath switch
            {
                // Issued tokens: a good answer, a refusal, and a body that carries the new token but does not decode.
                RenewToken.Path => (i % 3) switch
                {
                    0 => (200, Envelopes.Token(Renewed), "application/json"),
                    1 => (500, "renewal down", "text/plain"),
                    _ => (200, "{\"responseCode\":0,\"responseMessage\":5,\"data\":{\"token\":\"" + Renewed + "\"}}", "application/json"),
                },
                _ when i % 11 == 0 => throw new HttpRequestException($"socket closed after sending Authorization: Bearer {sent}"),
                _ when i % 7 == 0 => (200, Envelopes.Found().Replace("\"description\":", $"\"description\":\"{sent}\",\"x\":", StringComparison.Ordinal), "application/json"),
                _ when i % 5 == 0 => (200, $"<html>{sent}", "application/json"),
                _ => (Statuses[i % Statuses.Length], "", ""),
            };
            if (type == "")
            {
                type = status == 403 && i % 2 == 0 ? "text/html" : "application/json";
                body = "{\"responseCode\":1,\"responseMessage\":\"Bearer " + sent + " refused\",\"errorCode\":" + (status == 200 ? 99 : 6) + ",\"data\":{\"token\":\"" + sent + "\"}}";
            }
            var response = new HttpResponseMessage((System.Net.HttpStatusCode)status) { Content = new StringContent(body) };
            response.Content.Headers.ContentType = new(type);
            if (status is 429 or 503)
                response.Headers.RetryAfter = new(clock.GetUtcNow().AddSeconds(1));
            return Task.FromResult(response);
        }
    }

    [Fact]
    public async Task The_token_never_reaches_a_span_a_tag_a_metric_or_a_log_on_any_path()
    {
        using var all = new Everything();
        var time = Clock.New();
        var fake = new EchoingBakong(time);
        var options = new BakongClientOptions
        {
            BaseUrl = new Uri("http://127.0.0.1:1"),
            TimeProvider = time,
            Timeout = TimeSpan.FromHours(1),
            Retry = new RetryPolicy(3, BackoffSchedule.Fixed(TimeSpan.FromSeconds(1)), TimeSpan.FromMinutes(1)),
            LoggerFactory = all.Factory,
            MaxResponseBytes = 4096,
        };
        var anonymous = new BakongClient(new HttpMessageInvoker(fake), options);
        var tokens = new RenewingAccessTokenSource(anonymous, "shop@example.com", Envelopes.Access(Canary), timeProvider: time);
        var client = anonymous.WithTokenSource(tokens);

        for (var i = 0; i < 60; i++)
        {
            await time.RunUntilDone(client.SendAsync(CheckTransactionByMd5.Create(Fixture.Md5)));
            await time.RunUntilDone(client.SendAsync(CheckTransactionsByMd5List.Create([Fixture.Md5, Envelopes.Md5(i)])));
            await time.RunUntilDone(client.SendAsync(RenewToken.Create("shop@example.com")));
        }
        await time.RunUntilDone(anonymous.WithToken(Envelopes.Access(Canary)).SendAsync(CheckTransactionByMd5.Create(Fixture.Md5)));
        await using (var watcher = new PaymentWatcher(client, new PaymentWatcherOptions { Interval = TimeSpan.FromSeconds(1) }))
        {
            var watched = watcher.Watch(Fixture.Md5, time.GetUtcNow().AddSeconds(30));
            await time.RunUntilDone(watched, TimeSpan.FromMilliseconds(500));
        }

        var texts = all.Texts().ToList();
        Assert.True(all.Count > 200, $"only {all.Count} items were emitted");
        Assert.Contains(texts, t => t.Contains("error.type=", StringComparison.Ordinal));
        var leaks = texts.Where(t => t.Contains("CANARY", StringComparison.Ordinal)).Distinct().ToList();
        Assert.True(leaks.Count == 0, "the token leaked into: " + string.Join(" | ", leaks));
    }
}
