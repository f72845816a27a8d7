using System.Net;
using System.Text;

namespace Bakong.Functional.Tests.Support;

/// <summary>A request as the handler saw it, with the body bytes exactly as sent.</summary>
public sealed record RecordedRequest(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);
    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;
}

/// <summary>Records every request and answers with <see cref="Respond"/>; nothing touches the network.</summary>
public sealed class RecordingHandler(Func<RecordedRequest, HttpResponseMessage> respond) : HttpMessageHandler
{
    private readonly List<RecordedRequest> requests = [];

    public RecordingHandler(int status, string body) : this(_ => Reply(status, body)) { }

    public Func<RecordedRequest, HttpResponseMessage> Respond { get; set; } = respond;

    public IReadOnlyList<RecordedRequest> Requests { get { lock (requests) return requests.ToList(); } }

    public static HttpResponseMessage Reply(int status, string body, string contentType = "application/json") =>
        new((HttpStatusCode)status) { Content = new StringContent(body, Encoding.UTF8, contentType) };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var recorded = new RecordedRequest(request.Method, request.RequestUri!, headers, body);
        lock (requests) requests.Add(recorded);
        return Respond(recorded);
    }

    public static BakongClient Client(RecordingHandler handler, string? token = "test-token-secret", Action<BakongClientOptions>? configure = null)
    {
        // One exchange per call: retries have tests of their own.
        var options = new BakongClientOptions { BaseUrl = new Uri("https://bakong.test"), Retry = RetryPolicy.None };
        if (token is not null)
            options.Token = AccessToken.From(token).Succ();
        configure?.Invoke(options);
        return new BakongClient(new HttpClient(handler), options);
    }
}
