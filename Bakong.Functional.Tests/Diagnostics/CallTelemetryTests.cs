using System.Diagnostics;
using System.Net;
using Bakong.Functional.Diagnostics;
using Bakong.Functional.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Bakong.Functional.Tests.Diagnostics;

/// <summary>One span and one duration per endpoint call, with OpenTelemetry's attribute names, for a success, each error kind and a retry.</summary>
[Collection(TelemetryCollection.Name)]
public class CallTelemetryTests
{
    private static readonly string Md5 = Fixture.Md5;

    /// <summary>A handler answering from a function, so a test can throw or stall as a network would.</summary>
    private sealed class Handler(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => answer(request, cancellationToken);

        public static Handler Of(int status, string body, string contentType = "application/json") => new((_, _) =>
        {
            var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(body) };
            response.Content.Headers.ContentType = new(contentType);
            return Task.FromResult(response);
        });
    }

    private static BakongClient Client(HttpMessageHandler handler, int port, Action<BakongClientOptions>? change = null)
    {
        var options = new BakongClientOptions { BaseUrl = new Uri($"http://127.0.0.1:{port}"), Token = Envelopes.Access("test-token"), Retry = RetryPolicy.None };
        change?.Invoke(options);
        return new BakongClient(new HttpMessageInvoker(handler), options);
    }

    private static IReadOnlyList<CollectedMeasurement<double>> Durations(MetricCollector<double> collector, int port) =>
        collector.GetMeasurementSnapshot().Where(m => m.Tags.TryGetValue("server.port", out var p) && (int)p! == port).ToList();

    [Fact]
    public async Task A_success_is_one_client_span_under_the_callers_span_and_one_duration_without_error_type()
    {
        using var spans = new SpanCapture();
        using var durations = new MetricCollector<double>(Telemetry.RequestDuration);
        using var root = SpanExtensions.Root();

        var result = await Client(Handler.Of(200, Envelopes.Found()), 40101).SendAsync(CheckTransactionByMd5.Create(Md5));

        Assert.True(result.IsSucc);
        var span = Assert.Single(spans.Of(root));
        Assert.Equal("Bakong check_transaction_by_md5", span.DisplayName);
        Assert.Equal(BakongTelemetry.ActivitySourceName, span.Source.Name);
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal(root.SpanId, span.ParentSpanId);
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        Assert.Equal("check_transaction_by_md5", span.Tag("bakong.endpoint"));
        Assert.Equal("127.0.0.1", span.Tag("server.address"));
        Assert.Equal(40101, span.Tag("server.port"));
        Assert.Equal(200, span.Tag("http.response.status_code"));
        Assert.Null(span.Tag("error.type"));
        Assert.Null(span.Tag("bakong.retry.count"));

        var duration = Assert.Single(Durations(durations, 40101));
        Assert.Equal("s", Telemetry.RequestDuration.Unit);
        Assert.Equal(BakongTelemetry.RequestDuration, Telemetry.RequestDuration.Name);
        Assert.True(duration.Value >= 0);
        Assert.Equal("check_transaction_by_md5", duration.Tags["bakong.endpoint"]);
        Assert.Equal(200, duration.Tags["http.response.status_code"]);
        Assert.False(duration.Tags.ContainsKey("error.type"));
    }

    public static TheoryData<string, int, string, string, int?> HttpErrors => new()
    {
        // case, status, body, content type, Bakong errorCode
        { "ApiFailure", 200, """{"responseCode":1,"responseMessage":"Transaction failed.","errorCode":3,"data":null}""", "application/json", 3 },
        { "UnknownApiFailure", 200, """{"responseCode":1,"responseMessage":"New thing","errorCode":99,"data":null}""", "application/json", 99 },
        { "Unauthorized", 401, "", "text/plain", null },
        { "Forbidden", 403, """{"responseCode":1,"responseMessage":"Forbidden","errorCode":8,"data":null}""", "application/json", 8 },
        { "Blocked", 403, "<html>no</html>", "text/html", null },
        { "EndpointNotFound", 404, "", "text/plain", null },
        { "RateLimited", 429, "", "text/plain", null },
        { "ClientError", 400, "", "text/plain", null },
        { "ServerError", 503, "", "text/plain", null },
        { "UnexpectedStatus", 304, "", "text/plain", null },
        { "ResponseTooLarge", 200, new string('x', 2000), "application/json", null },
        { "Decode", 200, "{not json", "application/json", null },
    };

    [Theory, MemberData(nameof(HttpErrors))]
    public async Task An_answered_failure_is_an_error_span_and_a_duration_with_its_case_status_and_error_code(string errorType, int status, string body, string contentType, int? errorCode)
    {
        const int port = 40200;
        using var spans = new SpanCapture();
        using var durations = new MetricCollector<double>(Telemetry.RequestDuration);
        using var root = SpanExtensions.Root();

        var result = await Client(Handler.Of(status, body, contentType), port, o => o.MaxResponseBytes = 1000).SendAsync(CheckTransactionByMd5.Create(Md5));

        Assert.Equal(errorType, Telemetry.ErrorType(BakongError.From((LanguageExt.Common.Error)result)));
        var span = Assert.Single(spans.Of(root));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(errorType, span.Tag("error.type"));
        Assert.Equal(status, span.Tag("http.response.status_code"));
        Assert.Equal(errorCode, span.Tag("bakong.error_code"));
        var duration = Assert.Single(Durations(durations, port));
        Assert.Equal(errorType, duration.Tags["error.type"]);
        Assert.Equal(status, duration.Tags["http.response.status_code"]);
        Assert.Equal(errorCode, duration.Tags.GetValueOrDefault("bakong.error_code"));
    }

    public static TheoryData<string> UnansweredErrors => ["Transport", "Timeout", "Cancelled", "InvalidInput"];

    [Theory, MemberData(nameof(UnansweredErrors))]
    public async Task A_failure_without_an_answer_is_an_error_span_and_a_duration_with_its_case_and_no_status(string errorType)
    {
        const int port = 40300;
        using var spans = new SpanCapture();
        using var durations = new MetricCollector<double>(Telemetry.RequestDuration);
        using var root = SpanExtensions.Root();
        var handler = new Handler(async (_, ct) =>
        {
            if (errorType == "Transport")
                throw new HttpRequestException("connection refused");
            await Task.Delay(Timeout.Infinite, ct);
            return new HttpResponseMessage();
        });
        var client = Client(handler, port, o =>
        {
            o.Timeout = TimeSpan.FromMilliseconds(50);
            if (errorType == "InvalidInput")
                o.Token = Option<AccessToken>.None;
        });
        using var cancelled = new CancellationTokenSource();
        if (errorType == "Cancelled")
            await cancelled.CancelAsync();

        var result = await client.SendAsync(CheckTransactionByMd5.Create(Md5), cancelled.Token);

        Assert.Equal(errorType, Telemetry.ErrorType(BakongError.From((LanguageExt.Common.Error)result)));
        var span = Assert.Single(spans.Of(root));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(errorType, span.Tag("error.type"));
        Assert.Null(span.Tag("http.response.status_code"));
        var duration = Assert.Single(Durations(durations, port));
        Assert.Equal(errorType, duration.Tags["error.type"]);
        Assert.False(duration.Tags.ContainsKey("http.response.status_code"));
    }

    [Fact]
    public async Task A_retry_is_counted_with_the_failure_it_follows_and_the_span_holds_the_retry_count()
    {
        using var spans = new SpanCapture();
        using var retries = new MetricCollector<long>(Telemetry.Retries);
        using var durations = new MetricCollector<double>(Telemetry.RequestDuration);
        using var root = SpanExtensions.Root();
        var time = Clock.New();
        var fake = new FakeBakong((_, _, n) => n < 3 ? new Canned(503, "down", "text/plain") : Canned.Json(Envelopes.Found())) { Clock = time };
        var client = Clients.For(fake, time, new RetryPolicy(3, BackoffSchedule.Fixed(TimeSpan.FromSeconds(1)), TimeSpan.FromMinutes(1)));

        var result = await time.RunUntilDone(client.SendAsync(CheckTransactionByMd5.Create(Md5)));

        Assert.True(result.IsSucc);
        var span = Assert.Single(spans.Of(root));
        Assert.Equal(2, span.Tag("bakong.retry.count"));
        Assert.Equal(200, span.Tag("http.response.status_code"));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        var counted = retries.GetMeasurementSnapshot().Where(m => (string?)m.Tags["bakong.endpoint"] == "check_transaction_by_md5").ToList();
        Assert.Equal(2, counted.Count);
        Assert.All(counted, m => Assert.Equal("ServerError", m.Tags["error.type"]));
        // The duration is the whole call on the client's clock: two one-second waits.
        var duration = Assert.Single(Durations(durations, 1));
        Assert.Equal(2.0, duration.Value);
    }

    [Fact]
    public async Task Over_a_real_socket_httpclients_span_is_a_child_of_the_bakong_span()
    {
        using var spans = new SpanCapture(BakongTelemetry.ActivitySourceName, "System.Net.Http");
        await using var server = await LoopbackServer.StartAsync(c => c.Response.WriteAsync(Envelopes.Found()));
        using var http = new HttpClient();
        var client = new BakongClient(http, new BakongClientOptions { BaseUrl = server.BaseUrl, Token = Envelopes.Access("t") });
        using var root = SpanExtensions.Root();

        Assert.True((await client.SendAsync(CheckTransactionByMd5.Create(Md5))).IsSucc);

        var mine = spans.Of(root);
        var bakong = Assert.Single(mine, s => s.Source.Name == BakongTelemetry.ActivitySourceName);
        var httpSpan = Assert.Single(mine, s => s.Source.Name == "System.Net.Http");
        Assert.Equal(bakong.SpanId, httpSpan.ParentSpanId);
        Assert.Equal(root.SpanId, bakong.ParentSpanId);
    }

    [Fact]
    public async Task With_nothing_listening_no_span_is_made_and_the_callers_activity_is_untouched()
    {
        using var root = SpanExtensions.Root();
        var result = await Client(Handler.Of(200, Envelopes.Found()), 40102).SendAsync(CheckTransactionByMd5.Create(Md5));
        Assert.True(result.IsSucc);
        Assert.Same(root, Activity.Current);
        Assert.False(Telemetry.Source.HasListeners());
    }
}
