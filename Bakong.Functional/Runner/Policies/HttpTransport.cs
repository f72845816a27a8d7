using LanguageExt;
using LanguageExt.Common;
using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;

namespace Bakong.Functional.Runner;

/// <summary>
/// The only I/O in the library: sends one request over the <see cref="HttpMessageInvoker"/>, reads at most
/// <see cref="Call.MaxResponseBytes"/> of the body into a pooled buffer, refuses an answer from another host after a
/// redirect, turns a redirect it was handed into an error naming the target (never following it), and hands back the raw
/// <see cref="BakongResponse"/>; it never decodes. Exceptions become <see cref="BakongError.Transport"/> or <see cref="BakongError.Cancelled"/>.
/// </summary>
/// <remarks>
/// Requests ask for <c>Accept-Encoding: identity</c>, but a proxy may compress anyway. A body labelled <c>gzip</c>
/// (or <c>x-gzip</c>), <c>deflate</c> (zlib, as RFC 9110 defines it) or <c>br</c> is decompressed as it streams, and the
/// size limit applies to both sides: the body as sent and the body decompressed must each fit, so a small body that
/// inflates to gigabytes is <see cref="BakongError.ResponseTooLarge"/> after reading one limit's worth, with memory
/// bounded. An unknown coding, or compressed data that is corrupt, is <see cref="BakongError.Decode"/> on a 2xx; on any
/// other status the status alone decides the error. Compressed bytes never reach the JSON decoder.
/// </remarks>
internal sealed class HttpTransport(HttpMessageInvoker invoker, Uri baseUrl, string userAgent, TimeProvider clock) : Stage
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly List<string> NoCodings = [];
    private readonly string prefix = baseUrl.AbsoluteUri.TrimEnd('/');
    // Every request goes to one of a dozen paths: each address is parsed once, not on every call.
    private readonly ConcurrentDictionary<string, Uri> addresses = new(StringComparer.Ordinal);

    internal override async ValueTask<Fin<BakongResponse>> Send(BakongRequest request, Call call)
    {
        if (call.CancellationToken.IsCancellationRequested)
            return new BakongError.Cancelled();
        using var message = Build(request, call.Token);
        byte[]? rented = null;
        try
        {
            using var response = invoker is HttpClient http
                // Headers only: HttpClient would otherwise buffer any body, however large, before we can limit it.
                ? await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, call.CancellationToken).ConfigureAwait(false)
                : await invoker.SendAsync(message, call.CancellationToken).ConfigureAwait(false);
            // HttpClient follows redirects (without the token); an answer from another host is not Bakong's answer.
            if (response.RequestMessage?.RequestUri is { } answeredBy && !IsConfiguredHost(answeredBy))
                return new BakongError.Transport($"redirected away from the configured host to {answeredBy.GetLeftPart(UriPartial.Authority)}; only the base URL's host is trusted");
            var status = (int)response.StatusCode;
            if (call.Scope is { } scope)
                scope.Status = status;
            // A redirect is never followed by this client: Bakong does not redirect, and the target is not the configured host's to vouch for.
            if (status is >= 300 and < 400)
                return new BakongError.UnexpectedStatus(new ResponseInfo(status, "")) { RedirectTo = Target(response) };
            var contentType = response.Content.Headers.ContentType?.MediaType is { } mediaType ? Option<string>.Some(mediaType) : Option<string>.None;
            // Retry-After only means something on 429 and 5xx; other answers skip parsing it.
            var retryAfter = status == 429 || status >= 500 ? RetryAfter(response) : Option<TimeSpan>.None;
            string? unknownCoding = null;
            // Reading ContentEncoding creates its collection: most answers carry no such header, so look first.
            var codings = response.Content.Headers.NonValidated.Contains("Content-Encoding") ? Codings(response.Content.Headers.ContentEncoding, out unknownCoding) : NoCodings;
            if (unknownCoding is not null)
                return Undecodable(status, contentType, retryAfter, call.Token, $"a body in identity, gzip, deflate or br encoding, but it was sent as '{unknownCoding}'");
            (rented, var length, var state) = await ReadBody(response.Content, codings, call.MaxResponseBytes, call.CancellationToken).ConfigureAwait(false);
            return state switch
            {
                BodyState.TooLarge => new BakongError.ResponseTooLarge(call.MaxResponseBytes, new BakongResponse(status, rented.AsMemory(0, length), contentType, retryAfter).ToResponseInfo()),
                BodyState.Corrupt => Undecodable(status, contentType, retryAfter, call.Token, $"a body that decompresses as {string.Join(", ", codings)}, but the compressed data is corrupt"),
                // The pooled buffer goes back below; the response keeps a copy of exactly the body.
                _ => new BakongResponse(status, rented.AsSpan(0, length).ToArray(), contentType, retryAfter) { SentWith = call.Token },
            };
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

    /// <summary>
    /// A body that cannot be turned back into bytes: on a 2xx a decode error; otherwise the response with an empty body,
    /// so its status decides.
    /// </summary>
    private static Fin<BakongResponse> Undecodable(int status, Option<string> contentType, Option<TimeSpan> retryAfter, AccessToken? token, string expected)
    {
        var empty = new BakongResponse(status, ReadOnlyMemory<byte>.Empty, contentType, retryAfter) { SentWith = token };
        return status is >= 200 and < 300
            ? new BakongError.Decode(new DecodeError("", expected), empty.ToResponseInfo())
            : empty;
    }

    /// <summary>The codings to undo, in the order applied; <paramref name="unknown"/> names one this client cannot undo.</summary>
    private static List<string> Codings(ICollection<string> header, out string? unknown)
    {
        unknown = null;
        var codings = new List<string>(header.Count);
        foreach (var raw in header)
        {
            var coding = raw.Trim().ToLowerInvariant();
            if (coding is "" or "identity")
                continue;
            if (coding is "x-gzip")
                coding = "gzip";
            // More than a few layers is no proxy's doing; each layer is bounded, but stacking them is refused.
            if (coding is not ("gzip" or "deflate" or "br") || codings.Count == 3)
            {
                unknown = raw.Length <= 40 ? raw : raw[..40];
                return codings;
            }
            codings.Add(coding);
        }
        return codings;
    }

    private HttpRequestMessage Build(BakongRequest request, AccessToken? token)
    {
        var message = new HttpRequestMessage(HttpMethod.Post.Method == request.Method ? HttpMethod.Post : new HttpMethod(request.Method), addresses.GetOrAdd(request.Path, static (path, prefix) => new Uri(prefix + path), prefix))
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

    /// <summary>Where a redirect points, made absolute against the request's address; None without a usable Location.</summary>
    private static Option<Uri> Target(HttpResponseMessage response) =>
        response.Headers.Location is { } location
        && (location.IsAbsoluteUri ? location : response.RequestMessage?.RequestUri is { } from && Uri.TryCreate(from, location, out var made) ? made : null) is { } target
            ? target
            : Option<Uri>.None;

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

    private enum BodyState { Complete, TooLarge, Corrupt }

    /// <summary>
    /// Reads at most <paramref name="limit"/> plus one byte into a pooled buffer, so an oversized body is detected without
    /// being held. With <paramref name="codings"/>, the compressed bytes read are capped at the same limit and the
    /// decompressed ones land in the buffer, so neither side can exceed it. The caller returns the buffer to the pool.
    /// </summary>
    private static async Task<(byte[] Buffer, int Length, BodyState State)> ReadBody(HttpContent content, List<string> codings, long limit, CancellationToken cancellationToken)
    {
        var declared = content.Headers.ContentLength;
        if (declared > limit)
            return (ArrayPool<byte>.Shared.Rent(1), 0, BodyState.TooLarge);
        // A compressed body's declared length says nothing about its size once inflated.
        var buffer = ArrayPool<byte>.Shared.Rent(declared is { } n && codings.Count == 0 ? (int)Math.Max(n, 1) : (int)Math.Min(8192, limit + 1));
        var length = 0;
        CappedStream? sent = null;
        try
        {
            using var raw = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var stream = raw;
            if (codings.Count > 0)
            {
                stream = sent = new CappedStream(raw, limit);
                // Codings are listed in the order applied, so they are undone last first.
                for (var i = codings.Count - 1; i >= 0; i--)
                    stream = codings[i] switch
                    {
                        "gzip" => new GZipStream(stream, CompressionMode.Decompress),
                        "deflate" => new ZLibStream(stream, CompressionMode.Decompress),
                        _ => new BrotliStream(stream, CompressionMode.Decompress),
                    };
            }
            using (stream == raw ? null : stream)
            {
                while (true)
                {
                    if (length > limit || sent is { Exceeded: true })
                        return (buffer, length, BodyState.TooLarge);
                    if (length == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, limit + 1));
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                    int read;
                    try
                    {
                        read = await stream.ReadAsync(buffer.AsMemory(length, (int)Math.Min(buffer.Length - length, limit + 1 - length)), cancellationToken).ConfigureAwait(false);
                    }
                    catch (InvalidDataException)
                    {
                        // A compressed body cut at the limit reads as corrupt; it is too large, not broken.
                        return (buffer, length, sent is { Exceeded: true } ? BodyState.TooLarge : BodyState.Corrupt);
                    }
                    if (read == 0)
                        return (buffer, length, sent is { Exceeded: true } ? BodyState.TooLarge : BodyState.Complete);
                    length += read;
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>Passes at most <c>limit</c> bytes through, then ends the stream and says so: compressed input is bounded too.</summary>
    private sealed class CappedStream(Stream inner, long limit) : Stream
    {
        private long total;

        /// <summary>Whether more than the limit was offered.</summary>
        public bool Exceeded { get; private set; }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Exceeded)
                return 0;
            // One byte past the limit is asked for, to tell "exactly the limit" from "more".
            var room = (int)Math.Min(buffer.Length, limit + 1 - total);
            var read = await inner.ReadAsync(buffer[..room], cancellationToken).ConfigureAwait(false);
            total += read;
            if (total > limit)
            {
                Exceeded = true;
                return 0;
            }
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (Exceeded)
                return 0;
            var read = inner.Read(buffer[..(int)Math.Min(buffer.Length, limit + 1 - total)]);
            total += read;
            if (total > limit)
            {
                Exceeded = true;
                return 0;
            }
            return read;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
