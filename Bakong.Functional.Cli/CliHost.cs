using System.Runtime.InteropServices;

namespace Bakong.Functional.Cli;

/// <summary>Everything the tool touches outside itself, so tests can supply their own.</summary>
/// <param name="Out">Where results go (stdout).</param>
/// <param name="Error">Where errors and progress go (stderr).</param>
/// <param name="GetEnvironmentVariable">Reads BAKONG_TOKEN and BAKONG_BASE_URL.</param>
/// <param name="Handler">Sends the HTTP requests; null means a real <see cref="HttpClientHandler"/>. Not disposed by the tool.</param>
/// <param name="Input">Where <c>-</c> reads from (stdin); null means nothing to read.</param>
/// <param name="Time">The clock for KHQR creation and expiry times; null means the system clock.</param>
/// <param name="Signals">Which signal cancelled the run, if any; null means Ctrl+C (exit code 130).</param>
internal sealed record CliHost(
    TextWriter Out, TextWriter Error, Func<string, string?> GetEnvironmentVariable, HttpMessageHandler? Handler = null,
    TextReader? Input = null, TimeProvider? Time = null, Signals? Signals = null)
{
    public static CliHost Console(Signals? signals = null) =>
        new(System.Console.Out, System.Console.Error, Environment.GetEnvironmentVariable, Input: System.Console.In, Signals: signals);

    public TimeProvider Clock => Time ?? TimeProvider.System;

    /// <summary>The exit code of a cancelled run: 130 after Ctrl+C (SIGINT), 143 after SIGTERM, as shells report them.</summary>
    public int CancelledExitCode => Signals?.ExitCode ?? ExitCodes.Cancelled;
}

/// <summary>Reports on the calling thread, so progress lines come out in order with the rest (Progress&lt;T&gt; posts to the thread pool).</summary>
internal sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM cancel the running command instead of ending the process, so it still reports, as one
/// JSON document with <c>--json</c>. A second signal ends the process at once, for a command that does not stop.
/// </summary>
internal sealed class Signals : IDisposable
{
    private readonly CancellationTokenSource cancel = new();
    private readonly List<PosixSignalRegistration> registrations = [];
    private int exitCode = ExitCodes.Cancelled;
    private int received;

    private Signals()
    {
    }

    public CancellationToken Token => cancel.Token;

    /// <summary>130 after SIGINT, 143 after SIGTERM: the first signal received decides.</summary>
    public int ExitCode => Volatile.Read(ref exitCode);

    public static Signals Listen()
    {
        var signals = new Signals();
        signals.On(PosixSignal.SIGINT, ExitCodes.Cancelled);
        signals.On(PosixSignal.SIGTERM, ExitCodes.Terminated);
        return signals;
    }

    private void On(PosixSignal signal, int code)
    {
        try
        {
            registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                if (Interlocked.Increment(ref received) > 1)
                    return;
                context.Cancel = true;
                Volatile.Write(ref exitCode, code);
                cancel.Cancel();
            }));
        }
        catch (PlatformNotSupportedException)
        {
            // Where a signal cannot be caught, it ends the process as it always did.
        }
    }

    public void Dispose()
    {
        foreach (var registration in registrations)
            registration.Dispose();
        cancel.Dispose();
    }
}
