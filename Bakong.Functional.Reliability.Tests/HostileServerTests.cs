using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Bakong.Functional.Reliability.Tests.Support;
using static Bakong.Functional.Reliability.Tests.Support.Results;

namespace Bakong.Functional.Reliability.Tests;

/// <summary>
/// Nothing a server sends can crash the client, hang it, or be misclassified: one table of hostile answers, each
/// with the exact <see cref="BakongError"/> case and fields expected. Every case runs with a canary token, which
/// must not appear in the outcome.
/// </summary>
public sealed class HostileServerTests(ITestOutputHelper output)
{
    public delegate Task<Fin<object>> Call(BakongClient client);

    public delegate void Check(Fin<object> result, Ctx ctx);

    public sealed record Case(string Name, Func<Ctx, Task<Fin<object>>> Run, Check Check);

    public sealed class Ctx : IAsyncDisposable
    {
        private readonly List<HttpClient> clients = [];
        public required RawServer Raw { get; init; }
        public required RawServer Other { get; init; }
        public required EmulatorServer Emu { get; init; }
        public required string EmuMd5 { get; init; }
        public required AccessToken EmuToken { get; init; }

        public BakongClient Client(Uri baseUrl, AccessToken token, TimeSpan? timeout = null, RetryPolicy? retry = null, bool redirects = true, long? maxBytes = null)
        {
            var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = redirects });
            clients.Add(http);
            return new BakongClient(http, new BakongClientOptions
            {
                BaseUrl = baseUrl,
                Token = token,
                Timeout = timeout ?? TimeSpan.FromSeconds(3),
                Retry = retry ?? RetryPolicy.None,
                MaxResponseBytes = maxBytes ?? BakongClientOptions.DefaultMaxResponseBytes,
            });
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var c in clients) c.Dispose();
            await Raw.DisposeAsync();
            await Other.DisposeAsync();
            await Emu.DisposeAsync();
        }
    }

    private const string Qr = "00020101021229180014rieu_dhqj_1984@devb5204599953038405405100.05802KH5914Rieu Dhqj 19846010Phnom Penh6304ABCD";

    public static readonly Call Md5Call = async c => (await c.SendAsync(CheckTransactionByMd5.Create(Md5))).Boxed();
    public static readonly Call DeeplinkCall = async c => (await c.SendAsync(GenerateDeeplink.Create(Qr))).Boxed();
    public static readonly Call BatchCall = async c => (await c.SendAsync(CheckTransactionsByMd5List.Create([Md5]))).Boxed();

    // ------------------------------------------------------------------ checks

    private static Check Decode(string path, string? expectedContains = null, int status = 200) => (r, _) =>
    {
        var e = Assert.IsType<BakongError.Decode>(r.Fail());
        Assert.Equal(path, e.Problem.Path);
        if (expectedContains is not null)
            Assert.Contains(expectedContains, e.Problem.Expected, StringComparison.Ordinal);
        Assert.Equal(status, e.Response.Status);
    };

    private static Check Is<E>(Action<E>? more = null) where E : BakongError => (r, _) =>
    {
        var e = Assert.IsType<E>(r.Fail());
        more?.Invoke(e);
    };

    private static Check Status<E>(int status) where E : BakongError => Is<E>(e => Assert.Equal(status, e.Received.Map(i => i.Status).IfNone(-1)));

    private static Check Api(ApiErrorCode code) => Is<BakongError.ApiFailure>(e => Assert.Equal(code, e.ErrorCode));

    private static Check Txn(Action<Transaction> more) => (r, _) => more(Assert.IsType<Transaction>(r.Succ()));

    private static Check TransportError => Is<BakongError.Transport>(e => Assert.False(string.IsNullOrWhiteSpace(e.Reason)));

    private static Check TimedOut(int ms) => Is<BakongError.Timeout>(e => Assert.Equal(TimeSpan.FromMilliseconds(ms), e.After));

    private static Check RetryAfter(double minSeconds, double maxSeconds) => Is<BakongError.RateLimited>(e =>
    {
        Assert.Equal(429, e.Response.Status);
        var after = e.RetryAfter.Match(d => d.TotalSeconds, () => -1);
        Assert.InRange(after, minSeconds, maxSeconds);
    });

    private static Check ServerRetryAfter(int status, double minSeconds, double maxSeconds) => Is<BakongError.ServerError>(e =>
    {
        Assert.Equal(status, e.Response.Status);
        var after = e.RetryAfter.Match(d => d.TotalSeconds, () => -1);
        Assert.InRange(after, minSeconds, maxSeconds);
        Assert.Equal(e.RetryAfter, e.RequestedWait);
    });

    private static Check RawAttempts(int n) => (_, ctx) => Assert.Equal(n, ctx.Raw.Heads.Count);

    private static readonly Check Redirected = Is<BakongError.Transport>(e => Assert.StartsWith("redirected away from the configured host to http://127.0.0.1:", e.Reason, StringComparison.Ordinal));

    private static Check Both(Check a, Check b) => (r, c) => { a(r, c); b(r, c); };

    // ------------------------------------------------------------------ case builders

    private static Case Raw(string name, byte[] answer, Check check, Call? call = null, int? timeoutMs = null, long? maxBytes = null) =>
        RawWith(name, x => x.Write(answer), check, call, timeoutMs, maxBytes);

    private static Case RawWith(string name, Func<RawExchange, Task> behaviour, Check check, Call? call = null, int? timeoutMs = null, long? maxBytes = null, bool redirects = true) =>
        new(name, async ctx =>
        {
            ctx.Raw.Behaviour = behaviour;
            var client = ctx.Client(ctx.Raw.BaseUrl, CanaryToken, timeoutMs is { } t ? TimeSpan.FromMilliseconds(t) : null, redirects: redirects, maxBytes: maxBytes);
            return await (call ?? Md5Call)(client);
        }, check);

    private static Case Json(string name, string body, Check check, Call? call = null) => Raw(name, RawServer.Http(200, body), check, call);

    /// <summary>The raw server answers each attempt with the next answer (the last repeats), under <paramref name="retry"/>.</summary>
    private static Case RawSequence(string name, byte[][] answers, Check check, RetryPolicy retry) =>
        new(name, async ctx =>
        {
            var served = 0;
            ctx.Raw.Heads.Clear();
            ctx.Raw.Behaviour = x => x.Write(answers[Math.Min(Interlocked.Increment(ref served), answers.Length) - 1]);
            return await Md5Call(ctx.Client(ctx.Raw.BaseUrl, CanaryToken, retry: retry));
        }, check);

    private static Case Emu(string name, Fault fault, Check check, int? timeoutMs = null, RetryPolicy? retry = null, int times = 1, Call? call = null, string path = CheckTransactionByMd5.Path) =>
        new(name, async ctx =>
        {
            var emulator = ctx.Emu.Emulator;
            emulator.ClearFaults();
            emulator.ClearRequests();
            emulator.Inject(path, fault, times);
            var client = ctx.Client(ctx.Emu.BaseUrl, ctx.EmuToken, timeoutMs is { } t ? TimeSpan.FromMilliseconds(t) : null, retry);
            var c = call ?? (async cl => (await cl.SendAsync(CheckTransactionByMd5.Create(ctx.EmuMd5))).Boxed());
            return await c(client);
        }, check);

    private static Check Attempts(int n, string path = CheckTransactionByMd5.Path) => (_, ctx) =>
        Assert.Equal(n, ctx.Emu.Emulator.Requests.Count(r => r.Path == path));

    private static string Chunked(string head) =>
        $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n{head}\r\n";

    public static IEnumerable<Case> Cases()
    {
        var ok = Bodies.Success(Bodies.Transaction);

        // HTML pages and statuses.
        yield return Raw("HTML 403 geo-block page", RawServer.Http(403, Bodies.Html403, "text/html"),
            Is<BakongError.Blocked>(e => { Assert.Equal(403, e.Response.Status); Assert.Contains("Access denied", e.Response.Body, StringComparison.Ordinal); }));
        yield return Raw("HTML 403 on the batch endpoint", RawServer.Http(403, Bodies.Html403, "text/html"), Status<BakongError.Blocked>(403), BatchCall);
        yield return Raw("403 with an empty body", RawServer.Http(403, ""), Status<BakongError.Blocked>(403));
        yield return Raw("403 with the JSON envelope", RawServer.Http(403, Bodies.Failure("6", "Unauthorized")),
            Is<BakongError.Forbidden>(e => { Assert.Equal(Prelude.Some(6), e.ErrorCode); Assert.Equal("Unauthorized", e.ResponseMessage); }));
        yield return Raw("HTML 502 page", RawServer.Http(502, Bodies.Html502, "text/html"),
            Is<BakongError.ServerError>(e => { Assert.Equal(502, e.Response.Status); Assert.Contains("Bad Gateway", e.Response.Body, StringComparison.Ordinal); }));
        yield return Raw("500 with the JSON envelope", RawServer.Http(500, Bodies.Failure("9")), Status<BakongError.ServerError>(500));
        yield return Raw("503 with no body", RawServer.Http(503, "", null), Status<BakongError.ServerError>(503));
        yield return Raw("401 with errorCode 6", RawServer.Http(401, Bodies.Failure("6", "Unauthorized")), Status<BakongError.Unauthorized>(401));
        yield return Raw("404 HTML page", RawServer.Http(404, "<html>Not Found</html>", "text/html"), Status<BakongError.EndpointNotFound>(404));
        yield return Raw("400 with errorCode 5", RawServer.Http(400, Bodies.Failure("5")), Status<BakongError.ClientError>(400));
        yield return Raw("418 teapot", RawServer.Http(418, "short and stout", "text/plain"), Status<BakongError.ClientError>(418));
        yield return Raw("304 not modified", RawServer.Http(304, "", null), Status<BakongError.UnexpectedStatus>(304));
        yield return Raw("204 no content", RawServer.Http(204, "", null), Decode("", "empty", 204));
        yield return Raw("201 with a valid body is success", RawServer.Http(201, ok), Txn(t => Assert.Equal(1.0m, t.Amount)));

        // Empty and null bodies.
        yield return Json("empty 200 body", "", Decode("", "the body is empty"));
        yield return Json("whitespace-only 200 body", " \r\n\t ", Decode("", "the body is empty"));
        yield return Json("body null", "null", Decode("", "an object, but found null"));
        yield return Json("BOM alone", "\uFEFF", Decode("", "the body is empty"));

        // Truncated JSON at many points.
        foreach (var cut in new[] { 1, 2, 10, 17, 30, 60, ok.Length / 4, ok.Length / 3, ok.Length / 2, 2 * ok.Length / 3, ok.Length - 40, ok.Length - 2, ok.Length - 1 })
            yield return Json($"JSON truncated at byte {cut} of {ok.Length}", ok[..cut], Decode("", "valid JSON"));

        // Wrong types in the envelope.
        yield return Json("responseCode as a string", ok.Replace("\"responseCode\":0", "\"responseCode\":\"0\"", StringComparison.Ordinal), Decode(".responseCode", "an integer or null"));
        yield return Json("responseCode as a boolean", ok.Replace("\"responseCode\":0", "\"responseCode\":true", StringComparison.Ordinal), Decode(".responseCode"));
        yield return Json("responseCode as a fraction", ok.Replace("\"responseCode\":0", "\"responseCode\":0.5", StringComparison.Ordinal), Decode(".responseCode"));
        yield return Json("responseCode 1e400", ok.Replace("\"responseCode\":0", "\"responseCode\":1e400", StringComparison.Ordinal), Decode(".responseCode"));
        yield return Json("errorCode as a string", ok.Replace("\"errorCode\":null", "\"errorCode\":\"1\"", StringComparison.Ordinal), Decode(".errorCode"));
        yield return Json("errorCode beyond int", Bodies.Failure("99999999999"), Decode(".errorCode"));
        yield return Json("responseMessage as a number", ok.Replace("\"responseMessage\":\"Getting transaction successfully.\"", "\"responseMessage\":5", StringComparison.Ordinal), Decode(".responseMessage", "a string or null"));
        yield return Json("responseMessage as an object", ok.Replace("\"responseMessage\":\"Getting transaction successfully.\"", "\"responseMessage\":{}", StringComparison.Ordinal), Decode(".responseMessage"));
        yield return Json("data as a string", Bodies.Success("\"x\""), Decode(".data", "an object, but found a string"));
        yield return Json("data as a number", Bodies.Success("42"), Decode(".data", "an object, but found a number"));
        yield return Json("data as a boolean", Bodies.Success("true"), Decode(".data", "an object, but found a boolean"));
        yield return Json("array where the transaction object is expected", Bodies.Success("[" + Bodies.Transaction + "]"), Decode(".data", "an object, but found an array"));
        yield return Json("array at the root", "[" + ok + "]", Decode("", "an object, but found an array"));
        yield return Json("string at the root", "\"ok\"", Decode("", "an object, but found a string"));

        // Wrong types in the transaction.
        foreach (var (field, json) in new[]
        {
            ("hash", "1"), ("fromAccountId", "1"), ("toAccountId", "true"), ("currency", "1"), ("amount", "true"), ("amount", "{}"),
            ("description", "5"), ("createdDateMs", "\"yesterday\""), ("acknowledgedDateMs", "true"), ("trackingStatus", "1"),
            ("receiverBank", "[]"), ("receiverBankAccount", "{}"), ("instructionRef", "1"), ("externalRef", "false"),
        })
            yield return Json($"transaction {field} as {json}", Bodies.Success(Bodies.TransactionWith(field, json)), Decode($".data.{field}"));
        foreach (var field in new[] { "hash", "fromAccountId", "toAccountId", "currency", "amount" })
            yield return Json($"transaction without {field}", Bodies.Success(Bodies.TransactionWithout(field)), Decode($".data.{field}", "the field is missing"));

        // BOM, duplicate keys and other JSON oddities.
        yield return Json("UTF-8 BOM before valid JSON", "\uFEFF" + ok, Txn(t => Assert.Equal((1.0m, Currency.USD), (t.Amount, t.Currency))));
        // A repeated key the decoder reads is ambiguous (issue 11, invariant 2): refused, never "the last wins".
        yield return Json("duplicate responseCode is refused", ok.Replace("\"data\":", "\"responseCode\":1,\"errorCode\":1,\"data\":", StringComparison.Ordinal), Decode(".responseCode", "more than once"));
        yield return Json("duplicate amount is refused", Bodies.Success(Bodies.Transaction.Replace("\"amount\":1.0", "\"amount\":1.0,\"amount\":2.5", StringComparison.Ordinal)), Decode(".data.amount", "more than once"));
        yield return Json("duplicate data is refused", ok[..^1] + ",\"data\":null}", Decode(".data", "more than once"));
        yield return Json("trailing garbage", ok + "xyz", Decode(""));
        yield return Json("two documents", ok + ok, Decode(""));
        yield return Json("comments", "/* hi */" + ok, Decode("", "valid JSON"));
        yield return Json("single quotes", ok.Replace('"', '\''), Decode("", "valid JSON"));
        yield return Json("nesting 10,000 deep", Bodies.Success(new string('[', 10000) + new string(']', 10000)), Decode(""));
        yield return Raw("invalid UTF-8 in a string", RawServer.Http(200, [.. Encoding.UTF8.GetBytes(Bodies.Success(Bodies.TransactionWith("description", "\"a"))), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("\"" + Bodies.Transaction[(Bodies.Transaction.IndexOf(",\"createdDateMs", StringComparison.Ordinal))..] + "}")]), Decode(""));
        yield return Json("unknown fields are ignored", Bodies.Success(Bodies.Transaction[..^1] + ",\"surprise\":{\"a\":[1,2,{}]}}"), Txn(t => Assert.Equal(Hash, t.Hash)));

        // Numbers and currencies.
        yield return Json("amount 1e400", Bodies.Success(Bodies.TransactionWith("amount", "1e400")), Decode(".data.amount", "holds exactly"));
        yield return Json("amount with 30 digits", Bodies.Success(Bodies.TransactionWith("amount", "123456789012345678901234567890")), Decode(".data.amount", "holds exactly"));
        yield return Json("amount with 30 digits as a string", Bodies.Success(Bodies.TransactionWith("amount", "\"123456789012345678901234567890\"")), Decode(".data.amount", "holds exactly"));
        yield return Json("amount with 28 decimals is exact", Bodies.Success(Bodies.TransactionWith("amount", "0.1234567890123456789012345678")), Txn(t => Assert.Equal(0.1234567890123456789012345678m, t.Amount)));
        yield return Json("negative amount", Bodies.Success(Bodies.TransactionWith("amount", "-1.5")), Decode(".data.amount", "a non-negative amount"));
        yield return Json("negative amount as a string", Bodies.Success(Bodies.TransactionWith("amount", "\"-1\"")), Decode(".data.amount", "a non-negative amount"));
        yield return Json("amount NaN as a string", Bodies.Success(Bodies.TransactionWith("amount", "\"NaN\"")), Decode(".data.amount"));
        yield return Json("amount as a numeric string", Bodies.Success(Bodies.TransactionWith("amount", "\"100.50\"")), Txn(t => Assert.Equal(100.50m, t.Amount)));
        yield return Json("createdDateMs 1e400", Bodies.Success(Bodies.TransactionWith("createdDateMs", "1e400")), Decode(".data.createdDateMs"));
        yield return Json("createdDateMs beyond year 9999", Bodies.Success(Bodies.TransactionWith("createdDateMs", "-1e20")), Decode(".data.createdDateMs", "within the range of a date"));
        yield return Json("unknown currency EUR", Bodies.Success(Bodies.TransactionWith("currency", "\"EUR\"")), Decode(".data.currency", "USD or KHR"));
        yield return Json("lower-case currency", Bodies.Success(Bodies.TransactionWith("currency", "\"usd\"")), Decode(".data.currency", "USD or KHR"));
        yield return Json("null currency", Bodies.Success(Bodies.TransactionWith("currency", "null")), Decode(".data.currency", "USD or KHR"));

        // Inconsistent envelopes.
        yield return Json("unknown errorCode 99", Bodies.Failure("99", "new failure"),
            Is<BakongError.UnknownApiFailure>(e => { Assert.Equal(Prelude.Some(99), e.ErrorCode); Assert.Equal("new failure", e.ResponseMessage); }));
        yield return Json("negative errorCode", Bodies.Failure("-1"), Is<BakongError.UnknownApiFailure>(e => Assert.Equal(Prelude.Some(-1), e.ErrorCode)));
        yield return Json("responseCode 0 with null data", """{"responseCode":0,"responseMessage":"ok","errorCode":null,"data":null}""", Decode(".data", "found null or nothing"));
        yield return Json("responseCode 0 without data", """{"responseCode":0,"responseMessage":"ok","errorCode":null}""", Decode(".data", "found null or nothing"));
        yield return Json("responseCode 1 with null errorCode", Bodies.Failure("null", "something"),
            Is<BakongError.UnknownApiFailure>(e => { Assert.True(e.ErrorCode.IsNone); Assert.Equal("something", e.ResponseMessage); }));
        yield return Json("responseCode 1 without errorCode", """{"responseCode":1,"responseMessage":"x"}""", Is<BakongError.UnknownApiFailure>(e => Assert.True(e.ErrorCode.IsNone)));
        yield return Json("responseCode 2", ok.Replace("\"responseCode\":0", "\"responseCode\":2", StringComparison.Ordinal), Decode(".responseCode", "0 or 1"));
        yield return Json("responseCode missing", ok.Replace("\"responseCode\":0,", "", StringComparison.Ordinal), Decode(".responseCode", "missing or null"));
        yield return Json("responseCode 1 with valid data: failure wins", ok.Replace("\"responseCode\":0", "\"responseCode\":1", StringComparison.Ordinal).Replace("\"errorCode\":null", "\"errorCode\":1", StringComparison.Ordinal), Api(ApiErrorCode.TransactionNotFound));
        yield return Json("errorCode 9 on HTTP 200", Bodies.Failure("9"), Api(ApiErrorCode.CannotConnectToServer));
        yield return Json("errorCode 6 on HTTP 200", Bodies.Failure("6"), Api(ApiErrorCode.Unauthorized));
        yield return Json("deeplink envelope nested inside data", """{"data":{"shortLink":"https://bakong.page.link/abc","responseCode":0,"responseMessage":"Getting deeplink successfully","errorCode":null}}""",
            (r, _) => Assert.Equal(new Uri("https://bakong.page.link/abc"), Assert.IsType<Uri>(r.Succ())), DeeplinkCall);
        yield return Json("deeplink failure nested inside data", """{"data":{"shortLink":null,"responseCode":1,"responseMessage":"provider down","errorCode":4}}""",
            Both(Api(ApiErrorCode.DeeplinkProviderError), Is<BakongError.ApiFailure>(e => Assert.Equal("provider down", e.ResponseMessage))), DeeplinkCall);
        yield return Json("deeplink with a javascript: link", Bodies.Success("""{"shortLink":"javascript:alert(1)"}"""), Decode(".data.shortLink", "an absolute https URL"), DeeplinkCall);
        yield return Json("deeplink with a relative link", Bodies.Success("""{"shortLink":"/abc"}"""), Decode(".data.shortLink"), DeeplinkCall);
        yield return Json("deeplink envelope where a transaction is expected", """{"responseCode":0,"data":{"shortLink":"https://bakong.page.link/abc","responseCode":0,"errorCode":null}}""", Decode(".data.hash", "missing"));
        yield return Json("batch data as an object", Bodies.Success(Bodies.Transaction), Decode(".data", "an array, but found an object"), BatchCall);
        yield return Json("batch row SUCCESS without a transaction", Bodies.Success($$"""[{"md5":"{{Md5}}","status":"SUCCESS","message":"ok"}]"""), Decode(".data[0]", "a transaction for status SUCCESS"), BatchCall);
        yield return Json("batch row status as a number", Bodies.Success($$"""[{"md5":"{{Md5}}","status":1}]"""), Decode(".data[0].status"), BatchCall);
        yield return Json("batch row with a negative amount", Bodies.Success($$"""[{"md5":"{{Md5}}","status":"SUCCESS","data":{{Bodies.TransactionWith("amount", "-3")}}}]"""), Decode(".data[0].data.amount", "non-negative"), BatchCall);

        // Content types.
        yield return Raw("valid JSON labelled text/html", RawServer.Http(200, ok, "text/html"), Txn(t => Assert.Equal(Hash, t.Hash)));
        yield return Raw("valid JSON with no content type", RawServer.Http(200, ok, null), Txn(t => Assert.Equal(Hash, t.Hash)));
        yield return Raw("HTML page with HTTP 200", RawServer.Http(200, Bodies.Html502, "text/html"), Decode("", "valid JSON"));
        // A proxy's gzip is decoded, never parsed as JSON (issue 11, invariant 9).
        yield return new Case("gzip body although identity was asked for is decoded", async ctx =>
        {
            ctx.Raw.Heads.Clear();
            ctx.Raw.Behaviour = x => x.Write(RawServer.Http(200, Gzip(ok), "application/json", "Content-Encoding: gzip"));
            return await Md5Call(ctx.Client(ctx.Raw.BaseUrl, CanaryToken));
        }, Both(Txn(t => Assert.Equal(Hash, t.Hash)), (_, ctx) => Assert.Contains("Accept-Encoding: identity\r\n", Assert.Single(ctx.Raw.Heads), StringComparison.OrdinalIgnoreCase)));
        yield return Raw("binary garbage as octet-stream", RawServer.Http(200, [0x00, 0xFF, 0x10, 0x80, 0x7B], "application/octet-stream"), Decode("", "valid JSON"));

        // Oversized bodies.
        yield return RawWith("50 MB body with Content-Length", x => WriteLarge(x, chunked: false),
            Is<BakongError.ResponseTooLarge>(e => { Assert.Equal(BakongClientOptions.DefaultMaxResponseBytes, e.LimitBytes); Assert.Equal(200, e.Response.Status); }));
        yield return RawWith("50 MB chunked body without a length", x => WriteLarge(x, chunked: true),
            Is<BakongError.ResponseTooLarge>(e => { Assert.Equal(BakongClientOptions.DefaultMaxResponseBytes, e.LimitBytes); Assert.InRange(e.Response.Body.Length, 1, ResponseInfo.MaxBodyChars); }));
        yield return Raw("a normal body over a 100-byte limit", RawServer.Http(200, ok), Is<BakongError.ResponseTooLarge>(e => Assert.Equal(100, e.LimitBytes)), maxBytes: 100);

        // Broken HTTP.
        yield return RawWith("connection closed before any byte", _ => Task.CompletedTask, TransportError);
        yield return RawWith("connection reset after the request", x => { x.Reset(); return Task.CompletedTask; }, TransportError);
        yield return RawWith("connection reset after the headers", async x => { await x.Write("HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n{\"resp"); x.Reset(); }, TransportError);
        yield return Raw("not HTTP at all", Encoding.ASCII.GetBytes("HELLO WORLD\r\n\r\n"), TransportError);
        yield return Raw("a status line without a number", Encoding.ASCII.GetBytes("HTTP/1.1 abc OK\r\nContent-Length: 0\r\n\r\n"), TransportError);
        yield return RawWith("Content-Length longer than the body", async x => await x.Write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n" + ok[..50]), TransportError);
        yield return RawWith("chunked body cut mid-way", async x => await x.Write(Chunked("") + "100\r\n" + ok[..60]), TransportError);
        yield return RawWith("chunked body cut after a whole chunk", async x => await x.Write(Chunked("") + $"{ok.Length / 2:x}\r\n{ok[..(ok.Length / 2)]}\r\n"), TransportError);
        yield return Raw("an invalid chunk size", Encoding.ASCII.GetBytes(Chunked("") + "zz\r\nabc\r\n0\r\n\r\n"), TransportError);
        yield return Raw("a 100 KB header", Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nX-Big: " + new string('a', 100_000) + "\r\nContent-Length: 2\r\n\r\n{}"), TransportError);
        yield return RawWith("accept and never answer", x => x.WaitForClientClose(), TimedOut(300), timeoutMs: 300);
        yield return RawWith("headers, then a body that never comes", async x => { await x.Write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n"); await x.WaitForClientClose(); }, TimedOut(300), timeoutMs: 300);
        yield return RawWith("slow drip past the timeout", async x =>
        {
            var bytes = RawServer.Http(200, ok);
            foreach (var b in bytes) { await x.Write([b]); await Task.Delay(20, x.Stopping); }
        }, TimedOut(400), timeoutMs: 400);

        // Retry-After (retries off: one exchange).
        yield return Raw("429 with Retry-After seconds", RawServer.Http(429, "", null, "Retry-After: 120"), RetryAfter(120, 120));
        yield return Raw("429 with Retry-After as an HTTP date", RawServer.Http(429, "", null, "Retry-After: " + DateTimeOffset.UtcNow.AddSeconds(90).ToString("r", CultureInfo.InvariantCulture)), RetryAfter(60, 90.01));
        yield return Raw("429 with Retry-After in the past", RawServer.Http(429, "", null, "Retry-After: " + DateTimeOffset.UtcNow.AddHours(-1).ToString("r", CultureInfo.InvariantCulture)), RetryAfter(0, 0));
        yield return Raw("429 without Retry-After", RawServer.Http(429, Bodies.Failure("5")), Is<BakongError.RateLimited>(e => Assert.True(e.RetryAfter.IsNone)));
        yield return Raw("429 with a garbage Retry-After", RawServer.Http(429, "", null, "Retry-After: soon"), Is<BakongError.RateLimited>(e => Assert.True(e.RetryAfter.IsNone)));

        // Retry-After on a 5xx (retries off: one exchange).
        yield return Raw("503 with Retry-After seconds", RawServer.Http(503, "", null, "Retry-After: 120"), ServerRetryAfter(503, 120, 120));
        yield return Raw("502 with Retry-After as an HTTP date", RawServer.Http(502, Bodies.Html502, "text/html", "Retry-After: " + DateTimeOffset.UtcNow.AddSeconds(90).ToString("r", CultureInfo.InvariantCulture)), ServerRetryAfter(502, 60, 90.01));
        yield return Raw("500 without Retry-After", RawServer.Http(500, Bodies.Failure("9")), Is<BakongError.ServerError>(e => { Assert.True(e.RetryAfter.IsNone); Assert.True(e.RequestedWait.IsNone); }));
        yield return Raw("503 with a garbage Retry-After", RawServer.Http(503, "", null, "Retry-After: later"), Is<BakongError.ServerError>(e => Assert.True(e.RetryAfter.IsNone)));

        // Retry-After on a 5xx with retries on: honoured up to the policy's limit.
        yield return RawSequence("retries honour a 503's Retry-After of 1 s", [RawServer.Http(503, "", null, "Retry-After: 1"), RawServer.Http(200, ok)],
            Both(Txn(t => Assert.Equal(Hash, t.Hash)), RawAttempts(2)), RetryPolicy.Default);
        yield return RawSequence("a 503's Retry-After beyond the policy is not waited for", [RawServer.Http(503, "", null, "Retry-After: 120"), RawServer.Http(200, ok)],
            Both(ServerRetryAfter(503, 120, 120), RawAttempts(1)), RetryPolicy.Default);

        // Redirects: the token must not follow.
        yield return new Case("307 redirect to another host", async ctx =>
        {
            ctx.Other.Behaviour = x => x.Write(RawServer.Http(401, Bodies.Failure("6")));
            ctx.Raw.Behaviour = x => x.Write(RawServer.Http(307, "", null, $"Location: {ctx.Other.BaseUrl}v1/check_transaction_by_md5"));
            return await Md5Call(ctx.Client(ctx.Raw.BaseUrl, CanaryToken));
        }, Both(Redirected, (_, ctx) => AssertNoAuthorization(ctx.Other)));
        yield return new Case("302 redirect to another host", async ctx =>
        {
            ctx.Other.Behaviour = x => x.Write(RawServer.Http(200, ok));
            ctx.Raw.Behaviour = x => x.Write(RawServer.Http(302, "", null, $"Location: {ctx.Other.BaseUrl}elsewhere"));
            return await Md5Call(ctx.Client(ctx.Raw.BaseUrl, CanaryToken));
        }, Both(Redirected, (_, ctx) => AssertNoAuthorization(ctx.Other)));
        yield return RawWith("302 with redirects off", x => x.Write(RawServer.Http(302, "", null, "Location: http://127.0.0.1:9/")), Status<BakongError.UnexpectedStatus>(302), redirects: false);

        // Kept bodies that echo the token are redacted.
        yield return Raw("500 body echoing the token", RawServer.Http(500, "bad token " + Canary), Is<BakongError.ServerError>(e => Assert.Contains("[redacted]", e.Response.Body, StringComparison.Ordinal)));
        yield return Json("failure message echoing the token", Bodies.Failure("6", "token " + Canary + " expired"), Is<BakongError.ApiFailure>(e => Assert.Contains("[redacted]", e.ResponseMessage, StringComparison.Ordinal)));
        yield return Json("malformed body echoing the token", "{\"token\":\"" + Canary + "\"", Is<BakongError.Decode>(e => Assert.Contains("[redacted]", e.Response.Body, StringComparison.Ordinal)));

        // The emulator's fault injection over Kestrel (retries off).
        yield return Emu("emulator GeoBlocked", new Fault.GeoBlocked(), Status<BakongError.Blocked>(403));
        yield return Emu("emulator ServerError 502", new Fault.ServerError(502), Status<BakongError.ServerError>(502));
        yield return Emu("emulator ServerError 503", new Fault.ServerError(503), Status<BakongError.ServerError>(503));
        yield return Emu("emulator RateLimited 30 s", new Fault.RateLimited(TimeSpan.FromSeconds(30)), RetryAfter(30, 30));
        yield return Emu("emulator RateLimited as HTTP date", new Fault.RateLimited(TimeSpan.FromSeconds(45), AsHttpDate: true), RetryAfter(40, 45.01));
        yield return Emu("emulator ConnectionReset", new Fault.ConnectionReset(), TransportError);
        yield return Emu("emulator TruncatedBody", new Fault.TruncatedBody(), TransportError);
        yield return Emu("emulator NeverAnswer", new Fault.NeverAnswer(), TimedOut(300), timeoutMs: 300);
        yield return Emu("emulator SlowDrip past the timeout", new Fault.SlowDrip(TimeSpan.FromMilliseconds(100), 8), TimedOut(400), timeoutMs: 400);
        yield return Emu("emulator Latency past the timeout", new Fault.Latency(TimeSpan.FromSeconds(3)), TimedOut(300), timeoutMs: 300);
        yield return Emu("emulator Latency within the timeout", new Fault.Latency(TimeSpan.FromMilliseconds(50)), Txn(t => Assert.Equal(1.5m, t.Amount)));
        yield return new Case("emulator refuses an unknown token", async ctx =>
        {
            ctx.Emu.Emulator.ClearFaults();
            return await Md5Call(ctx.Client(ctx.Emu.BaseUrl, CanaryToken));
        }, Status<BakongError.Unauthorized>(401));

        // Retries on: transient faults are survived, others are not retried.
        var retry = RetryPolicy.Default;
        yield return Emu("retries survive two 502s", new Fault.ServerError(502), Both(Txn(t => Assert.Equal(1.5m, t.Amount)), Attempts(3)), retry: retry, times: 2);
        yield return Emu("retries survive a connection reset", new Fault.ConnectionReset(), Both(Txn(t => Assert.Equal(1.5m, t.Amount)), Attempts(2)), retry: retry);
        yield return Emu("retries survive a truncated body", new Fault.TruncatedBody(), Both(Txn(t => Assert.Equal(1.5m, t.Amount)), Attempts(2)), retry: retry);
        yield return Emu("retries survive a 429 with Retry-After 1 s", new Fault.RateLimited(TimeSpan.FromSeconds(1)), Both(Txn(t => Assert.Equal(1.5m, t.Amount)), Attempts(2)), retry: retry);
        yield return Emu("retries survive a timeout", new Fault.NeverAnswer(), Both(Txn(t => Assert.Equal(1.5m, t.Amount)), Attempts(2)), timeoutMs: 300, retry: retry);
        yield return Emu("retries give up after three 503s", new Fault.ServerError(503), Both(Status<BakongError.ServerError>(503), Attempts(3)), retry: retry, times: 5);
        yield return Emu("a geo-block is not retried", new Fault.GeoBlocked(), Both(Status<BakongError.Blocked>(403), Attempts(1)), retry: retry, times: 5);
        yield return Emu("a Retry-After beyond the policy is not waited for", new Fault.RateLimited(TimeSpan.FromSeconds(120)), Both(RetryAfter(120, 120), Attempts(1)), retry: retry, times: 5);
        yield return Emu("deeplink (not read-only) is not retried", new Fault.ServerError(502), Both(Status<BakongError.ServerError>(502), Attempts(1, GenerateDeeplink.Path)),
            retry: retry, times: 5, call: DeeplinkCall, path: GenerateDeeplink.Path);
    }

    private static void AssertNoAuthorization(RawServer server)
    {
        Assert.NotEmpty(server.Heads);
        foreach (var head in server.Heads)
        {
            Assert.DoesNotContain("Authorization", head, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(Canary, head, StringComparison.Ordinal);
        }
        server.Heads.Clear();
    }

    private static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Fastest))
            gzip.Write(Encoding.UTF8.GetBytes(text));
        return buffer.ToArray();
    }

    private static async Task WriteLarge(RawExchange x, bool chunked)
    {
        const long total = 50L * 1024 * 1024;
        var chunk = new byte[64 * 1024];
        chunk.AsSpan().Fill((byte)'a');
        Encoding.ASCII.GetBytes("{\"responseCode\":0,\"data\":\"").CopyTo(chunk, 0);
        var head = chunked
            ? Chunked("")
            : $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {total}\r\n\r\n";
        await x.Write(head);
        var chunkHead = Encoding.ASCII.GetBytes($"{chunk.Length:x}\r\n");
        var crlf = "\r\n"u8.ToArray();
        for (long sent = 0; sent < total; sent += chunk.Length)
        {
            if (chunked) await x.Stream.WriteAsync(chunkHead, x.Stopping);
            await x.Stream.WriteAsync(chunk, x.Stopping);
            if (chunked) await x.Stream.WriteAsync(crlf, x.Stopping);
        }
        if (chunked) await x.Write("0\r\n\r\n");
    }

    private static void AssertNoSecret(Fin<object> result, string secret)
    {
        if (result.IsSucc)
        {
            Assert.DoesNotContain(secret, result.Succ().ToString() ?? "", StringComparison.Ordinal);
            return;
        }
        var e = result.Fail();
        Assert.DoesNotContain(secret, e.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, e.Summary, StringComparison.Ordinal);
        e.Received.IfSome(info => Assert.DoesNotContain(secret, info.ToString(), StringComparison.Ordinal));
        if (e is BakongError.Transport t) Assert.DoesNotContain(secret, t.Reason, StringComparison.Ordinal);
        if (e is BakongError.ApiFailure a) Assert.DoesNotContain(secret, a.ResponseMessage, StringComparison.Ordinal);
        if (e is BakongError.UnknownApiFailure u) Assert.DoesNotContain(secret, u.ResponseMessage, StringComparison.Ordinal);
        if (e is BakongError.Forbidden f) Assert.DoesNotContain(secret, f.ResponseMessage, StringComparison.Ordinal);
    }

    public static async Task<Ctx> StartAsync()
    {
        var emulator = new BakongEmulator();
        var md5 = emulator.AddPayment(Qr, 1.5m, Currency.USD).Md5;
        var token = emulator.IssueToken();
        return new Ctx
        {
            Raw = RawServer.Start(x => x.Write(RawServer.Http(200, Bodies.Success(Bodies.Transaction)))),
            Other = RawServer.Start(x => x.Write(RawServer.Http(404, ""))),
            Emu = await emulator.StartServerAsync(),
            EmuMd5 = md5,
            EmuToken = token,
        };
    }

    [Fact]
    public async Task Every_hostile_answer_is_classified_exactly_and_nothing_throws_or_hangs()
    {
        await using var ctx = await StartAsync();
        var cases = Cases().ToList();
        Assert.Equal(cases.Count, cases.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count());
        var failures = new List<string>();
        var survived = 0;
        var faults = 0;
        var watch = Stopwatch.StartNew();
        foreach (var c in cases)
        {
            var started = watch.Elapsed;
            try
            {
                var run = c.Run(ctx);
                // A hang is a failure too: no case may take more than 15 s.
                if (await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(15))) != run)
                    throw new TimeoutException("the client hung");
                var result = await run;
                c.Check(result, ctx);
                AssertNoSecret(result, Canary);
                AssertNoSecret(result, ctx.EmuToken.Reveal());
                survived++;
                if (result.IsFail) faults++;
            }
#pragma warning disable CA1031 // Every failure is collected, so one run reports all of them.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failures.Add($"{c.Name}: {ex.GetType().Name}: {ex.Message}");
            }
            output.WriteLine($"{(watch.Elapsed - started).TotalMilliseconds,7:0} ms  {c.Name}");
        }
        // The emulator's log holds no token, whatever happened.
        foreach (var entry in ctx.Emu.Emulator.Requests)
        {
            Assert.DoesNotContain(Canary, entry.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(ctx.EmuToken.Reveal(), entry.ToString() + entry.Body + entry.Authorization, StringComparison.Ordinal);
        }
        Figures.Record(output, "hostile.cases", $"{cases.Count}");
        Figures.Record(output, "hostile.passed", $"{survived}");
        Figures.Record(output, "hostile.faults_classified", $"{faults} (answers that were a typed BakongError; the rest are tolerated odd-but-valid answers)");
        Figures.Record(output, "hostile.seconds", $"{watch.Elapsed.TotalSeconds:0.0}");
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} cases failed:\n" + string.Join("\n", failures));
        Assert.True(cases.Count >= 60, $"only {cases.Count} cases");
    }
}
