using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Bakong.Functional.DependencyInjection;

/// <summary>Registers a <see cref="PaymentWatcher"/> as a hosted service.</summary>
/// <example>
/// <code>
/// builder.Services.AddBakongClient(builder.Configuration.GetSection("Bakong"));
/// builder.Services.AddBakongPaymentWatcher(builder.Configuration.GetSection("Bakong:Watcher"));
/// // later, injected:
/// app.MapPost("/checkout", (PaymentWatcher watcher) => { var paid = watcher.Watch(qr.Md5, qr.ExpiresAt, expected); … });
/// </code>
/// </example>
public static class PaymentWatcherServiceCollectionExtensions
{
    /// <summary>
    /// Registers one <see cref="PaymentWatcher"/> (a singleton, checking through the registered <see cref="BakongClient"/>;
    /// see <see cref="BakongServiceCollectionExtensions.AddBakongClient(IServiceCollection?, IConfiguration?)"/>) and a
    /// <see cref="PaymentWatcherHostedService"/> that runs it with the host. Settings are bound from
    /// <paramref name="configuration"/> and validated when the host starts: bad ones stop the start with an
    /// <see cref="OptionsValidationException"/> naming each configuration key, such as <c>Bakong:Watcher:Interval</c>.
    /// </summary>
    /// <param name="services">The container.</param>
    /// <param name="configuration">The section holding <see cref="PaymentWatcherSettings"/>, for example <c>configuration.GetSection("Bakong:Watcher")</c>; null leaves the defaults.</param>
    /// <returns>The container; a new one holding the registration when <paramref name="services"/> is null, since nothing here throws.</returns>
    public static IServiceCollection AddBakongPaymentWatcher(this IServiceCollection? services, IConfiguration? configuration)
    {
        services ??= new ServiceCollection();
        var builder = services.AddOptions<PaymentWatcherSettings>();
        var prefix = configuration is IConfigurationSection section ? section.Path : "";
        if (configuration is not null)
            builder.Configure(settings => Read(new SettingsReader(configuration, prefix), settings));
        builder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PaymentWatcherSettings>>(new SettingsValidator(configuration, prefix)));
        services.TryAddSingleton(sp => new PaymentWatcher(
            sp.GetService<BakongClient>(),
            sp.GetRequiredService<IOptions<PaymentWatcherSettings>>().Value.ToOptions(),
            sp.GetService<TimeProvider>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PaymentWatcherHostedService>());
        return services;
    }

    /// <summary>Fills <paramref name="settings"/> from the keys whose text converts; <see cref="SettingsReader.Problems"/> names the others.</summary>
    internal static void Read(SettingsReader r, PaymentWatcherSettings settings)
    {
        r.Duration("Interval", v => settings.Interval = v);
        r.Int("MaxConcurrency", "a whole number from 1 to 256", v => settings.MaxConcurrency = v);
        r.Int("SingleLookupConcurrency", "a whole number from 1 to 64", v => settings.SingleLookupConcurrency = v);
        r.Duration("ListRetryDelay", v => settings.ListRetryDelay = v);
        r.Int("MaxPending", "a whole number from 1 to 10000000", v => settings.MaxPending = v);
        settings.Backoff = r.Schedule("Backoff", settings.Backoff);
    }

    /// <summary>Checks the settings as the library does, naming each bad one by its configuration key.</summary>
    internal sealed class SettingsValidator(IConfiguration? configuration, string prefix) : IValidateOptions<PaymentWatcherSettings>
    {
        public ValidateOptionsResult Validate(string? name, PaymentWatcherSettings options)
        {
            if (configuration is not null)
            {
                var reader = new SettingsReader(configuration, prefix);
                Read(reader, new PaymentWatcherSettings());
                if (reader.Problems.Count > 0)
                    return ValidateOptionsResult.Fail(reader.Problems);
            }
            var result = options.ToOptions().Validate();
            if (result.IsSucc)
                return ValidateOptionsResult.Success;
            var error = BakongError.From((LanguageExt.Common.Error)result);
            var fields = error is BakongError.InvalidInput invalid
                ? invalid.Errors.Map(f => $"{Key(f.Field)} {f.Reason}").ToList()
                : [error.Summary];
            return ValidateOptionsResult.Fail(fields);
        }

        private string Key(string field)
        {
            var key = field.Replace('.', ':');
            return prefix.Length == 0 ? key : $"{prefix}:{key}";
        }
    }
}
