using System.Security.Cryptography;
using Bakong.Functional.Requests;
using LanguageExt;

namespace Bakong.Functional.Redis;

/// <summary>How a <see cref="RedisPaymentWatcher"/> shares polling. Every setting has a default; <see cref="Validate"/> names each bad one.</summary>
public sealed record RedisWatcherOptions
{
    /// <summary>The default options (with a new random <see cref="InstanceId"/> each time they are read from here).</summary>
    public static RedisWatcherOptions Default => new();

    /// <summary>
    /// This instance's name; outcomes of the payments it registers are kept in Redis under it until it reads them. Use a
    /// name that survives a restart (a pod or host name) so a restarted instance receives what arrived while it was down.
    /// Default: the machine name, the process id and a random suffix. 1 to 100 printable characters without spaces.
    /// </summary>
    public string InstanceId { get; init; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant()}";

    /// <summary>The start of every key; the same for every instance of one service. Default <c>bakong:</c>. On Redis Cluster use a hash tag, such as <c>{bakong}:</c>.</summary>
    public string KeyPrefix { get; init; } = RedisKeys.DefaultPrefix;

    /// <summary>
    /// How long the poller lease lasts without renewal; the holder renews it every third of this. If the holder dies,
    /// another instance polls within two lease periods. Default 10 seconds; 300 milliseconds to 10 minutes.
    /// </summary>
    public TimeSpan LeaseTime { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the lease holder reads the pending payments of every instance. Null (default) means the watcher's interval.</summary>
    public TimeSpan? SyncInterval { get; init; }

    /// <summary>How often this instance reads its outcomes from Redis. Default 200 milliseconds; 10 milliseconds to 1 minute.</summary>
    public TimeSpan EventPollInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long unread outcomes are kept for an instance that stopped reading (its stream's expiry). Default 1 day; 1 minute to 30 days.</summary>
    public TimeSpan EventRetention { get; init; } = TimeSpan.FromDays(1);

    /// <summary>How long one Redis command may take before Redis counts as unreachable. Default 2 seconds.</summary>
    public TimeSpan RedisTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How the lease holder's <see cref="PaymentWatcher"/> polls: interval, concurrency, limits.</summary>
    public PaymentWatcherOptions Watcher { get; init; } = PaymentWatcherOptions.Default;

    internal TimeSpan Sync => SyncInterval ?? Watcher.Interval;

    /// <summary>Checks every setting, naming each bad one by its property name.</summary>
    public Fin<RedisWatcherOptions> Validate()
    {
        var v = new Validator();
        v.Ensure(InstanceId is { Length: >= 1 and <= 100 } && InstanceId.All(c => c is > ' ' and < '\u007f'), nameof(InstanceId), "must be 1 to 100 printable characters without spaces");
        v.Ensure(RedisKeys.IsValidPrefix(KeyPrefix), nameof(KeyPrefix), "must be 1 to 64 printable characters without spaces");
        v.Ensure(LeaseTime >= TimeSpan.FromMilliseconds(300) && LeaseTime <= TimeSpan.FromMinutes(10), nameof(LeaseTime), "must be 300 milliseconds to 10 minutes");
        v.Ensure(SyncInterval is not { } s || (s >= TimeSpan.FromMilliseconds(10) && s <= TimeSpan.FromHours(1)), nameof(SyncInterval), "must be 10 milliseconds to 1 hour");
        v.Ensure(EventPollInterval >= TimeSpan.FromMilliseconds(10) && EventPollInterval <= TimeSpan.FromMinutes(1), nameof(EventPollInterval), "must be 10 milliseconds to 1 minute");
        v.Ensure(EventRetention >= TimeSpan.FromMinutes(1) && EventRetention <= TimeSpan.FromDays(30), nameof(EventRetention), "must be 1 minute to 30 days");
        v.Ensure(RedisTimeout >= TimeSpan.FromMilliseconds(10) && RedisTimeout <= TimeSpan.FromMinutes(1), nameof(RedisTimeout), "must be 10 milliseconds to 1 minute");
        if (v.Required(nameof(Watcher), Watcher))
            v.Part(nameof(Watcher), Watcher.Validate());
        return v.Result(this);
    }
}
