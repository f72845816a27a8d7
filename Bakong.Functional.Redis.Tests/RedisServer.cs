using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Bakong.Functional.Redis;
using StackExchange.Redis;

namespace Bakong.Functional.Redis.Tests;

/// <summary>
/// A real redis-server (Debian's <c>redis-server</c> package) on a free 127.0.0.1 port, with no persistence, owned by
/// one test: started here, stopped and restarted on demand, killed on dispose.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private Process? process;

    private RedisServer(int port) => Port = port;

    /// <summary>The port the server listens on, kept across restarts.</summary>
    public int Port { get; }

    /// <summary>The connection string for this server.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>Starts a server, or fails with the reason (the package to install when redis-server is missing).</summary>
    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer(FreePort());
        await server.RestartAsync();
        return server;
    }

    /// <summary>A new connection, configured as the fleet's are: failing fast while the server is down.</summary>
    public async Task<IConnectionMultiplexer> ConnectAsync()
    {
        var options = (ConfigurationOptions)RedisFleet.Configure(ConnectionString);
        options.ConnectTimeout = 2000;
        // Reconnect quickly once the server is back, so the test need not wait out the default backoff.
        options.ReconnectRetryPolicy = new LinearRetry(100);
        return await ConnectionMultiplexer.ConnectAsync(options);
    }

    /// <summary>Starts the server again on the same port, empty (there is no persistence).</summary>
    public async Task RestartAsync()
    {
        var path = Locate() ?? throw new InvalidOperationException(
            "redis-server was not found on PATH. The Redis tests start their own server: install Debian's 'redis-server' package (apt-get install redis-server).");
        var info = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                     "--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode", "yes", "--loglevel", "warning",
                 })
            info.ArgumentList.Add(arg);
        process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {path}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var until = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < until)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"redis-server exited at once with code {process.ExitCode} on port {Port}");
            if (await Answers())
                return;
            await Task.Delay(20);
        }
        throw new InvalidOperationException($"redis-server did not answer PING on port {Port} within 10 s");
    }

    /// <summary>Kills the server at once, as a crash would.</summary>
    public void Kill()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        process?.Dispose();
        process = null;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Kill();
        return ValueTask.CompletedTask;
    }

    private static string? Locate()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/bin").Append("/usr/sbin"))
        {
            var candidate = Path.Combine(dir, "redis-server");
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task<bool> Answers()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(1));
            return read >= 5 && buffer[0] == (byte)'+';
        }
        catch (Exception e) when (e is SocketException or IOException or TimeoutException)
        {
            return false;
        }
    }
}
