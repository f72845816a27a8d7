using System.Text.Json;

namespace Bakong.Functional.Cli.Tests;

/// <summary>One run of the tool: its exit code and everything it wrote.</summary>
public sealed record CliResult(int Exit, string Out, string Err)
{
    public JsonElement Json() => JsonDocument.Parse(Out).RootElement;

    public override string ToString() => $"exit {Exit}\n--- stdout\n{Out}\n--- stderr\n{Err}";
}

/// <summary>Runs the tool in-process against an emulator, with captured stdout/stderr and a fake environment.</summary>
public sealed class Cli : IDisposable
{
    public const string Loopback = "http://127.0.0.1/";

    private readonly HttpMessageHandler handler;

    public Cli(BakongEmulator? emulator = null)
    {
        Emulator = emulator ?? new BakongEmulator();
        Recorder = new UriRecorder(Emulator.CreateHandler());
        handler = Recorder;
        Token = Emulator.IssueToken();
        Environment = new Dictionary<string, string>
        {
            [BakongCli.BaseUrlVariable] = Loopback,
            [BakongCli.TokenVariable] = Token.Reveal(),
        };
    }

    public BakongEmulator Emulator { get; }

    public AccessToken Token { get; }

    public UriRecorder Recorder { get; }

    public Dictionary<string, string> Environment { get; }

    /// <summary>What the tool reads for <c>-</c> (stdin).</summary>
    public string? Input { get; set; }

    /// <summary>The tool's clock for KHQR times; null means the system clock.</summary>
    public TimeProvider? Time { get; set; }

    public async Task<CliResult> Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var stdin = new StringReader(Input ?? "");
        var host = new CliHost(stdout, stderr, name => Environment.TryGetValue(name, out var v) ? v : null, handler, stdin, Time);
        var exit = await BakongCli.RunAsync(args, host);
        var result = new CliResult(exit, stdout.ToString(), stderr.ToString());
        // The token is a secret: no run may print it, whatever happened.
        Assert.DoesNotContain(Token.Reveal(), result.Out + result.Err, StringComparison.Ordinal);
        return result;
    }

    public void Dispose() => handler.Dispose();
}

/// <summary>Records the URIs sent, to see which host the settings chose.</summary>
public sealed class UriRecorder(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private readonly List<Uri> uris = [];

    public IReadOnlyList<Uri> Uris
    {
        get
        {
            lock (uris)
                return [.. uris];
        }
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (uris)
            uris.Add(request.RequestUri!);
        return base.SendAsync(request, cancellationToken);
    }
}
