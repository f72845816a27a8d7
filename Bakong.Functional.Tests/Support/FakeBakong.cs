using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Bakong.Functional.Tests.Support;

/// <summary>A canned answer: status, body, content type and an optional Retry-After.</summary>
public sealed record Canned(int Status, string Body, string ContentType = "application/json", RetryConditionHeaderValue? RetryAfter = null)
{
    public static Canned Json(string body, int status = 200) => new(status, body);
}

/// <summary>A request as the fake saw it, with the time it arrived by the fake's clock.</summary>
public sealed record Seen(string Path, string Body, string? Bearer, DateTimeOffset At);

/// <summary>An in-memory Bakong: answers each request with a function of its path and body, and records every request.</summary>
public sealed class FakeBakong : HttpMessageHandler
{
    private readonly Func<string, string, int, Task<Canned>> answer;
    private readonly ConcurrentQueue<Seen> requests = new();

    public FakeBakong(Func<string, string, int, Task<Canned>> answer) => this.answer = answer;

    public FakeBakong(Func<string, string, int, Canned> answer) : this((p, b, n) => Task.FromResult(answer(p, b, n))) { }

    /// <summary>The clock that stamps each request; set it to the client's fake clock to measure the gaps between requests.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public IReadOnlyList<Seen> Requests => requests.ToArray();

    public int Count(string path) => requests.Count(r => r.Path == path);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        requests.Enqueue(new Seen(path, body, request.Headers.Authorization?.Parameter, Clock.GetUtcNow()));
        var n = requests.Count(r => r.Path == path);
        var canned = await answer(path, body, n);
        var response = new HttpResponseMessage((HttpStatusCode)canned.Status)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(canned.Body)),
        };
        response.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(canned.ContentType);
        response.Headers.RetryAfter = canned.RetryAfter;
        return response;
    }
}

public static class Envelopes
{
    public const string Hash = "8f3c0e3a5c1b4d2e9f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e";

    public static string Found(string hash = Hash) =>
        $$$"""{"responseCode":0,"responseMessage":"ok","errorCode":null,"data":{"hash":"{{{hash}}}","fromAccountId":"a@b","toAccountId":"c@d","currency":"USD","amount":1.5}}""";

    public const string NotFound = """{"responseCode":1,"responseMessage":"Transaction could not be found.","errorCode":1,"data":null}""";

    public const string Failed = """{"responseCode":1,"responseMessage":"Transaction failed.","errorCode":3,"data":null}""";

    public const string Unauthorized = """{"responseCode":1,"responseMessage":"Unauthorized","errorCode":6,"data":null}""";

    public static string Token(string token) =>
        $$$"""{"responseCode":0,"responseMessage":"Token has been issued","errorCode":null,"data":{"token":"{{{token}}}"}}""";

    /// <summary>A list answer with one row per key: found for keys the predicate accepts, NOT_FOUND otherwise.</summary>
    public static string Rows(IEnumerable<string> keys, Func<string, bool> found, string field = "md5") =>
        "{\"responseCode\":0,\"responseMessage\":\"ok\",\"errorCode\":null,\"data\":[" +
        string.Join(",", keys.Select(k => found(k)
            ? $$$"""{"{{{field}}}":"{{{k}}}","status":"SUCCESS","message":"ok","data":{"hash":"{{{Hash}}}","fromAccountId":"a@b","toAccountId":"c@d","currency":"USD","amount":1.5}}"""
            : $$$"""{"{{{field}}}":"{{{k}}}","status":"NOT_FOUND","message":"Transaction could not be found."}""")) +
        "]}";

    /// <summary>A JWT (unsigned) with the given iat and exp; the signature is never checked.</summary>
    public static string Jwt(DateTimeOffset issued, DateTimeOffset expires, string salt = "x")
    {
        static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return $"{B64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}")}.{B64($"{{\"iat\":{issued.ToUnixTimeSeconds()},\"exp\":{expires.ToUnixTimeSeconds()},\"jti\":\"{salt}\"}}")}.c2ln";
    }

    public static AccessToken Access(string jwt) => (AccessToken)AccessToken.From(jwt);

    public static string Md5(int i) => i.ToString("x32", System.Globalization.CultureInfo.InvariantCulture);
}

public static class Clients
{
    public static BakongClient For(FakeBakong fake, TimeProvider? time = null, RetryPolicy? retry = null, IAccessTokenSource? tokens = null) =>
        new(new HttpMessageInvoker(fake), new BakongClientOptions
        {
            BaseUrl = new Uri("http://127.0.0.1:1"),
            Token = tokens is null ? Envelopes.Access("test-token") : Option<AccessToken>.None,
            TokenSource = tokens,
            TimeProvider = time ?? TimeProvider.System,
            Retry = retry ?? RetryPolicy.None,
            // Long enough that the per-call timer never fires while a test moves the fake clock.
            Timeout = TimeSpan.FromHours(20),
        });
}
