using Bakong.Functional.DependencyInjection;
using LanguageExt;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Bakong.Functional.Redis;

/// <summary>Runs the Bakong client of every instance of a service through one Redis: one shared token and one poller.</summary>
/// <example>
/// <code>
/// builder.Services.AddBakongClient(builder.Configuration.GetSection("Bakong"));
/// builder.Services.AddBakongRedisFleet(builder.Configuration.GetConnectionString("Redis"), fleet => fleet.InstanceId = podName);
/// // later, injected:
/// public CheckoutController(BakongClient bakong, RedisPaymentWatcher payments) { … }
/// </code>
/// </example>
public static class BakongRedisServiceCollectionExtensions
{
    /// <summary>
    /// Connects to Redis and makes every <see cref="BakongClient"/> take its token from a <see cref="RedisAccessTokenSource"/>
    /// (when <see cref="BakongSettings.Email"/> is set; otherwise the configured token is used as before), and registers
    /// a singleton <see cref="RedisPaymentWatcher"/> that joins the fleet's poller lease when the host starts and releases
    /// it when the host stops. The Bakong settings are those of <see cref="BakongServiceCollectionExtensions.AddBakongClient(IServiceCollection?, Action{BakongSettings}?)"/>,
    /// called first if it was not. Nothing here throws: a bad connection string makes every call answer
    /// <see cref="BakongError.InvalidInput"/> naming <c>connectionString</c>.
    /// </summary>
    /// <param name="services">The container.</param>
    /// <param name="redisConnectionString">A StackExchange.Redis connection string, for example <c>redis:6379,password=…</c>.</param>
    /// <param name="configure">Sets the fleet settings; null leaves the defaults.</param>
    /// <returns>The container; a new one holding the registration when <paramref name="services"/> is null.</returns>
    public static IServiceCollection AddBakongRedisFleet(this IServiceCollection? services, string? redisConnectionString, Action<BakongRedisSettings>? configure = null)
    {
        services ??= new ServiceCollection();
        if (!services.Any(d => d.ServiceType == typeof(BakongServiceCollectionExtensions.BakongTokens)))
            services.AddBakongClient((Action<BakongSettings>?)null);
        var settings = new BakongRedisSettings();
        configure?.Invoke(settings);
        services.AddLogging();
        services.TryAddSingleton(sp => new RedisFleetServices(redisConnectionString, settings, sp));
        services.TryAddSingleton(sp => sp.GetRequiredService<RedisFleetServices>().Watcher);
        // The fleet's token source replaces the one AddBakongClient set up; everything else about the client stays.
        services.Replace(ServiceDescriptor.Transient(sp => Client(sp, sp.GetRequiredService<RedisFleetServices>().Tokens)));
        services.AddHostedService<RedisWatcherHost>();
        return services;
    }

    /// <summary>A client as AddBakongClient makes it, with the fleet's token source when there is one.</summary>
    private static BakongClient Client(IServiceProvider sp, IAccessTokenSource? fleetTokens)
    {
        var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(BakongServiceCollectionExtensions.HttpClientName);
        var valid = BakongServiceCollectionExtensions.Settings(sp);
        if (valid.IsFail)
            return BakongClient.Refusing(http, (LanguageExt.Common.Error)valid);
        var options = BakongServiceCollectionExtensions.ToOptionsFor((BakongSettings)valid, sp);
        options.TokenSource = fleetTokens ?? sp.GetRequiredService<BakongServiceCollectionExtensions.BakongTokens>().Source;
        return new BakongClient(http, options);
    }

    /// <summary>The connection, the shared token source and this instance's watcher, made once per container.</summary>
    internal sealed class RedisFleetServices : IAsyncDisposable
    {
        private readonly Fin<ConnectionMultiplexer> connection;

        public RedisFleetServices(string? connectionString, BakongRedisSettings settings, IServiceProvider sp)
        {
            connection = RedisFleet.Configure(connectionString).Bind(Connect);
            var logs = sp.GetRequiredService<ILoggerFactory>();
            var redis = connection.IsSucc ? (ConnectionMultiplexer)connection : null;
            var valid = BakongServiceCollectionExtensions.Settings(sp);
            if (valid.IsSucc && !string.IsNullOrWhiteSpace(((BakongSettings)valid).Email))
            {
                var s = (BakongSettings)valid;
                var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(BakongServiceCollectionExtensions.HttpClientName);
                var tokenOptions = settings.Tokens with { RenewalMargin = s.RenewalMargin };
                Tokens = connection.IsFail
                    ? new RefusingTokenSource((LanguageExt.Common.Error)connection)
                    : new RedisAccessTokenSource(redis, http, BakongServiceCollectionExtensions.ToOptionsFor(s, sp), s.Email,
                        AccessToken.From(s.Token).ToOption(), tokenOptions, logs.CreateLogger<RedisAccessTokenSource>());
            }
            var watcherOptions = settings.InstanceId is { } id ? settings.Watcher with { InstanceId = id } : settings.Watcher;
            Watcher = new RedisPaymentWatcher(redis, Client(sp, Tokens), watcherOptions, logs.CreateLogger<RedisPaymentWatcher>());
        }

        public IAccessTokenSource? Tokens { get; }

        public RedisPaymentWatcher Watcher { get; }

        public async ValueTask DisposeAsync()
        {
            await Watcher.DisposeAsync().ConfigureAwait(false);
            if (connection.IsSucc)
                await ((ConnectionMultiplexer)connection).DisposeAsync().ConfigureAwait(false);
        }

        private static Fin<ConnectionMultiplexer> Connect(ConfigurationOptions options)
        {
            try
            {
                // With AbortOnConnectFail off this returns while Redis is down, and connects when it is back.
                return ConnectionMultiplexer.Connect(options);
            }
#pragma warning disable CA1031 // The registration never throws; a broken configuration becomes every call's error.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                return BakongError.InvalidInput.Of("connectionString", $"cannot be used: {ex.GetType().Name}");
            }
        }
    }

    /// <summary>Joins the poller lease when the host starts, and releases it when the host stops.</summary>
    internal sealed class RedisWatcherHost(RedisFleetServices fleet) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => fleet.Watcher.StopAsync();
    }

    private sealed class RefusingTokenSource(LanguageExt.Common.Error error) : IAccessTokenSource
    {
        public ValueTask<Fin<AccessToken>> GetTokenAsync(CancellationToken cancellationToken = default) => new(error);

        public ValueTask<Fin<AccessToken>> RenewAsync(AccessToken rejected, CancellationToken cancellationToken = default) => new(error);
    }
}

/// <summary>Settings of <see cref="BakongRedisServiceCollectionExtensions.AddBakongRedisFleet"/>.</summary>
public sealed class BakongRedisSettings
{
    /// <summary>This instance's name in Redis; set it to something that survives a restart (a pod or host name). Overrides <see cref="RedisWatcherOptions.InstanceId"/>.</summary>
    public string? InstanceId { get; set; }

    /// <summary>How the token is shared; its renewal margin is taken from <see cref="BakongSettings.RenewalMargin"/>.</summary>
    public RedisTokenOptions Tokens { get; set; } = RedisTokenOptions.Default;

    /// <summary>How polling is shared: lease, intervals, and the lease holder's <see cref="PaymentWatcherOptions"/>.</summary>
    public RedisWatcherOptions Watcher { get; set; } = new();
}
