using Bakong.Functional.Testing;
using LanguageExt;

namespace Bakong.Functional.Cli.Sandbox;

/// <summary>How to run a sandbox: where to listen, how slow the network is, and what to load first.</summary>
/// <param name="Port">The port on 127.0.0.1; 0 picks a free one.</param>
/// <param name="Latency">Added to every API request (not to the dashboard), as a real network would.</param>
/// <param name="Seed">What to load before serving.</param>
internal sealed record SandboxSettings(int Port, TimeSpan Latency, SandboxSeed Seed)
{
    /// <summary>The token to accept and show from the start (<c>--token</c>), so an app's settings survive a restart; null issues a fresh one.</summary>
    public AccessToken? Token { get; init; }

    /// <summary>The port <c>bakong sandbox</c> listens on unless told otherwise.</summary>
    public const int DefaultPort = 5080;
}

/// <summary>
/// A Bakong emulator served on 127.0.0.1 with its dashboard: the API at the usual paths, the dashboard at <c>/</c>,
/// and the dashboard's actions as JSON under <c>/_sandbox/</c>, a path the real API never uses.
/// </summary>
internal sealed class SandboxServer : IAsyncDisposable
{
    /// <summary>Where QRs made on the dashboard pay to, unless the form says otherwise.</summary>
    public const string DefaultAccount = "shop@sandbox";

    /// <summary>The name QRs made on the dashboard show, unless the form says otherwise.</summary>
    public const string DefaultMerchantName = "Sandbox Shop";

    private readonly object gate = new();
    private AccessToken token;

    private SandboxServer(BakongEmulator emulator, AccessToken token, TimeSpan latency)
    {
        Emulator = emulator;
        this.token = token;
        Latency = latency;
    }

    /// <summary>The emulator whose state the sandbox serves.</summary>
    public BakongEmulator Emulator { get; }

    /// <summary>The running server; set once started.</summary>
    public EmulatorServer Server { get; private set; } = null!;

    /// <summary>The base URL for API clients, such as <c>http://127.0.0.1:5080/</c>.</summary>
    public Uri BaseUrl => Server.BaseUrl;

    /// <summary>The dashboard: the sandbox's root.</summary>
    public Uri DashboardUrl => Server.BaseUrl;

    /// <summary>The library's counters in this process, for the dashboard.</summary>
    public SandboxCounters Counters { get; } = new();

    /// <summary>The added network delay on API requests.</summary>
    public TimeSpan Latency { get; }

    /// <summary>The token to use now: issued at start, replaced by <see cref="IssueToken"/>.</summary>
    public AccessToken Token
    {
        get
        {
            lock (gate)
                return token;
        }
    }

    /// <summary>Issues a fresh token and makes it the one the dashboard shows.</summary>
    public AccessToken IssueToken()
    {
        var fresh = Emulator.IssueToken(email: "sandbox");
        lock (gate)
            token = fresh;
        return fresh;
    }

    /// <summary>Loads the seed, then serves on 127.0.0.1. A port already in use is an error, not an exception.</summary>
    public static async Task<Fin<SandboxServer>> StartAsync(SandboxSettings settings, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        // E-mails register on first use, so the README's first example (renew a token, then check) works on a fresh sandbox;
        // a QR the checkout deep-links is shown, ready to pay.
        var emulator = new BakongEmulator(new EmulatorOptions { NetworkDelay = settings.Latency }, time) { RegistersOnFirstUse = true, ShowsDeeplinkedQrs = true };
        emulator.AddAccount(DefaultAccount);
        var loaded = settings.Seed.ApplyTo(emulator);
        if (loaded.IsFail)
            return (LanguageExt.Common.Error)loaded;
        if (settings.Token is { } given)
            emulator.AcceptToken(given);
        var sandbox = new SandboxServer(emulator, settings.Token ?? emulator.IssueToken(email: "sandbox"), settings.Latency);
        var routes = new SandboxRoutes(sandbox);
        try
        {
            sandbox.Server = await EmulatorServer.StartAsync(emulator, settings.Port, routes.TryHandleAsync, cancellationToken);
        }
        catch (IOException ex)
        {
            // Kestrel reports a taken port as an IOException wrapping the socket error.
            sandbox.Counters.Dispose();
            return new BakongError.InvalidInput(Seq.create(new FieldError("--port", $"cannot listen on 127.0.0.1:{settings.Port}: {ex.Message}")));
        }
        return sandbox;
    }

    /// <summary>Stops serving, cutting off any request still waiting.</summary>
    public ValueTask DisposeAsync()
    {
        Counters.Dispose();
        return Server is null ? ValueTask.CompletedTask : Server.DisposeAsync();
    }
}
