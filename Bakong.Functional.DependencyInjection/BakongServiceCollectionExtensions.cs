using LanguageExt;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
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
    /// configured, one <see cref="RenewingAccessTokenSource"/> is shared by every client. Settings are validated when the
    /// host starts (<c>ValidateOnStart</c>): a bad one stops startup with a message naming its configuration key, such as
    /// <c>Bakong:Timeout: 'abc' is not a duration such as 00:00:30.</c> Without a host, a client resolved from bad settings
    /// never throws: every call answers <see cref="BakongError.InvalidInput"/> with the same messages.
    /// </summary>
    /// <param name="services">The container.</param>
    /// <param name="configuration">The section holding <see cref="BakongSettings"/>; null leaves the defaults.</param>
    /// <returns>The container; a new one holding the registration when <paramref name="services"/> is null, since nothing here throws.</returns>
    public static IServiceCollection AddBakongClient(this IServiceCollection? services, IConfiguration? configuration)
    {
        services ??= new ServiceCollection();
        var section = (configuration as IConfigurationSection)?.Path ?? BakongSettings.DefaultSectionName;
        if (configuration is not null)
        {
            // Read key by key: text that does not convert is left at its default, and the validator names its key.
            services.AddOptions<BakongSettings>().Configure(settings =>
                BakongSettingsValidator.Read(new SettingsReader(configuration, section), settings));
        }
        return services.AddBakongCore(configuration, section);
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
        return services.AddBakongCore(null, BakongSettings.DefaultSectionName);
    }

    private static IServiceCollection AddBakongCore(this IServiceCollection services, IConfiguration? configuration, string section)
    {
        services.AddOptions<BakongSettings>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<BakongSettings>>(new BakongSettingsValidator(configuration, section));
        // IHttpClientFactory's own loggers write four Information lines per request; a watcher polling every 2 s would
        // flood a default app's log. A failed call comes back as a BakongError either way.
        // Redirects are never followed: a 3xx becomes BakongError.UnexpectedStatus naming its target, and nothing is sent there.
        services.AddHttpClient(HttpClientName).RemoveAllLoggers().ConfigurePrimaryHttpMessageHandler((handler, _) =>
        {
            if (handler is SocketsHttpHandler sockets)
                sockets.AllowAutoRedirect = false;
            else if (handler is HttpClientHandler classic)
                classic.AllowAutoRedirect = false;
        });
        services.TryAddSingleton<BakongTokens>();
        services.TryAddTransient(sp =>
        {
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
            var settings = Settings(sp);
            if (settings.IsFail)
                return BakongClient.Refusing(http, (LanguageExt.Common.Error)settings);
            var options = ToOptionsFor((BakongSettings)settings, sp);
            options.TokenSource = sp.GetRequiredService<BakongTokens>().Source
                ?? new MissingTokenSource($"{section}:Token");
            return new BakongClient(http, options);
        });
        return services;
    }

    /// <summary>The validated settings, or every problem as one <see cref="BakongError.InvalidInput"/> keyed by configuration key.</summary>
    internal static LanguageExt.Fin<BakongSettings> Settings(IServiceProvider services)
    {
        try
        {
            return services.GetRequiredService<IOptions<BakongSettings>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            return new BakongError.InvalidInput(LanguageExt.Prelude.toSeq(ex.Failures.Select(ToField)).Strict());
        }
    }

    // "Bakong:Timeout: must be …" becomes the field "Bakong:Timeout" and its reason.
    private static FieldError ToField(string failure)
    {
        var at = failure.IndexOf(": ", StringComparison.Ordinal);
        return at > 0 ? new FieldError(failure[..at], failure[(at + 2)..].TrimEnd('.')) : new FieldError(BakongSettings.DefaultSectionName, failure);
    }

    /// <summary>The library options these settings describe, logging to the container's <see cref="ILoggerFactory"/> when it has one.</summary>
    internal static BakongClientOptions ToOptionsFor(BakongSettings settings, IServiceProvider services)
    {
        var options = ToOptions(settings, services.GetService<TimeProvider>());
        options.LoggerFactory = services.GetService<ILoggerFactory>();
        return options;
    }

    /// <summary>The library options these settings describe.</summary>
    internal static BakongClientOptions ToOptions(BakongSettings settings, TimeProvider? timeProvider) => new()
    {
        BaseUrl = settings.BaseUrl ?? Preset(settings.Environment),
        Token = AccessToken.From(settings.Token).ToOption(),
        Timeout = settings.Timeout,
        Retry = (settings.Retry ?? new RetrySettings()).ToPolicy(),
        TimeProvider = timeProvider ?? TimeProvider.System,
    };

    // Validation has already refused an unknown name; the fallback keeps this total.
    private static Uri Preset(string? name) =>
        string.IsNullOrWhiteSpace(name) || name.Equals("Production", StringComparison.OrdinalIgnoreCase) ? BakongEnvironment.Production
        : name.Equals("Sit", StringComparison.OrdinalIgnoreCase) ? BakongEnvironment.Sit
        : new Uri("unknown-environment", UriKind.Relative);

    /// <summary>The one token source all clients share, so renewal stays single-flight across the application.</summary>
    internal sealed class BakongTokens
    {
        public BakongTokens(IHttpClientFactory factory, IServiceProvider services)
        {
            var valid = Settings(services);
            if (valid.IsFail)
                return;
            var s = (BakongSettings)valid;
            var initial = AccessToken.From(s.Token).ToOption();
            if (string.IsNullOrWhiteSpace(s.Email))
            {
                Source = initial.IsSome ? new FixedAccessTokenSource((AccessToken)initial) : null;
                return;
            }
            var timeProvider = services.GetService<TimeProvider>();
            var anonymous = new BakongClient(factory.CreateClient(HttpClientName), ToOptionsFor(s, services));
            Source = new RenewingAccessTokenSource(anonymous, s.Email, initial, s.RenewalMargin, timeProvider);
        }

        public IAccessTokenSource? Source { get; }
    }

    /// <summary>What a DI client without a token answers on an endpoint that needs one: the configuration keys to set.</summary>
    private sealed class MissingTokenSource(string key) : IAccessTokenSource
    {
        private LanguageExt.Fin<AccessToken> Missing =>
            BakongError.InvalidInput.Of(key, $"is not set: this endpoint needs an access token; set {key}, or {key[..^"Token".Length]}Email to renew one");

        public ValueTask<LanguageExt.Fin<AccessToken>> GetTokenAsync(CancellationToken cancellationToken = default) => new(Missing);

        public ValueTask<LanguageExt.Fin<AccessToken>> RenewAsync(AccessToken rejected, CancellationToken cancellationToken = default) => new(Missing);
    }
}
