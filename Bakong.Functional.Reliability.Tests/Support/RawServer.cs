using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Bakong.Functional.Reliability.Tests.Support;

/// <summary>One accepted connection whose request has been read: write any bytes, or break HTTP on purpose.</summary>
public sealed class RawExchange(TcpClient client, NetworkStream stream, string head, CancellationToken stopping)
{
    public string Head { get; } = head;
    public NetworkStream Stream { get; } = stream;
    public CancellationToken Stopping { get; } = stopping;

    public Task Write(byte[] bytes) => Stream.WriteAsync(bytes, Stopping).AsTask();

    public Task Write(string text) => Write(Encoding.UTF8.GetBytes(text));

    /// <summary>Closes with an RST instead of a FIN.</summary>
    public void Reset()
    {
        client.Client.LingerState = new LingerOption(true, 0);
        client.Client.Close();
    }

    /// <summary>Waits until the client closes or aborts the connection.</summary>
    public async Task WaitForClientClose()
    {
        var buffer = new byte[256];
        try
        {
            while (await Stream.ReadAsync(buffer, Stopping) > 0) { }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }
}

/// <summary>
/// A TcpListener on 127.0.0.1:0 that reads each request and lets the test write raw HTTP/1.1 bytes, for faults
/// a real HTTP server would refuse to produce.
/// </summary>
public sealed class RawServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private readonly Task loop;
    private int accepted;
    private int closedByClient;

    private RawServer(Func<RawExchange, Task> behaviour)
    {
        Behaviour = behaviour;
        listener.Start();
        BaseUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
        loop = Task.Run(AcceptLoop);
    }

    public static RawServer Start(Func<RawExchange, Task> behaviour) => new(behaviour);

    public Uri BaseUrl { get; }

    public Func<RawExchange, Task> Behaviour { get; set; }

    public int Accepted => Volatile.Read(ref accepted);

    /// <summary>Connections whose client closed or aborted while the behaviour was still waiting on them.</summary>
    public int ClosedByClient => Volatile.Read(ref closedByClient);

    /// <summary>The request heads received (request line and headers), oldest first.</summary>
    public ConcurrentQueue<string> Heads { get; } = new();

    public void NoteClientClosed() => Interlocked.Increment(ref closedByClient);

    private async Task AcceptLoop()
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            Interlocked.Increment(ref accepted);
            _ = Task.Run(() => Serve(client));
        }
    }

    private async Task Serve(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var head = await ReadRequest(stream, stopping.Token);
                Heads.Enqueue(head);
                await Behaviour(new RawExchange(client, stream, head, stopping.Token));
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away, which several cases are about.
            }
        }
    }

    private static async Task<string> ReadRequest(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new List<byte>(1024);
        var one = new byte[1];
        while (buffer.Count < 65536)
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
                throw new IOException("closed before the request ended");
            buffer.Add(one[0]);
            var n = buffer.Count;
            if (n >= 4 && buffer[n - 4] == '\r' && buffer[n - 3] == '\n' && buffer[n - 2] == '\r' && buffer[n - 1] == '\n')
                break;
        }
        var head = Encoding.ASCII.GetString(buffer.ToArray());
        var length = head.Split("\r\n").Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            .Select(p => int.Parse(p[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        var body = new byte[length];
        var read = 0;
        while (read < length)
        {
            var r = await stream.ReadAsync(body.AsMemory(read), cancellationToken);
            if (r == 0) throw new IOException("closed mid-body");
            read += r;
        }
        return head + Encoding.UTF8.GetString(body);
    }

    /// <summary>A whole HTTP/1.1 answer with a Content-Length; extra headers are "Name: value" lines.</summary>
    public static byte[] Http(int status, string body, string? contentType = "application/json", params string[] headers) =>
        Http(status, Encoding.UTF8.GetBytes(body), contentType, headers);

    public static byte[] Http(int status, byte[] body, string? contentType = "application/json", params string[] headers)
    {
        var sb = new StringBuilder();
        sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {Reason(status)}\r\n");
        if (contentType is not null)
            sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"Content-Type: {contentType}\r\n");
        sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\nConnection: close\r\n");
        foreach (var h in headers)
            sb.Append(h).Append("\r\n");
        sb.Append("\r\n");
        return [.. Encoding.ASCII.GetBytes(sb.ToString()), .. body];
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK", 204 => "No Content", 301 => "Moved Permanently", 302 => "Found", 307 => "Temporary Redirect",
        400 => "Bad Request", 401 => "Unauthorized", 403 => "Forbidden", 404 => "Not Found", 418 => "I'm a teapot",
        429 => "Too Many Requests", 500 => "Internal Server Error", 502 => "Bad Gateway", 503 => "Service Unavailable",
        _ => "Status",
    };

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        try { await loop; } catch (OperationCanceledException) { }
        stopping.Dispose();
    }
}
