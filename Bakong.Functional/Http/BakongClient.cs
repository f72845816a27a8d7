using System.Buffers;
using System.Net.Http.Headers;
using System.Text;
using LanguageExt;
using static LanguageExt.Prelude;

namespace Bakong.Functional;

/// <summary>
/// Runs <see cref="Endpoint{A}"/>s against an <see cref="HttpMessageInvoker"/> (an <see cref="HttpClient"/>, a factory
/// client or a test handler). It is the only I/O in the library, and it never throws: every outcome is an
/// <see cref="Either{L, R}"/>.
/// </summary>
/// <example>
/// <code>
/// var client = new BakongClient(new HttpClient(), new BakongClientOptions { Token = token });
/// var paid = await client.SendAsync(CheckTransactionByMd5.Create(md5).OrNone());
/// </code>
/// </example>
public sealed partial class BakongClient
{
    private readonly HttpMessageInvoker? invoker;
    private readonly Either<BakongError, Unit> configuration;
    private readonly string baseUrl;
    private readonly Uri? configuredUri;
    private readonly IAccessTokenSource? tokenSource;
    private readonly TimeSpan timeout;
    private readonly string userAgent;
    private readonly long maxResponseBytes;
    private readonly TimeProvider timeProvider;
    private readonly RetryPolicy retry;
    private readonly BackoffSchedule pollSchedule;

    /// <summary>A client over <paramref name="invoker"/>. The options are copied; later changes to them do not affect this client.</summary>
    /// <param name="invoker">Sends the HTTP requests. The client does not dispose it.</param>
    /// <param name="options">Host, token, timeout and limits; null means the defaults (production, no token).</param>
    public BakongClient(HttpMessageInvoker? invoker, BakongClientOptions? options = null)
    {
        options ??= new BakongClientOptions();
        this.invoker = invoker;
        configuration = invoker is null
            ? new BakongError.InvalidInput(Seq1(new FieldError("invoker", "is required")))
            : options.Validate();
        baseUrl = options.BaseUrl?.IsAbsoluteUri == true ? options.BaseUrl.AbsoluteUri.TrimEnd('/') : "";
        configuredUri = options.BaseUrl?.IsAbsoluteUri == true ? options.BaseUrl : null;
        // Not Option.Match: LanguageExt 3 throws ResultIsNullException when a branch returns null.
        tokenSource = options.TokenSource ?? (options.Token.IsSome ? new FixedAccessTokenSource((AccessToken)options.Token) : null);
        timeout = options.Timeout;
        userAgent = options.UserAgent;
        maxResponseBytes = options.MaxResponseBytes;
        timeProvider = options.TimeProvider ?? TimeProvider.System;
        retry = options.Retry ?? RetryPolicy.None;
        pollSchedule = options.PollSchedule ?? BackoffSchedule.PollingDefault;
    }

    private BakongClient(BakongClient from, IAccessTokenSource? tokenSource)
    {
        invoker = from.invoker;
        configuration = from.configuration;
        baseUrl = from.baseUrl;
        configuredUri = from.configuredUri;
        timeout = from.timeout;
        userAgent = from.userAgent;
        maxResponseBytes = from.maxResponseBytes;
        timeProvider = from.timeProvider;
        retry = from.retry;
        pollSchedule = from.pollSchedule;
        this.tokenSource = tokenSource;
    }

    /// <summary>The same client with a fixed bearer token, for example one just renewed in a LINQ query.</summary>
    public BakongClient WithToken(AccessToken? token) =>
        new(this, token is null ? null : new FixedAccessTokenSource(token));

    /// <summary>The same client with another token source.</summary>
    public BakongClient WithTokenSource(IAccessTokenSource? source) => new(this, source);

    /// <summary>Runs an endpoint; for LINQ queries over <see cref="EitherAsync{L, R}"/>.</summary>
    /// <param name="endpoint">The endpoint, usually straight from its <c>Create</c>, so a validation Left passes through without I/O.</param>
    /// <param name="cancellationToken">Cancels the call; the result is then <see cref="BakongError.Cancelled"/>.</param>
    public EitherAsync<BakongError, A> Send<A>(Either<BakongError, Endpoint<A>> endpoint, CancellationToken cancellationToken = default) =>
        SendAsync(endpoint, cancellationToken).ToAsync();

    /// <summary>Runs an endpoint; for LINQ queries over <see cref="EitherAsync{L, R}"/>.</summary>
    public EitherAsync<BakongError, A> Send<A>(Endpoint<A>? endpoint, CancellationToken cancellationToken = default) =>
        SendAsync(endpoint, cancellationToken).ToAsync();

    /// <summary>Runs an endpoint; for plain <c>await</c> and F#.</summary>
    /// <param name="endpoint">The endpoint, usually straight from its <c>Create</c>, so a validation Left passes through without I/O.</param>
    /// <param name="cancellationToken">Cancels the call; the result is then <see cref="BakongError.Cancelled"/>.</param>
    public Task<Either<BakongError, A>> SendAsync<A>(Either<BakongError, Endpoint<A>> endpoint, CancellationToken cancellationToken = default) =>
        endpoint.Match(
            Right: e => SendAsync(e, cancellationToken),
            Left: error => Task.FromResult(Left<BakongError, A>(error)),
            Bottom: () => Task.FromResult(Left<BakongError, A>(Missing("endpoint"))));

    /// <summary>The clock this client waits and reads time with; the workflows use it too.</summary>
    internal TimeProvider Clock => timeProvider;

    /// <summary>The schedule polls use unless given their own.</summary>
    internal BackoffSchedule PollSchedule => pollSchedule;

    /// <summary>Runs an endpoint; for plain <c>await</c> and F#. Read-only endpoints are retried per <see cref="BakongClientOptions.Retry"/>.</summary>
    public async Task<Either<BakongError, A>> SendAsync<A>(Endpoint<A>? endpoint, CancellationToken cancellationToken = default)
    {
        if (configuration.IsLeft)
            return configuration.Map(_ => default(A)!);
        if (endpoint is null)
            return Missing("endpoint");
        var attempts = 1;
        while (true)
        {
            var result = await SendOnce(endpoint, cancellationToken).ConfigureAwait(false);
            // Only reads are retried: a second request_token would send a second e-mail.
            if (result.IsRight || !endpoint.Request.IsReadOnly)
                return result;
            var wait = retry.NextDelay(attempts, (BakongError)result, Random.Shared.NextDouble());
            if (wait.IsNone)
                return result;
            try
            {
                await Task.Delay((TimeSpan)wait, timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return new BakongError.Cancelled();
            }
            attempts++;
        }
    }

    private async Task<Either<BakongError, A>> SendOnce<A>(Endpoint<A> endpoint, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
            return new BakongError.Cancelled();
        if (!endpoint.Request.RequiresToken)
            return await Exchange(endpoint, Option<AccessToken>.None, cancellationToken).ConfigureAwait(false);
        if (tokenSource is null)
            return Missing("token", "this endpoint needs an access token: set BakongClientOptions.Token or TokenSource");

        var token = await Token(tokenSource, null, cancellationToken).ConfigureAwait(false);
        if (!token.IsRight)
            return token.IsLeft ? token.Map(_ => default(A)!) : Missing("token", "the token source returned no value");
        var first = (AccessToken)token;
        var result = await Exchange(endpoint, first, cancellationToken).ConfigureAwait(false);
        if (result.IsLeft && ((BakongError)result).IsUnauthorized)
        {
            // One renewal and one retry, and only with a token different from the refused one.
            var renewed = await Token(tokenSource, first, cancellationToken).ConfigureAwait(false);
            if (renewed.IsRight && !((AccessToken)renewed).Equals(first))
            {
                var second = (AccessToken)renewed;
                result = Redacted(await Exchange(endpoint, second, cancellationToken).ConfigureAwait(false), second);
            }
        }
        return Redacted(result, first);
    }

    /// <summary>No token in any error: a hostile server may echo it back.</summary>
    private static Either<BakongError, A> Redacted<A>(Either<BakongError, A> result, AccessToken token) =>
        result.IsLeft ? ((BakongError)result).Redact(token.Reveal()) : result;

    private static BakongError Missing(string field, string reason = "is required") =>
        new BakongError.InvalidInput(Seq1(new FieldError(field, reason)));

    /// <summary>A token source is user code: its exceptions become values too. With <paramref name="rejected"/>, asks for a renewal.</summary>
    private static async ValueTask<Either<BakongError, AccessToken>> Token(IAccessTokenSource source, AccessToken? rejected, CancellationToken cancellationToken)
    {
        try
        {
            return await (rejected is null ? source.GetTokenAsync(cancellationToken) : source.RenewAsync(rejected, cancellationToken)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new BakongError.Cancelled();
        }
        catch (Exception ex)
        {
            return new BakongError.Transport($"the token source failed: {ex.GetType().Name}");
        }
    }

    /// <summary>One HTTP exchange: send, read the body within the limits, decode.</summary>
    private async Task<Either<BakongError, A>> Exchange<A>(Endpoint<A> endpoint, Option<AccessToken> token, CancellationToken cancellationToken)
    {
        using var deadline = Deadline(cancellationToken);
        using var request = BuildRequest(endpoint.Request, token);
        byte[]? rented = null;
        try
        {
            using var response = invoker is HttpClient http
                // Headers only: HttpClient would otherwise buffer any body, however large, before we can limit it.
                ? await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false)
                : await invoker!.SendAsync(request, deadline.Token).ConfigureAwait(false);
            // HttpClient follows redirects (without the token); an answer from another host is not Bakong's answer.
            if (response.RequestMessage?.RequestUri is { } answeredBy && !IsConfiguredHost(answeredBy))
                return new BakongError.Transport($"redirected away from the configured host to {answeredBy.GetLeftPart(UriPartial.Authority)}; only the base URL's host is trusted");
            var status = (int)response.StatusCode;
            var contentType = response.Content.Headers.ContentType?.MediaType is { } mediaType ? Some(mediaType) : None;
            // Retry-After only means something on 429 and 5xx; other answers skip parsing it.
            var retryAfter = status == 429 || status >= 500 ? RetryAfter(response) : None;
            (rented, var length, var tooLarge) = await ReadBody(response.Content, deadline.Token).ConfigureAwait(false);
            var received = new BakongResponse(status, rented.AsMemory(0, length), contentType, retryAfter);
            // Decoders copy what they keep, so the pooled buffer can go back once this returns.
            return tooLarge
                ? new BakongError.ResponseTooLarge(maxResponseBytes, ResponseInfo.From(received))
                : endpoint.Decode(received);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new BakongError.Cancelled();
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return new BakongError.Timeout(timeout);
        }
        catch (OperationCanceledException ex) when (ex.InnerException is TimeoutException && invoker is HttpClient http)
        {
            // HttpClient.Timeout fired before ours.
            return new BakongError.Timeout(http.Timeout);
        }
        catch (Exception ex)
        {
            return new BakongError.Transport(Describe(ex));
        }
        finally
        {
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The caller's token plus the per-call timeout, on the configured clock.</summary>
    private CallDeadline Deadline(CancellationToken cancellationToken)
    {
        if (timeProvider == TimeProvider.System)
        {
            // One source does both on the system clock; the caller's token still tells cancellation from timeout.
            var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            linked.CancelAfter(timeout);
            return new CallDeadline(linked, null);
        }
        var timer = new CancellationTokenSource(timeout, timeProvider);
        return new CallDeadline(CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token), timer);
    }

    private readonly struct CallDeadline(CancellationTokenSource linked, CancellationTokenSource? timer) : IDisposable
    {
        public CancellationToken Token => linked.Token;

        public bool IsCancellationRequested => linked.IsCancellationRequested;

        public void Dispose()
        {
            linked.Dispose();
            timer?.Dispose();
        }
    }

    private bool IsConfiguredHost(Uri uri) =>
        configuredUri is not null && uri.IsAbsoluteUri
        && uri.Port == configuredUri.Port
        && string.Equals(uri.Scheme, configuredUri.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.Host, configuredUri.Host, StringComparison.OrdinalIgnoreCase);

    private static string Describe(Exception ex)
    {
        var inner = ex.InnerException is { } i ? $" ({i.GetType().Name}: {i.Message})" : "";
        return $"{ex.GetType().Name}: {ex.Message}{inner}";
    }

    private HttpRequestMessage BuildRequest(BakongRequest request, Option<AccessToken> token)
    {
        var message = new HttpRequestMessage(new HttpMethod(request.Method), baseUrl + request.Path)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(request.Body)),
        };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        message.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        token.IfSome(t => message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", t.Reveal()));
        return message;
    }

    private Option<TimeSpan> RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header?.Date is { } date)
        {
            var wait = date - timeProvider.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return Option<TimeSpan>.None;
    }

    /// <summary>
    /// Reads at most the limit plus one byte into a pooled buffer, so an oversized body is detected without being held.
    /// The caller returns the buffer to the pool.
    /// </summary>
    private async Task<(byte[] Buffer, int Length, bool TooLarge)> ReadBody(HttpContent content, CancellationToken cancellationToken)
    {
        var declared = content.Headers.ContentLength;
        if (declared > maxResponseBytes)
            return (ArrayPool<byte>.Shared.Rent(1), 0, true);
        var buffer = ArrayPool<byte>.Shared.Rent(declared is { } n ? (int)Math.Max(n, 1) : (int)Math.Min(8192, maxResponseBytes + 1));
        var length = 0;
        try
        {
            using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            while (true)
            {
                if (length > maxResponseBytes)
                    return (buffer, length, true);
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, maxResponseBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = await stream.ReadAsync(buffer.AsMemory(length, (int)Math.Min(buffer.Length - length, maxResponseBytes + 1 - length)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                    return (buffer, length, false);
                length += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }
}
