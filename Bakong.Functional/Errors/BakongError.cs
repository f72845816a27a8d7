using System.Globalization;
using LanguageExt;
using LanguageExt.Common;

namespace Bakong.Functional;

/// <summary>
/// Everything that can go wrong in a Bakong call, as closed data inside <see cref="Fin{A}"/>. It is a LanguageExt
/// <see cref="Expected"/> error, never an <c>Exceptional</c> one. Errors come in five kinds, each with its own cases:
/// match the kind with <see cref="Match{R}"/>, then the case with the kind's own <c>Match</c>. Adding a case breaks every
/// caller's build instead of silently falling through. <see cref="From"/> turns any LanguageExt <see cref="Error"/> back
/// into this type.
/// </summary>
/// <example>
/// <code>
/// string text = BakongError.From(error).Match(
///     api: e => e.Match(failure: f => $"Bakong said {f.ErrorCode}", unknown: u => $"Bakong said {u.ErrorCode}"),
///     http: e => $"HTTP {e.Response.Status}",
///     network: e => e.Match(transport: t => t.Reason, timeout: t => $"no answer in {t.After}", cancelled: _ => "cancelled"),
///     response: e => e.Match(tooLarge: t => $"over {t.LimitBytes} bytes", decode: d => d.Problem.ToString()),
///     invalidInput: e => string.Join("; ", e.Errors));
/// </code>
/// </example>
[System.Text.Json.Serialization.JsonConverter(typeof(BakongErrorJsonConverter))]
public abstract record BakongError : Expected
{
    private BakongError() : base("", 0, default) { }

    // Abstract and private protected: only this assembly can implement it, so no other assembly can add a case and
    // every Match below stays complete.
    private protected abstract void ClosedCase();

    /// <summary>A one-line description for logs, the same as <see cref="Summary"/>. It never contains the access token.</summary>
    public sealed override string Message => Summary;

    /// <summary>The API's <c>errorCode</c> for an API failure, the HTTP status for an HTTP failure, and 0 otherwise.</summary>
    public sealed override int Code => this switch
    {
        ApiFailure e => (int)e.ErrorCode,
        UnknownApiFailure e => e.ErrorCode.IfNone(0),
        HttpError e => e.Response.Status,
        _ => 0,
    };

    // ---- The five kinds ------------------------------------------------------------------------------------------

    /// <summary>The API answered its envelope with <c>responseCode: 1</c>: it understood the call and refused it.</summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(BakongErrorJsonConverter))]
    public abstract record ApiError : BakongError
    {
        private protected ApiError() { }

        /// <summary>The HTTP status and the start of the raw body.</summary>
        public abstract ResponseInfo Response { get; init; }

        /// <summary>One function per case of this kind.</summary>
        public R Match<R>(Func<ApiFailure, R> failure, Func<UnknownApiFailure, R> unknown) => this switch
        {
            ApiFailure e => failure(e),
            UnknownApiFailure e => unknown(e),
            // Unreachable: ClosedCase keeps every other assembly from adding a case.
            _ => throw new InvalidOperationException("unreachable"),
        };
    }

    /// <summary>The HTTP status was not 2xx; the envelope, if any, is read only for a 403.</summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(BakongErrorJsonConverter))]
    public abstract record HttpError : BakongError
    {
        private protected HttpError() { }

        /// <summary>The HTTP status and the start of the raw body.</summary>
        public abstract ResponseInfo Response { get; init; }

        /// <summary>One function per case of this kind.</summary>
        public R Match<R>(
            Func<Unauthorized, R> unauthorized,
            Func<Forbidden, R> forbidden,
            Func<Blocked, R> blocked,
            Func<EndpointNotFound, R> endpointNotFound,
            Func<RateLimited, R> rateLimited,
            Func<ClientError, R> clientError,
            Func<ServerError, R> serverError,
            Func<UnexpectedStatus, R> unexpectedStatus) => this switch
        {
            Unauthorized e => unauthorized(e),
            Forbidden e => forbidden(e),
            Blocked e => blocked(e),
            EndpointNotFound e => endpointNotFound(e),
            RateLimited e => rateLimited(e),
            ClientError e => clientError(e),
            ServerError e => serverError(e),
            UnexpectedStatus e => unexpectedStatus(e),
            _ => throw new InvalidOperationException("unreachable"),
        };
    }

    /// <summary>No complete answer: the connection failed, the time ran out, or the caller cancelled.</summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(BakongErrorJsonConverter))]
    public abstract record NetworkError : BakongError
    {
        private protected NetworkError() { }

        /// <summary>One function per case of this kind.</summary>
        public R Match<R>(Func<Transport, R> transport, Func<Timeout, R> timeout, Func<Cancelled, R> cancelled) => this switch
        {
            Transport e => transport(e),
            Timeout e => timeout(e),
            Cancelled e => cancelled(e),
            _ => throw new InvalidOperationException("unreachable"),
        };
    }

    /// <summary>An answer arrived with a 2xx status, but it is not one the endpoint can accept.</summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(BakongErrorJsonConverter))]
    public abstract record ResponseError : BakongError
    {
        private protected ResponseError() { }

        /// <summary>The HTTP status and the start of the raw body.</summary>
        public abstract ResponseInfo Response { get; init; }

        /// <summary>One function per case of this kind.</summary>
        public R Match<R>(Func<ResponseTooLarge, R> tooLarge, Func<Decode, R> decode) => this switch
        {
            ResponseTooLarge e => tooLarge(e),
            Decode e => decode(e),
            _ => throw new InvalidOperationException("unreachable"),
        };
    }

    // ---- The cases ---------------------------------------------------------------------------------------------------

    /// <summary>The API answered <c>responseCode: 1</c> with a known <c>errorCode</c>.</summary>
    /// <param name="ErrorCode">The error code.</param>
    /// <param name="ResponseMessage">The API's <c>responseMessage</c>, or empty.</param>
    /// <param name="Response">The HTTP status and raw body.</param>
    [System.Text.Json.Serialization.JsonConverter(typeof(BakongErrorJsonConverter))]
    public sealed record ApiFailure(ApiErrorCode ErrorCode, string ResponseMessage, ResponseInfo Response) : ApiError
    {
        private protected override void ClosedCase() { }
    }
    /// <summary>The API answered <c>responseCode: 1</c> with an <c>errorCode</c> this library does not know, or none.</summary>
    /// <param name="ErrorCode">The error code as sent, if any.</param>
    /// <param name="ResponseMessage">The API's <c>responseMessage</c>, or empty.</param>
    /// <param name="Response">The HTTP status and raw body.</param>
    [System.Text.Json.Serialization.JsonConverter(typeof(BakongErrorJsonConverter))]
    public sealed record UnknownApiFailure(Option<int> ErrorCode, string ResponseMessage, ResponseInfo Response) : ApiError
    {
        private protected override void ClosedCase() { }
    }
    /// <summary>HTTP 401: the access token is missing, expired or rejected.</summary>
    /// <param name="Response">The HTTP status and raw body.</param>
    [System.Text.Json.Serialization.JsonConverter(typeof(BakongErrorJsonConverter))]
    public sealed record Unauthorized(ResponseInfo Response) : HttpError
    {
        private protected override void ClosedCase() { }
    }
    /// <summary>HTTP 403 with a JSON envelope: the API itself refused the call.</summary>
    /// <param name="ErrorCode">The envelope's <c>errorCode</c>, if any.</param>
    /// <param name="ResponseMessage">The envelope's <c>responseMessage</c>, or empty.</param>
    /// <param name="Response">The HTTP status and raw body.</param>
    [System.Text.Json.Serialization.JsonConverter(typeof(BakongErrorJsonConverter))]
    public sealed record Forbidden(Option<int> ErrorCode, string ResponseMessage, ResponseInfo Response) : HttpError
    {
        private protected override void ClosedCase() { }
    }
    /// <summary>HTTP 403 whose body is not JSON: a gateway page, typically production's block of callers outside Cambodia.</summary>
    /// <param name="Response">The HTTP status and raw body.</param>
    [System.Text.Json.Serialization.JsonConverter(typeof(BakongErrorJsonConverter))]
    public sealed record Blocked(ResponseInfo Response) : HttpError
    {
        private protected override void ClosedCase() { }
    }
    /// <summary>HTTP 404: the endpoint does not exist on this host (a wrong base URL, usually).</summary>
    /// <param name="Response">The HTTP status and raw body.</param>
    [System.Text.Json.Serialization.JsonConverter(typeof(BakongErrorJsonConverter))]
    public sealed record EndpointNotFound(ResponseInfo Response) : HttpError
    {
        private protected override void ClosedCase() { }
    }
    /// <summary>HTTP 429: too many requests.</summary>
    /// <param name="RetryAfter">How long the server asked to wait, from <c>Retry-After</c> in seconds or as an HTTP date.</param>
    /// <param name="Response">The HTTP status and raw body.</param>
    [System.Text.Json.Serialization.JsonConverter(typeof(BakongErrorJsonConverter))]
    public sealed record RateLimited(Option<TimeSpan> RetryAfter, ResponseInfo Response) : HttpError
    {
        private protected override void ClosedCase() { }
    }
    /// <summary>Any other HTTP 4xx.</summary>
    /// <param name="Response">The HTTP status and raw body.</param>
    [System.Text.Json.Serialization.JsonConverter(typeof(BakongErrorJsonConverter))]
    public sealed record ClientError(ResponseInfo Response) : HttpError
    {
        private protected override void ClosedCase() { }
    }
    /// <summary>HTTP 5xx.</summary>
    /// <param name="RetryAfter">How long the server asked to wait, if it sent <c>Retry-After</c> (a 503 often does).</param>
    /// <param name="Response">The HTTP status and raw body.</param>
    [System.Text.Json.Serialization.JsonConverter(typeof(BakongErrorJsonConverter))]
    public sealed record ServerError(Option<TimeSpan> RetryAfter, ResponseInfo Response) : HttpError
    {
        private protected override void ClosedCase() { }
    }
    /// <summary>A status that is neither success nor 4xx/5xx, such as a redirect: the client never follows one.</summary>
    /// <param name="Response">The HTTP status and raw body (empty for a redirect, whose body is not read).</param>
    [System.Text.Json.Serialization.JsonConverter(typeof(BakongErrorJsonConverter))]
    public sealed record UnexpectedStatus(ResponseInfo Response) : HttpError
    {
        private protected override void ClosedCase() { }

        /// <summary>For a 3xx, where its <c>Location</c> pointed (made absolute); no request was sent there.</summary>
        public Option<Uri> RedirectTo { get; init; }
    }
    /// <summary>The connection failed or broke: refused, reset, DNS, TLS, or a body cut off mid-way.</summary>
    /// <param name="Reason">What failed.</param>
    [System.Text.Json.Serialization.JsonConverter(typeof(BakongErrorJsonConverter))]
    public sealed record Transport(string Reason) : NetworkError
    {
        private protected override void ClosedCase() { }
    }
    /// <summary>No complete answer arrived within the per-call timeout.</summary>
    /// <param name="After">The timeout that elapsed.</param>
    [System.Text.Json.Serialization.JsonConverter(typeof(BakongErrorJsonConverter))]
    public sealed record Timeout(TimeSpan After) : NetworkError
    {
        private protected override void ClosedCase() { }
    }
    /// <summary>The caller's <see cref="CancellationToken"/> was cancelled.</summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(BakongErrorJsonConverter))]
    public sealed record Cancelled : NetworkError
    {
        private protected override void ClosedCase() { }
    }
    /// <summary>The response body was larger than the configured limit; reading stopped at the limit.</summary>
    /// <param name="LimitBytes">The limit in bytes.</param>
    /// <param name="Response">The HTTP status and the start of the body.</param>
    [System.Text.Json.Serialization.JsonConverter(typeof(BakongErrorJsonConverter))]
    public sealed record ResponseTooLarge(long LimitBytes, ResponseInfo Response) : ResponseError
    {
        private protected override void ClosedCase() { }
    }
    /// <summary>The body was not what the endpoint promises; <see cref="DecodeError"/> says where and what was expected.</summary>
    /// <param name="Problem">The JSON path and expectation.</param>
    /// <param name="Response">The HTTP status and raw body.</param>
    [System.Text.Json.Serialization.JsonConverter(typeof(BakongErrorJsonConverter))]
    public sealed record Decode(DecodeError Problem, ResponseInfo Response) : ResponseError
    {
        private protected override void ClosedCase() { }
    }
    /// <summary>The input was rejected before any I/O; every bad field is listed, not only the first.</summary>
    /// <param name="Errors">The bad fields, in the order they were checked.</param>
    [System.Text.Json.Serialization.JsonConverter(typeof(BakongErrorJsonConverter))]
    public sealed record InvalidInput(Seq<FieldError> Errors) : BakongError
    {
        private protected override void ClosedCase() { }

        /// <summary>Whether <paramref name="field"/> is among the bad fields.</summary>
        public bool Names(string field) => Errors.Exists(e => e.Field == field);

        /// <summary>One bad field.</summary>
        public static InvalidInput Of(string field, string reason) => new(Prelude.Seq1(new FieldError(field, reason)));
    }

    // ---- Matching, conversion and queries ------------------------------------------------------------------------------

    /// <summary>One function per kind: the compiler checks that every kind is handled; each kind has its own <c>Match</c>.</summary>
    public R Match<R>(
        Func<ApiError, R> api,
        Func<HttpError, R> http,
        Func<NetworkError, R> network,
        Func<ResponseError, R> response,
        Func<InvalidInput, R> invalidInput) => this switch
    {
        ApiError e => api(e),
        HttpError e => http(e),
        NetworkError e => network(e),
        ResponseError e => response(e),
        InvalidInput e => invalidInput(e),
        // Unreachable: ClosedCase keeps every other assembly from adding a kind.
        _ => throw new InvalidOperationException("unreachable"),
    };

    /// <summary>
    /// Any LanguageExt error as a <see cref="BakongError"/>: itself if it is one, <see cref="Cancelled"/> for a
    /// cancellation, <see cref="Timeout"/> for LanguageExt's timeout, and <see cref="Transport"/> with its message for
    /// anything else (an exception in your own code inside a LINQ query, say). Total: null gives a value too.
    /// </summary>
    public static BakongError From(Error? error) => error switch
    {
        BakongError e => e,
        null => new Transport("no error was given"),
        _ when error.Code == Errors.CancelledCode || error.Exception.Exists(x => x is OperationCanceledException) => new Cancelled(),
        _ when error.Code == Errors.TimedOutCode => new Timeout(TimeSpan.Zero),
        _ => new Transport(error.Exception.Match(x => $"{x.GetType().Name}: {x.Message}", () => error.Message)),
    };

    /// <summary>What was received, for the cases that come from a response.</summary>
    public Option<ResponseInfo> Received => this switch
    {
        ApiError e => e.Response,
        HttpError e => e.Response,
        ResponseError e => e.Response,
        _ => Option<ResponseInfo>.None,
    };

    /// <summary>
    /// Whether trying the same call again later may succeed: 429, 5xx, transport failures, timeouts and
    /// errorCode 9 (Bakong cannot reach its backend).
    /// </summary>
    public bool IsTransient => this switch
    {
        RateLimited or ServerError or Transport or Timeout => true,
        ApiFailure { ErrorCode: ApiErrorCode.CannotConnectToServer } => true,
        _ => false,
    };

    /// <summary>How long the server asked to wait before the next call (a 429's or a 5xx's <c>Retry-After</c>), if it did.</summary>
    public Option<TimeSpan> RequestedWait => this switch
    {
        RateLimited e => e.RetryAfter,
        ServerError e => e.RetryAfter,
        _ => Option<TimeSpan>.None,
    };

    /// <summary>Whether this is the API's errorCode 1, "transaction could not be found".</summary>
    public bool IsTransactionNotFound => this is ApiFailure { ErrorCode: ApiErrorCode.TransactionNotFound };

    /// <summary>Whether the token was refused: HTTP 401 or errorCode 6.</summary>
    public bool IsUnauthorized => this is Unauthorized or ApiFailure { ErrorCode: ApiErrorCode.Unauthorized };

    /// <summary>A one-line description for logs. It never contains the access token.</summary>
    public string Summary => this switch
    {
        ApiFailure e => $"Bakong error {(int)e.ErrorCode} ({e.ErrorCode}): {e.ResponseMessage}",
        UnknownApiFailure e => $"Bakong error {e.ErrorCode.Match(c => c.ToString(CultureInfo.InvariantCulture), () => "(none)")}: {e.ResponseMessage}",
        Unauthorized => "HTTP 401: the access token is missing, expired or rejected",
        Forbidden e => $"HTTP 403: {e.ResponseMessage}",
        Blocked => "HTTP 403 with a non-JSON body: the host refused this caller (production answers only from Cambodia)",
        EndpointNotFound => "HTTP 404: no such endpoint on this host",
        RateLimited e => e.RetryAfter.Match(d => $"HTTP 429: rate limited, retry after {Seconds(d)} s", () => "HTTP 429: rate limited"),
        ClientError e => $"HTTP {e.Response.Status}: the request was refused",
        ServerError e => e.RetryAfter.Match(d => $"HTTP {e.Response.Status}: server error, retry after {Seconds(d)} s", () => $"HTTP {e.Response.Status}: server error"),
        UnexpectedStatus e => e.RedirectTo.Match(
            to => $"HTTP {e.Response.Status}: a redirect to {to.Authority}, not followed; only the base URL's host is trusted",
            () => $"HTTP {e.Response.Status}: unexpected status"),
        Transport e => $"transport failure: {e.Reason}",
        Timeout e => $"no answer within {Seconds(e.After)} s",
        Cancelled => "cancelled by the caller",
        ResponseTooLarge e => $"HTTP {e.Response.Status}: the response exceeded {e.LimitBytes} bytes",
        Decode e => $"unexpected response: {e.Problem}",
        InvalidInput e => $"invalid input: {string.Join("; ", e.Errors)}",
        _ => "unreachable",
    };

    /// <summary>The same as <see cref="Summary"/>.</summary>
    public sealed override string ToString() => Summary;

    private static string Seconds(TimeSpan d) => d.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>The same error with every occurrence of <paramref name="secret"/> in a kept body, message or transport reason replaced.</summary>
    internal BakongError Redact(string secret) => secret.Length == 0 ? this : MapResponse(r => r.Redact(secret)) switch
    {
        ApiFailure e => e with { ResponseMessage = Scrub(e.ResponseMessage, secret) },
        UnknownApiFailure e => e with { ResponseMessage = Scrub(e.ResponseMessage, secret) },
        Forbidden e => e with { ResponseMessage = Scrub(e.ResponseMessage, secret) },
        // Exception text from a handler can quote the request, Authorization header included.
        Transport e => e with { Reason = Scrub(e.Reason, secret) },
        // A hostile Location may quote the token: keep only where it pointed.
        UnexpectedStatus e when e.RedirectTo.Exists(u => u.OriginalString.Contains(secret, StringComparison.Ordinal)) =>
            e with { RedirectTo = e.RedirectTo.Map(u => new Uri(u.GetLeftPart(UriPartial.Authority))) },
        var e => e,
    };

    /// <summary>The same error with its kept response rewritten by <paramref name="f"/>; cases without one are unchanged.</summary>
    internal BakongError MapResponse(Func<ResponseInfo, ResponseInfo> f) => this switch
    {
        ApiFailure e => e with { Response = f(e.Response) },
        UnknownApiFailure e => e with { Response = f(e.Response) },
        Unauthorized e => e with { Response = f(e.Response) },
        Forbidden e => e with { Response = f(e.Response) },
        Blocked e => e with { Response = f(e.Response) },
        EndpointNotFound e => e with { Response = f(e.Response) },
        RateLimited e => e with { Response = f(e.Response) },
        ClientError e => e with { Response = f(e.Response) },
        ServerError e => e with { Response = f(e.Response) },
        UnexpectedStatus e => e with { Response = f(e.Response) },
        ResponseTooLarge e => e with { Response = f(e.Response) },
        Decode e => e with { Response = f(e.Response) },
        _ => this,
    };

    private static string Scrub(string text, string secret) =>
        secret.Length > 0 ? text.Replace(secret, ResponseInfo.Redacted, StringComparison.Ordinal) : text;
}
