using System.CommandLine;
using System.Runtime.InteropServices;
using Bakong.Functional.Cli.Sandbox;

namespace Bakong.Functional.Cli;

internal sealed partial class BakongCli
{
    private Command SandboxCommand()
    {
        var port = new Option<int>("--port")
        {
            Description = $"The port on 127.0.0.1 (default {SandboxSettings.DefaultPort}; 0 picks a free one).",
            DefaultValueFactory = _ => SandboxSettings.DefaultPort,
        };
        port.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 65535)
                r.AddError("--port must be from 0 to 65535.");
        });
        var latency = new Option<TimeSpan?>("--latency")
        {
            Description = "A network delay added to every API request, e.g. 30ms (default none).",
            CustomParser = ParseDuration,
        };
        var seed = new Option<string>("--seed")
        {
            Description = "A JSON file to load first: accounts, emails, qrs (shown, waiting to be paid) and payments.",
        };
        var command = new Command("sandbox",
            "Serve a local Bakong on 127.0.0.1 until Ctrl+C or SIGTERM: the API for your checkout, and a dashboard at / " +
            "that makes KHQRs or shows your app's, pays them as the customer would, shows the e-mailed codes and injects faults. " +
            "--token VALUE makes the sandbox accept that token, so an app's settings survive a restart.")
        {
            port, latency, seed,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var report = new Report(host, parse.GetValue(json), "sandbox");
            var seeded = parse.GetValue(seed) is { } file ? SandboxSeed.Load(file) : SandboxSeed.Empty;
            if (seeded.IsFail)
                return report.Fail(Report.Failure(seeded));
            // --token (never BAKONG_TOKEN, which may hold a real one) is accepted from the start and kept across restarts.
            AccessToken? given = null;
            if (NonEmpty(parse.GetValue(token)) is { } text)
            {
                var parsed = AccessToken.From(text);
                if (parsed.IsFail)
                    return report.Fail(new BakongError.InvalidInput(Report.Failure(parsed) is BakongError.InvalidInput bad
                        ? bad.Errors.Map(f => f with { Field = "--token" })
                        : LanguageExt.Seq.create(new FieldError("--token", "is not a valid bearer token"))));
                given = (AccessToken)parsed;
            }
            var settings = new SandboxSettings(parse.GetValue(port), parse.GetValue(latency) ?? TimeSpan.Zero, (SandboxSeed)seeded) { Token = given };
            return await ServeSandboxAsync(settings, report, cancellationToken);
        });
        return command;
    }

    /// <summary>Serves until <paramref name="cancellationToken"/> fires or the process gets SIGTERM or SIGINT, then stops cleanly with exit code 0.</summary>
    private static async Task<int> ServeSandboxAsync(SandboxSettings settings, Report report, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var term = OnSignal(PosixSignal.SIGTERM, stop);
        using var interrupt = OnSignal(PosixSignal.SIGINT, stop);
        var started = await SandboxServer.StartAsync(settings, cancellationToken: stop.Token);
        if (started.IsFail)
            return report.Fail(Report.Failure(started));
        await using var sandbox = (SandboxServer)started;
        report.Ok(
            o =>
            {
                o.WriteLine("Bakong sandbox: a local Bakong Open API, and a dashboard to pay its QRs.");
                o.WriteLine($"  base URL:  {sandbox.BaseUrl.AbsoluteUri}");
                o.WriteLine($"  token:     {sandbox.Token.Reveal()}");
                o.WriteLine($"  dashboard: {sandbox.DashboardUrl.AbsoluteUri}");
                o.WriteLine("The token opens only this sandbox. To use it from the tool:");
                o.WriteLine($"  export {BaseUrlVariable}={sandbox.BaseUrl.AbsoluteUri} {TokenVariable}={sandbox.Token.Reveal()}");
                o.WriteLine("Stop with Ctrl+C or SIGTERM.");
            },
            w =>
            {
                w.WriteString("baseUrl", sandbox.BaseUrl.AbsoluteUri);
                w.WriteString("token", sandbox.Token.Reveal());
                w.WriteString("dashboardUrl", sandbox.DashboardUrl.AbsoluteUri);
            });
        report.Out.Flush();
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C, SIGTERM or the caller: the normal way to stop.
        }
        report.Error.WriteLine("sandbox: stopping");
        return ExitCodes.Ok;
    }

    /// <summary>Turns a signal into a cancellation, so the server stops cleanly instead of the process dying mid-answer.</summary>
    private static PosixSignalRegistration? OnSignal(PosixSignal signal, CancellationTokenSource stop)
    {
        try
        {
            return PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                stop.Cancel();
            });
        }
        catch (PlatformNotSupportedException)
        {
            return null;
        }
    }
}
