using LanguageExt;

namespace Bakong.Functional;

/// <summary>
/// Everything that can go wrong in a Bakong call, as closed data. Use <see cref="Match{R}"/> for an exhaustive branch:
/// adding a case to this type breaks every caller's build instead of silently falling through.
/// </summary>
/// <example>
/// <code>
/// string text = error.Match(
///     apiFailure: e => $"Bakong said {e.Code}: {e.Message}",
///     unknownApiFailure: e => $"Bakong said code {e.Code}: {e.Message}",
///     unauthorized: _ => "token rejected", forbidden: _ => "forbidden", blocked: _ => "blocked (outside Cambodia?)",
///     endpointNotFound: _ => "no such endpoint", rateLimited: e => $"slow down {e.RetryAfter}",
///     clientError: e => $"HTTP {e.Response.Status}", serverError: e => $"HTTP {e.Response.Status}",
///     unexpectedStatus: e => $"HTTP {e.Response.Status}", transport: e => e.Reason,
///     timeout: e => $"no answer within {e.After}", cancelled: _ => "cancelled",
///     responseTooLarge: e => $"over {e.LimitBytes} bytes", decode: e => e.Error.ToString(),
///     invalidInput: e => string.Join("; ", e.Errors));
/// </code>
/// </example>
public abstract record BakongError
{
    private BakongError() { }

    /// <summary>The API answered <c>responseCode: 1</c> with a known <c>errorCode</c>.</summary>
    /// <param name="Code">The error code.</param>
    /// <param name="Message">The API's <c>responseMessage</c>, or empty.</param>
    /// <param name="Response">The HTTP status and raw body.</param>
    public sealed record ApiFailure(ApiErrorCode Code, string Message, ResponseInfo Response) : BakongError;

    /// <summary>The API answered <c>responseCode: 1</c> with an <c>errorCode</c> this library does not know, or none.</summary>
    /// <param name="Code">The error code as sent, if any.</param>
    /// <param name="Message">The API's <c>responseMessage</c>, or empty.</param>
    /// <param name="Response">The HTTP status and raw body.</param>
    public sealed record UnknownApiFailure(Option<int> Code, string Message, ResponseInfo Response) : BakongError;

    /// <summary>HTTP 401: the access token is missing, expired or rejected.</summary>
    /// <param name="Response">The HTTP status and raw body.</param>
    public sealed record Unauthorized(ResponseInfo Response) : BakongError;

    /// <summary>HTTP 403 with a JSON envelope: the API itself refused the call.</summary>
    /// <param name="Code">The envelope's <c>errorCode</c>, if any.</param>
    /// <param name="Message">The envelope's <c>responseMessage</c>, or empty.</param>
    /// <param name="Response">The HTTP status and raw body.</param>
    public sealed record Forbidden(Option<int> Code, string Message, ResponseInfo Response) : BakongError;

    /// <summary>HTTP 403 whose body is not JSON: a gateway page, typically production's block of callers outside Cambodia.</summary>
    /// <param name="Response">The HTTP status and raw body.</param>
    public sealed record Blocked(ResponseInfo Response) : BakongError;

    /// <summary>HTTP 404: the endpoint does not exist on this host (a wrong base URL, usually).</summary>
    /// <param name="Response">The HTTP status and raw body.</param>
    public sealed record EndpointNotFound(ResponseInfo Response) : BakongError;

    /// <summary>HTTP 429: too many requests.</summary>
    /// <param name="RetryAfter">How long the server asked to wait, from <c>Retry-After</c> in seconds or as an HTTP date.</param>
    /// <param name="Response">The HTTP status and raw body.</param>
    public sealed record RateLimited(Option<TimeSpan> RetryAfter, ResponseInfo Response) : BakongError;

    /// <summary>Any other HTTP 4xx.</summary>
    /// <param name="Response">The HTTP status and raw body.</param>
    public sealed record ClientError(ResponseInfo Response) : BakongError;

    /// <summary>HTTP 5xx.</summary>
    /// <param name="Response">The HTTP status and raw body.</param>
    public sealed record ServerError(ResponseInfo Response) : BakongError;

    /// <summary>A status that is neither success nor 4xx/5xx, such as a redirect that was not followed.</summary>
    /// <param name="Response">The HTTP status and raw body.</param>
    public sealed record UnexpectedStatus(ResponseInfo Response) : BakongError;

    /// <summary>The connection failed or broke: refused, reset, DNS, TLS, or a body cut off mid-way.</summary>
    /// <param name="Reason">What failed.</param>
    public sealed record Transport(string Reason) : BakongError;

    /// <summary>No complete answer arrived within the per-call timeout.</summary>
    /// <param name="After">The timeout that elapsed.</param>
    public sealed record Timeout(TimeSpan After) : BakongError;

    /// <summary>The caller's <see cref="CancellationToken"/> was cancelled.</summary>
    public sealed record Cancelled : BakongError;

    /// <summary>The response body was larger than the configured limit; reading stopped at the limit.</summary>
    /// <param name="LimitBytes">The limit in bytes.</param>
    /// <param name="Response">The HTTP status and the start of the body.</param>
    public sealed record ResponseTooLarge(long LimitBytes, ResponseInfo Response) : BakongError;

    /// <summary>The body was not what the endpoint promises; <see cref="DecodeError"/> says where and what was expected.</summary>
    /// <param name="Error">The JSON path and expectation.</param>
    /// <param name="Response">The HTTP status and raw body.</param>
    public sealed record Decode(DecodeError Error, ResponseInfo Response) : BakongError;

    /// <summary>The input was rejected before any I/O; every bad field is listed, not only the first.</summary>
    /// <param name="Errors">The bad fields, in the order they were checked.</param>
    public sealed record InvalidInput(Seq<FieldError> Errors) : BakongError
    {
        /// <summary>Whether <paramref name="field"/> is among the bad fields.</summary>
        public bool Names(string field) => Errors.Exists(e => e.Field == field);
    }

    /// <summary>One function per case: the compiler checks that every case is handled.</summary>
    public R Match<R>(
        Func<ApiFailure, R> apiFailure,
        Func<UnknownApiFailure, R> unknownApiFailure,
        Func<Unauthorized, R> unauthorized,
        Func<Forbidden, R> forbidden,
        Func<Blocked, R> blocked,
        Func<EndpointNotFound, R> endpointNotFound,
        Func<RateLimited, R> rateLimited,
        Func<ClientError, R> clientError,
        Func<ServerError, R> serverError,
        Func<UnexpectedStatus, R> unexpectedStatus,
        Func<Transport, R> transport,
        Func<Timeout, R> timeout,
        Func<Cancelled, R> cancelled,
        Func<ResponseTooLarge, R> responseTooLarge,
        Func<Decode, R> decode,
        Func<InvalidInput, R> invalidInput) =>
        this switch
        {
            ApiFailure e => apiFailure(e),
            UnknownApiFailure e => unknownApiFailure(e),
            Unauthorized e => unauthorized(e),
            Forbidden e => forbidden(e),
            Blocked e => blocked(e),
            EndpointNotFound e => endpointNotFound(e),
            RateLimited e => rateLimited(e),
            ClientError e => clientError(e),
            ServerError e => serverError(e),
            UnexpectedStatus e => unexpectedStatus(e),
            Transport e => transport(e),
            Timeout e => timeout(e),
            Cancelled e => cancelled(e),
            ResponseTooLarge e => responseTooLarge(e),
            Decode e => decode(e),
            InvalidInput e => invalidInput(e),
            // Unreachable: the constructor is private, so these are all the cases there are.
            _ => throw new InvalidOperationException("unreachable"),
        };

    /// <summary>What was received, for the cases that come from a response.</summary>
    public Option<ResponseInfo> Received => this switch
    {
        ApiFailure e => e.Response,
        UnknownApiFailure e => e.Response,
        Unauthorized e => e.Response,
        Forbidden e => e.Response,
        Blocked e => e.Response,
        EndpointNotFound e => e.Response,
        RateLimited e => e.Response,
        ClientError e => e.Response,
        ServerError e => e.Response,
        UnexpectedStatus e => e.Response,
        ResponseTooLarge e => e.Response,
        Decode e => e.Response,
        _ => Option<ResponseInfo>.None,
    };

    /// <summary>
    /// Whether trying the same call again later may succeed: 429, 5xx, transport failures, timeouts and
    /// errorCode 9 (Bakong cannot reach its backend).
    /// </summary>
    public bool IsTransient => this switch
    {
        RateLimited or ServerError or Transport or Timeout => true,
        ApiFailure { Code: ApiErrorCode.CannotConnectToServer } => true,
        _ => false,
    };

    /// <summary>Whether this is the API's errorCode 1, "transaction could not be found".</summary>
    public bool IsTransactionNotFound => this is ApiFailure { Code: ApiErrorCode.TransactionNotFound };

    /// <summary>Whether the token was refused: HTTP 401 or errorCode 6.</summary>
    public bool IsUnauthorized => this is Unauthorized or ApiFailure { Code: ApiErrorCode.Unauthorized };

    /// <summary>A one-line description for logs. It never contains the access token.</summary>
    public string Summary => Match(
        apiFailure: e => $"Bakong error {(int)e.Code} ({e.Code}): {e.Message}",
        unknownApiFailure: e => $"Bakong error {e.Code.Match(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture), () => "(none)")}: {e.Message}",
        unauthorized: _ => "HTTP 401: the access token is missing, expired or rejected",
        forbidden: e => $"HTTP 403: {e.Message}",
        blocked: _ => "HTTP 403 with a non-JSON body: the host refused this caller (production answers only from Cambodia)",
        endpointNotFound: _ => "HTTP 404: no such endpoint on this host",
        rateLimited: e => e.RetryAfter.Match(d => $"HTTP 429: rate limited, retry after {d.TotalSeconds:0.###} s", () => "HTTP 429: rate limited"),
        clientError: e => $"HTTP {e.Response.Status}: the request was refused",
        serverError: e => $"HTTP {e.Response.Status}: server error",
        unexpectedStatus: e => $"HTTP {e.Response.Status}: unexpected status",
        transport: e => $"transport failure: {e.Reason}",
        timeout: e => $"no answer within {e.After.TotalSeconds:0.###} s",
        cancelled: _ => "cancelled by the caller",
        responseTooLarge: e => $"HTTP {e.Response.Status}: the response exceeded {e.LimitBytes} bytes",
        decode: e => $"unexpected response: {e.Error}",
        invalidInput: e => $"invalid input: {string.Join("; ", e.Errors)}");

    /// <summary>The same as <see cref="Summary"/>.</summary>
    public sealed override string ToString() => Summary;

    /// <summary>The same error with every occurrence of <paramref name="secret"/> in a kept body, message or transport reason replaced.</summary>
    internal BakongError Redact(string secret) => secret.Length == 0 ? this : MapResponse(r => r.Redact(secret)) switch
    {
        ApiFailure e => e with { Message = Scrub(e.Message, secret) },
        UnknownApiFailure e => e with { Message = Scrub(e.Message, secret) },
        Forbidden e => e with { Message = Scrub(e.Message, secret) },
        // Exception text from a handler can quote the request, Authorization header included.
        Transport e => e with { Reason = Scrub(e.Reason, secret) },
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
