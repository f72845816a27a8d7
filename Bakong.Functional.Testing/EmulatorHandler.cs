using System.Net;
using System.Net.Sockets;

namespace Bakong.Functional.Testing;

/// <summary>The in-process face: each request goes straight to the emulator; transport faults throw what a socket would.</summary>
internal sealed class EmulatorHandler(BakongEmulator emulator) : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var authorization = request.Headers.Authorization?.ToString();
        var path = request.RequestUri is { IsAbsoluteUri: true } uri ? uri.AbsolutePath : request.RequestUri?.OriginalString ?? "/";
        var reply = await emulator.ReceiveAsync(request.Method.Method, path, authorization, body, cancellationToken).ConfigureAwait(false);
        if (reply.Delivery is Fault.ConnectionReset)
            throw new HttpRequestException(HttpRequestError.ConnectionError, "An error occurred while sending the request.",
                new IOException("Unable to read data from the transport connection: Connection reset by peer.",
                    new SocketException((int)SocketError.ConnectionReset)));
        HttpContent content = reply.Delivery switch
        {
            Fault.TruncatedBody => new StreamContent(new TruncatedStream(reply.Body)),
            Fault.SlowDrip d => new StreamContent(new DripStream(reply.Body, d.ChunkSize, d.ChunkDelay, emulator.Time)),
            _ => new ByteArrayContent(reply.Body),
        };
        // The declared length is the whole body even when less arrives, as on the wire.
        content.Headers.ContentLength = reply.Body.Length;
        if (reply.ContentType is { } type)
            content.Headers.TryAddWithoutValidation("Content-Type", type);
        var response = new HttpResponseMessage((HttpStatusCode)reply.Status) { RequestMessage = request, Content = content };
        foreach (var (name, value) in reply.Headers)
        {
            // Content headers such as Content-Encoding belong to the content, as on the wire.
            if (!response.Headers.TryAddWithoutValidation(name, value))
                content.Headers.TryAddWithoutValidation(name, value);
        }
        return response;
    }

    // HttpClient.Send (synchronous) lands here; blocking is acceptable in a test double.
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        SendAsync(request, cancellationToken).GetAwaiter().GetResult();

    /// <summary>Half the body, then the error HttpClient raises when a connection closes mid-body.</summary>
    private sealed class TruncatedStream(byte[] body) : ReadOnlyStream
    {
        private int position;
        private readonly int cut = body.Length / 2;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            if (position >= cut)
                throw new HttpIOException(HttpRequestError.ResponseEnded, "The response ended prematurely. (ResponseEnded)");
            var n = Math.Min(buffer.Length, cut - position);
            body.AsMemory(position, n).CopyTo(buffer);
            position += n;
            return n;
        }
    }

    /// <summary>The body a few bytes at a time, with a delay before each chunk.</summary>
    private sealed class DripStream(byte[] body, int chunkSize, TimeSpan delay, TimeProvider time) : ReadOnlyStream
    {
        private int position;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (position >= body.Length)
                return 0;
            if (delay > TimeSpan.Zero)
                await Task.Delay(BakongEmulator.Limit(delay), time, cancellationToken).ConfigureAwait(false);
            var n = Math.Min(Math.Min(buffer.Length, Math.Max(1, chunkSize)), body.Length - position);
            body.AsMemory(position, n).CopyTo(buffer);
            position += n;
            return n;
        }
    }

    /// <summary>A forward-only, async-only read stream.</summary>
    private abstract class ReadOnlyStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
