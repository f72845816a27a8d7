namespace Bakong.Functional.Testing;

// The simulated network around the API: both faces call ReceiveAsync.
public sealed partial class BakongEmulator
{
    /// <summary>
    /// One request over the simulated network: half of <see cref="EmulatorOptions.NetworkDelay"/> on the way in, the
    /// API's answer, the other half on the way out.
    /// </summary>
    /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> fires during a delay or a never-answer fault.</exception>
    internal async Task<EmulatorReply> ReceiveAsync(string method, string path, string? authorization, byte[] body, CancellationToken cancellationToken)
    {
        var delay = Options.NetworkDelay > TimeSpan.Zero ? Limit(Options.NetworkDelay) : TimeSpan.Zero;
        var inbound = delay / 2;
        if (inbound > TimeSpan.Zero)
            await Task.Delay(inbound, Time, cancellationToken).ConfigureAwait(false);
        var reply = await ReceiveAtServerAsync(method, path, authorization, body, cancellationToken).ConfigureAwait(false);
        if (delay - inbound > TimeSpan.Zero)
            await Task.Delay(delay - inbound, Time, cancellationToken).ConfigureAwait(false);
        return reply;
    }
}
