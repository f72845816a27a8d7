using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using Xunit.Abstractions;

namespace Bakong.Functional.Sandbox.Tests;

/// <summary><c>bakong sandbox</c> as its own process, as a developer or a container runtime runs and stops it.</summary>
public sealed class SigtermTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Sigterm_stops_the_sandbox_within_a_second_with_exit_code_0_even_with_a_browser_connection_open()
    {
        // The CLI's own build, copied beside the tests as a referenced project: dotnet bakong.dll.
        var dll = Path.Combine(AppContext.BaseDirectory, "bakong.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in new[] { "exec", dll, "sandbox", "--port", "0", "--json" })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        try
        {
            using var ready = await ReadDocumentAsync(process.StandardOutput);
            var result = ready.RootElement.GetProperty("result");
            var baseUrl = new Uri(result.GetProperty("baseUrl").GetString()!);
            Assert.Equal(baseUrl, new Uri(result.GetProperty("dashboardUrl").GetString()!));
            Assert.True(AccessToken.From(result.GetProperty("token").GetString()).IsSucc);

            // A kept-alive connection, as a dashboard tab leaves one.
            using var http = new HttpClient();
            Assert.Contains("Bakong sandbox", await http.GetStringAsync(baseUrl), StringComparison.Ordinal);

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                await kill.WaitForExitAsync();
            var clock = Stopwatch.StartNew();
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(limit.Token);
            clock.Stop();
            output.WriteLine($"stopped {clock.ElapsedMilliseconds} ms after SIGTERM");

            Assert.Equal(0, process.ExitCode);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.ElapsedMilliseconds} ms");
            using var socket = new TcpClient();
            await Assert.ThrowsAnyAsync<SocketException>(() => socket.ConnectAsync(baseUrl.Host, baseUrl.Port));
        }
        finally
        {
            if (!process.HasExited)
                process.Kill();
        }
    }

    /// <summary>The one JSON document <c>--json</c> prints at start, read line by line until it parses.</summary>
    private static async Task<JsonDocument> ReadDocumentAsync(StreamReader stdout)
    {
        var text = new System.Text.StringBuilder();
        while (await stdout.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)) is { } line)
        {
            text.AppendLine(line);
            if (line.StartsWith('}'))
                return JsonDocument.Parse(text.ToString());
        }
        throw new Xunit.Sdk.XunitException($"the sandbox ended before it was ready: {text}");
    }
}
