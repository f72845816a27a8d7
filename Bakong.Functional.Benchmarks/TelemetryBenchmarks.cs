using System.Diagnostics;
using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using LanguageExt;

namespace Bakong.Functional.Benchmarks;

/// <summary>
/// What telemetry costs per call: the same md5 check with nothing listening, and with an <see cref="ActivityListener"/>
/// recording every span of the library's source and a <see cref="MeterListener"/> taking every measurement of its meter.
/// </summary>
[MemoryDiagnoser]
public class TelemetryBenchmarks : EmulatorBenchmark
{
    private ActivityListener? spans;
    private MeterListener? meters;
    private double sum;

    private BakongClient inMemory = null!;

    /// <summary>A handler that answers at once from memory: no socket, and no HttpClient span or traceparent header.</summary>
    private sealed class Canned(byte[] body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new ByteArrayContent(body) };
            response.Content.Headers.ContentType = new("application/json");
            return Task.FromResult(response);
        }
    }

    private void InMemory() => inMemory = new BakongClient(new HttpMessageInvoker(new Canned(Samples.Md5Success)),
        new BakongClientOptions { BaseUrl = new Uri("http://127.0.0.1/"), Token = Token });

    [GlobalSetup(Targets = [nameof(Silent), nameof(SilentInMemory)])]
    public async Task Start()
    {
        await StartEmulator();
        InMemory();
    }

    [GlobalSetup(Targets = [nameof(Listening), nameof(ListeningInMemory)])]
    public async Task Attach()
    {
        await StartEmulator();
        InMemory();
        spans = new ActivityListener
        {
            ShouldListenTo = s => s.Name == BakongTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(spans);
        meters = new MeterListener
        {
            InstrumentPublished = (i, l) =>
            {
                if (i.Meter.Name == BakongTelemetry.MeterName)
                    l.EnableMeasurementEvents(i);
            },
        };
        meters.SetMeasurementEventCallback<double>((_, v, _, _) => sum += v);
        meters.SetMeasurementEventCallback<long>((_, v, _, _) => sum += v);
        meters.Start();
    }

    [GlobalCleanup(Targets = [nameof(Listening), nameof(ListeningInMemory)])]
    public async Task Detach()
    {
        spans?.Dispose();
        meters?.Dispose();
        await StopEmulator();
    }

    [Benchmark(Baseline = true, Description = "one md5 check, nothing listening")]
    public Task<Fin<Transaction>> Silent() => Client.SendAsync(CheckTransactionByMd5.Create(Samples.Md5));

    [Benchmark(Description = "one md5 check, span and metric listeners attached")]
    public Task<Fin<Transaction>> Listening() => Client.SendAsync(CheckTransactionByMd5.Create(Samples.Md5));

    [Benchmark(Description = "in memory, nothing listening")]
    public Task<Fin<Transaction>> SilentInMemory() => inMemory.SendAsync(CheckTransactionByMd5.Create(Samples.Md5));

    [Benchmark(Description = "in memory, span and metric listeners attached")]
    public Task<Fin<Transaction>> ListeningInMemory() => inMemory.SendAsync(CheckTransactionByMd5.Create(Samples.Md5));
}
