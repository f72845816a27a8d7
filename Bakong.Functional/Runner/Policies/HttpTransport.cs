using LanguageExt;
using LanguageExt.Common;
using System.Buffers;
using System.Net.Http.Headers;
using System.Text;

namespace Bakong.Functional.Runner;

/// <summary>
/// The only I/O in the library: sends one request over the <see cref="HttpMessageInvoker"/>, reads at most
/// <see cref="Call.MaxResponseBytes"/> of the body into a pooled buffer, refuses an answer from another host after a
/// redirect, and decodes. Exceptions become <see cref="BakongError.Transport"/> or <see cref="BakongError.Cancelled"/>.
/// </summary>
internal sealed class HttpTransport(HttpMessageInvoker invoker, Uri baseUrl, string userAgent, TimeProvider clock) : Stage
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly string prefix = baseUrl.AbsoluteUri.TrimEnd('/');

    internal override async ValueTask<Fin<A>> Send<A>(Endpoint<A> endpoint, Call call)
    {
        if (call.CancellationToken.IsCancellationRequested)
            return new BakongError.Cancelled();
        using var request = Build(endpoint.Request, call.Token);
        byte[]? rented = null;
        try
        {
            using var response = invoker is HttpClient http
                // Headers only: HttpClient would otherwise buffer any body, however large, before we can limit it.
                ? await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, call.CancellationToken).ConfigureAwait(false)
                : await invoker.SendAsync(request, call.CancellationToken).ConfigureAwait(false);
            // HttpClient follows redirects (without the token); an answer from another host is not Bakong's answer.
            if (response.RequestMessage?.RequestUri is { } answeredBy && !IsConfiguredHost(answeredBy))
                return new BakongError.Transport($"redirected away from the configured host to {answeredBy.GetLeftPart(UriPartial.Authority)}; only the base URL's host is trusted");
            var status = (int)response.StatusCode;
            var contentType = response.Content.Headers.ContentType?.MediaType is { } mediaType ? Option<string>.Some(mediaType) : Option<string>.None;
            // Retry-After only means something on 429 and 5xx; other answers skip parsing it.
            var retryAfter = status == 429 || status >= 500 ? RetryAfter(response) : Option<TimeSpan>.None;
            (rented, var length, var tooLarge) = await ReadBody(response.Content, call.MaxResponseBytes, call.CancellationToken).ConfigureAwait(false);
            var received = new BakongResponse(status, rented.AsMemory(0, length), contentType, retryAfter);
            // Decoders copy what they keep, so the pooled buffer can go back once this returns.
            return tooLarge
                ? new BakongError.ResponseTooLarge(call.MaxResponseBytes, ResponseInfo.From(received))
                : endpoint.Decode(received);
        }
        catch (OperationCanceledException) when (call.CancellationToken.IsCancellationRequested)
        {
            return new BakongError.Cancelled();
        }
        catch (OperationCanceledException ex) when (ex.InnerException is TimeoutException && invoker is HttpClient http)
        {
            // HttpClient.Timeout fired before the deadline stage's.
            return new BakongError.Timeout(http.Timeout);
        }
#pragma warning disable CA1031 // Every failure of the network or the handler is a value.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return new BakongError.Transport(Describe(ex));
        }
        finally
        {
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private HttpRequestMessage Build(BakongRequest request, AccessToken? token)
    {
        var message = new HttpRequestMessage(HttpMethod.Post.Method == request.Method ? HttpMethod.Post : new HttpMethod(request.Method), prefix + request.Path)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(request.Body)),
        };
        message.Content.Headers.ContentType = Json;
        message.Headers.TryAddWithoutValidation("Accept", "application/json");
        // A compressed body is never handed to the JSON decoder: ask for none.
        message.Headers.TryAddWithoutValidation("Accept-Encoding", "identity");
        message.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        if (token is not null)
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Reveal());
        return message;
    }

    private bool IsConfiguredHost(Uri uri) =>
        uri.IsAbsoluteUri
        && uri.Port == baseUrl.Port
        && string.Equals(uri.Scheme, baseUrl.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.Host, baseUrl.Host, StringComparison.OrdinalIgnoreCase);

    private static string Describe(Exception ex)
    {
        var inner = ex.InnerException is { } i ? $" ({i.GetType().Name}: {i.Message})" : "";
        return $"{ex.GetType().Name}: {ex.Message}{inner}";
    }

    private Option<TimeSpan> RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header?.Date is { } date)
        {
            var wait = date - clock.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return Option<TimeSpan>.None;
    }

    /// <summary>
    /// Reads at most <paramref name="limit"/> plus one byte into a pooled buffer, so an oversized body is detected without
    /// being held. The caller returns the buffer to the pool.
    /// </summary>
    private static async Task<(byte[] Buffer, int Length, bool TooLarge)> ReadBody(HttpContent content, long limit, CancellationToken cancellationToken)
    {
        var declared = content.Headers.ContentLength;
        if (declared > limit)
            return (ArrayPool<byte>.Shared.Rent(1), 0, true);
        var buffer = ArrayPool<byte>.Shared.Rent(declared is { } n ? (int)Math.Max(n, 1) : (int)Math.Min(8192, limit + 1));
        var length = 0;
        try
        {
            using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            while (true)
            {
                if (length > limit)
                    return (buffer, length, true);
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, limit + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = await stream.ReadAsync(buffer.AsMemory(length, (int)Math.Min(buffer.Length - length, limit + 1 - length)), cancellationToken).ConfigureAwait(false);
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
