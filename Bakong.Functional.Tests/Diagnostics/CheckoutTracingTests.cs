using System.Diagnostics;
using System.Net.Http.Json;
using Bakong.Functional.DependencyInjection;
using Bakong.Functional.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Bakong.Functional.Tests.Diagnostics;

/// <summary>
/// The README's wiring in a small ASP.NET Core checkout: OpenTelemetry 1.21 with one <c>AddSource</c> and one
/// <c>AddMeter</c>, exported in memory. A checkout request's span holds the Bakong span, which holds HttpClient's.
/// </summary>
[Collection(TelemetryCollection.Name)]
public class CheckoutTracingTests
{
    [Fact]
    public async Task A_checkout_request_span_holds_the_bakong_span_which_holds_the_httpclient_span()
    {
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        await using var bakong = await LoopbackServer.StartAsync(c =>
        {
            c.Response.ContentType = "application/json";
            return c.Response.WriteAsync(Envelopes.Found());
        });

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddBakongClient(s =>
        {
            s.BaseUrl = bakong.BaseUrl;
            s.Token = "checkout-token";
        });
        // --- README: Telemetry (with the in-memory exporter in place of OTLP, and ASP.NET Core's and HttpClient's sources)
        builder.Services.AddOpenTelemetry()
            .WithTracing(t => t
                .AddSource("Microsoft.AspNetCore", "System.Net.Http")
                .AddSource(BakongTelemetry.ActivitySourceName)
                .AddInMemoryExporter(spans))
            .WithMetrics(m => m
                .AddMeter(BakongTelemetry.MeterName)
                .AddInMemoryExporter(metrics));
        // --- end
        await using var app = builder.Build();
        app.MapPost("/checkout/{md5}", async (string md5, BakongClient client) =>
            (await client.SendAsync(CheckTransactionByMd5.Create(md5))).IsSucc ? Results.Ok("paid") : Results.StatusCode(402));
        await app.StartAsync();

        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        using var response = await http.PostAsync($"/checkout/{Fixture.Md5}", null);
        Assert.Equal("paid", await response.Content.ReadFromJsonAsync<string>());

        Activity Exported(Func<Activity, bool> which)
        {
            var until = DateTime.UtcNow.AddSeconds(10);
            while (true)
            {
                lock (spans)
                {
                    var found = spans.SingleOrDefault(which);
                    if (found is not null || DateTime.UtcNow > until)
                        return found ?? throw new Xunit.Sdk.XunitException("not exported: " + string.Join(", ", spans.Select(s => s.DisplayName)));
                }
                Thread.Sleep(10);
            }
        }

        var call = Exported(s => s.Source.Name == BakongTelemetry.ActivitySourceName);
        var request = Exported(s => s.SpanId == call.ParentSpanId);
        var outgoing = Exported(s => s.ParentSpanId == call.SpanId);
        Assert.Equal("Microsoft.AspNetCore", request.Source.Name);
        Assert.Equal(ActivityKind.Server, request.Kind);
        Assert.Equal("Bakong check_transaction_by_md5", call.DisplayName);
        Assert.Equal(ActivityKind.Client, call.Kind);
        Assert.Equal("System.Net.Http", outgoing.Source.Name);
        Assert.Equal(ActivityKind.Client, outgoing.Kind);
        Assert.Equal(request.TraceId, outgoing.TraceId);

        await app.StopAsync();
        app.Services.GetRequiredService<MeterProvider>().ForceFlush();
        Assert.Contains(metrics, m => m.Name == BakongTelemetry.RequestDuration && m.Unit == "s");
    }
}
