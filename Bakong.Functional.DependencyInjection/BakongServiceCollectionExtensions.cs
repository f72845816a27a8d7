using LanguageExt;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bakong.Functional.DependencyInjection;

/// <summary>Registers <see cref="BakongClient"/> with a dependency injection container.</summary>
/// <example>
/// <code>
/// builder.Services.AddBakongClient(builder.Configuration.GetSection("Bakong"));
/// // later, injected:
/// public PaymentsController(BakongClient bakong) { … }
/// </code>
/// </example>
public static class BakongServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="System.Net.Http.HttpClient"/> the client uses; configure it further with <c>AddHttpClient(HttpClientName)</c>.</summary>
    public const string HttpClientName = "Bakong.Functional";

    /// <summary>
    /// Registers a transient <see cref="BakongClient"/> built from <see cref="IHttpClientFactory"/>, with settings bound
    /// from <paramref name="configuration"/> (for example <c>configuration.GetSection("Bakong")</c>). When an e-mail is
    /// configured, one <see cref="RenewingAccessTokenSource"/> is shared by every client. Invalid settings never throw:
    /// every call then answers <see cref="BakongError.InvalidInput"/> naming them.
    /// </summary>
    /// <param name="services">The container.</param>
    /// <param name="configuration">The section holding <see cref="BakongSettings"/>; null leaves the defaults.</param>
    /// <returns>The container; a new one holding the registration when <paramref name="services"/> is null, since nothing here throws.</returns>
    public static IServiceCollection AddBakongClient(this IServiceCollection? services, IConfiguration? configuration)
    {
        services ??= new ServiceCollection();
        if (configuration is not null)
            services.Configure<BakongSettings>(configuration);
        return services.AddBakongCore();
    }

    /// <summary>Registers a transient <see cref="BakongClient"/>, with settings set in code.</summary>
    /// <param name="services">The container.</param>
    /// <param name="configure">Sets the settings; null leaves the defaults.</param>
    /// <returns>The container; a new one holding the registration when <paramref name="services"/> is null, since nothing here throws.</returns>
    public static IServiceCollection AddBakongClient(this IServiceCollection? services, Action<BakongSettings>? configure)
    {
        services ??= new ServiceCollection();
        if (configure is not null)
            services.Configure(configure);
        return services.AddBakongCore();
    }

    private static IServiceCollection AddBakongCore(this IServiceCollection services)
    {
        services.AddOptions<BakongSettings>();
        services.AddHttpClient(HttpClientName);
        services.TryAddSingleton<BakongTokens>();
        services.TryAddTransient(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<BakongSettings>>().Value;
            var options = ToOptions(settings, sp.GetService<TimeProvider>());
            options.TokenSource = sp.GetRequiredService<BakongTokens>().Source;
            return new BakongClient(sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName), options);
        });
        return services;
    }

    /// <summary>The library options these settings describe.</summary>
    internal static BakongClientOptions ToOptions(BakongSettings settings, TimeProvider? timeProvider) => new()
    {
        BaseUrl = settings.BaseUrl ?? Preset(settings.Environment),
        Token = AccessToken.From(settings.Token).ToOption(),
        Timeout = settings.Timeout,
        Retry = (settings.Retry ?? new RetrySettings()).ToPolicy(),
        PollSchedule = (settings.Poll ?? ScheduleSettings.From(BackoffSchedule.PollingDefault)).ToSchedule(),
        TimeProvider = timeProvider ?? TimeProvider.System,
    };

    // A relative URI makes the client report "BaseUrl must be an absolute URL" on every call instead of throwing here.
    private static Uri Preset(string? name) =>
        string.IsNullOrWhiteSpace(name) || name.Equals("Production", StringComparison.OrdinalIgnoreCase) ? BakongEnvironment.Production
        : name.Equals("Sit", StringComparison.OrdinalIgnoreCase) ? BakongEnvironment.Sit
        : new Uri("unknown-environment", UriKind.Relative);

    /// <summary>The one token source all clients share, so renewal stays single-flight across the application.</summary>
    internal sealed class BakongTokens
    {
        public BakongTokens(IOptions<BakongSettings> settings, IHttpClientFactory factory, IServiceProvider services)
        {
            var s = settings.Value;
            var initial = AccessToken.From(s.Token).ToOption();
            if (string.IsNullOrWhiteSpace(s.Email))
            {
                Source = initial.IsSome ? new FixedAccessTokenSource((AccessToken)initial) : null;
                return;
            }
            var timeProvider = services.GetService<TimeProvider>();
            var anonymous = new BakongClient(factory.CreateClient(HttpClientName), ToOptions(s, timeProvider));
            Source = new RenewingAccessTokenSource(anonymous, s.Email, initial, s.RenewalMargin, timeProvider);
        }

        public IAccessTokenSource? Source { get; }
    }
}
