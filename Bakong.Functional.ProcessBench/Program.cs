using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Bakong.Functional;
using Bakong.Functional.Benchmarks;

// One client process of the process-level benchmark (see run.sh beside this file): N sequential
// check_transaction_by_md5 calls over one keep-alive connection, either through the library or through raw
// HttpClient + System.Text.Json. It prints the time from process start to the first answer, and exits non-zero if any
// answer was not the expected transaction.
// "listening" is the library with an ActivityListener and a MeterListener attached to its source and meter, as an
// OpenTelemetry app has them.
//   Bakong.Functional.ProcessBench library|listening|raw BASE_URL TOKEN MD5 COUNT
if (args.Length != 5 || !int.TryParse(args[4], NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) || count < 1)
{
    Console.Error.WriteLine("usage: Bakong.Functional.ProcessBench library|listening|raw BASE_URL TOKEN MD5 COUNT");
    return 2;
}
var (mode, baseUrl, token, md5) = (args[0], args[1], args[2], args[3]);
using var http = new HttpClient();
var firstAnswer = TimeSpan.Zero;
var wrong = 0;
if (mode == "library")
    (wrong, firstAnswer) = await Library.Run(http, baseUrl, token, md5, count);
else if (mode == "listening")
{
    using var listeners = Listeners.Attach();
    (wrong, firstAnswer) = await Library.Run(http, baseUrl, token, md5, count);
}
else if (mode == "raw")
    (wrong, firstAnswer) = await Raw.Run(http, baseUrl, token, md5, count);
else
    return 2;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"first_answer_ms={firstAnswer.TotalMilliseconds:0.0} wrong={wrong}"));
return wrong == 0 ? 0 : 1;

/// <summary>What an OpenTelemetry app attaches: every span of the library's source recorded, every measurement of its meter taken.</summary>
internal sealed class Listeners : IDisposable
{
    private readonly ActivityListener spans = new()
    {
        ShouldListenTo = s => s.Name == BakongTelemetry.ActivitySourceName,
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        ActivityStopped = a => Interlocked.Increment(ref Stopped),
    };
    private readonly System.Diagnostics.Metrics.MeterListener meters = new()
    {
        InstrumentPublished = (i, l) =>
        {
            if (i.Meter.Name == BakongTelemetry.MeterName)
                l.EnableMeasurementEvents(i);
        },
    };

    public static long Stopped;
    public static double Sum;

    public static Listeners Attach()
    {
        var l = new Listeners();
        ActivitySource.AddActivityListener(l.spans);
        l.meters.SetMeasurementEventCallback<double>((_, v, _, _) => Sum += v);
        l.meters.SetMeasurementEventCallback<long>((_, v, _, _) => Sum += v);
        l.meters.Start();
        return l;
    }

    public void Dispose()
    {
        spans.Dispose();
        meters.Dispose();
    }
}

internal static class Since
{
    internal static TimeSpan Start() => DateTime.Now - Process.GetCurrentProcess().StartTime;
}

internal static class Library
{
    internal static async Task<(int Wrong, TimeSpan First)> Run(HttpClient http, string baseUrl, string token, string md5, int count)
    {
        var client = new BakongClient(http, new BakongClientOptions
        {
            BaseUrl = new Uri(baseUrl),
            Token = AccessToken.From(token).ToOption(),
        });
        var wrong = 0;
        var first = TimeSpan.Zero;
        for (var i = 0; i < count; i++)
        {
            var result = await client.SendAsync(CheckTransactionByMd5.Create(md5));
            if (i == 0)
                first = Since.Start();
            if (!result.IsSucc || ((Transaction)result).Amount != 1.50m)
                wrong++;
        }
        return (wrong, first);
    }
}

internal static class Raw
{
    internal static async Task<(int Wrong, TimeSpan First)> Run(HttpClient http, string baseUrl, string token, string md5, int count)
    {
        var url = baseUrl.TrimEnd('/') + "/v1/check_transaction_by_md5";
        var body = JsonSerializer.SerializeToUtf8Bytes(new Md5RequestDto { Md5 = md5 }, BaselineJson.Default.Md5RequestDto);
        var wrong = 0;
        var first = TimeSpan.Zero;
        for (var i = 0; i < count; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request);
            await using var stream = await response.Content.ReadAsStreamAsync();
            var envelope = await JsonSerializer.DeserializeAsync(stream, BaselineJson.Default.EnvelopeDtoTransactionDto);
            if (i == 0)
                first = Since.Start();
            if (!response.IsSuccessStatusCode || envelope is not { ResponseCode: 0, Data.Amount: 1.50m })
                wrong++;
        }
        return (wrong, first);
    }
}
