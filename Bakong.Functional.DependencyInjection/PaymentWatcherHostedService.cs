using Microsoft.Extensions.Hosting;

namespace Bakong.Functional.DependencyInjection;

/// <summary>
/// Runs the application's one <see cref="PaymentWatcher"/> for as long as the host runs: it is created (and starts) with
/// the host, and stopping the host stops it, ending every payment still pending with <see cref="BakongError.Cancelled"/>.
/// </summary>
/// <param name="watcher">The watcher registered by <see cref="PaymentWatcherServiceCollectionExtensions.AddBakongPaymentWatcher(Microsoft.Extensions.DependencyInjection.IServiceCollection?, Microsoft.Extensions.Configuration.IConfiguration?)"/>.</param>
public sealed class PaymentWatcherHostedService(PaymentWatcher watcher) : IHostedService
{
    /// <summary>Nothing to do: the watcher started when the host created it.</summary>
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Stops the watcher; if the host's shutdown time runs out first, the watcher finishes stopping on its own.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await watcher.StopAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The host gave up waiting; every request is already cancelled.
        }
    }
}
