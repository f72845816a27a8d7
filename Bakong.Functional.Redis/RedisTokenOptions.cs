using Bakong.Functional.Requests;
using LanguageExt;

namespace Bakong.Functional.Redis;

/// <summary>How a <see cref="RedisAccessTokenSource"/> shares the token. Every setting has a default; <see cref="Validate"/> names each bad one.</summary>
public sealed record RedisTokenOptions
{
    /// <summary>The default options.</summary>
    public static RedisTokenOptions Default { get; } = new();

    /// <summary>The start of every key this source writes. Default <c>bakong:</c>; give each application sharing a Redis its own.</summary>
    public string KeyPrefix { get; init; } = RedisKeys.DefaultPrefix;

    /// <summary>How long before the token's expiry it is renewed. Default one day, as <see cref="RenewingAccessTokenSource"/>.</summary>
    public TimeSpan RenewalMargin { get; init; } = RenewingAccessTokenSource.DefaultRenewalMargin;

    /// <summary>
    /// How long the renewal lock lives if its holder dies before releasing it. Default 30 seconds, the client's default
    /// timeout, so a slow renew_token call keeps it. Other instances wait at most twice this for the new token.
    /// </summary>
    public TimeSpan LockExpiry { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often an instance waiting for another's renewal looks for the new token. Default 50 ms.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How long one Redis command may take before Redis counts as unreachable. Default 1 second.</summary>
    public TimeSpan RedisTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Checks every setting, naming each bad one by its property name.</summary>
    public Fin<RedisTokenOptions> Validate()
    {
        var v = new Validator();
        v.Ensure(RedisKeys.IsValidPrefix(KeyPrefix), nameof(KeyPrefix), "must be 1 to 64 printable characters without spaces");
        v.Ensure(RenewalMargin >= TimeSpan.Zero && RenewalMargin <= TimeSpan.FromDays(365), nameof(RenewalMargin), "must be zero to 365 days");
        v.Ensure(LockExpiry >= TimeSpan.FromMilliseconds(100) && LockExpiry <= TimeSpan.FromMinutes(10), nameof(LockExpiry), "must be 100 milliseconds to 10 minutes");
        v.Ensure(PollInterval >= TimeSpan.FromMilliseconds(1) && PollInterval <= LockExpiry, nameof(PollInterval), "must be 1 millisecond to LockExpiry");
        v.Ensure(RedisTimeout >= TimeSpan.FromMilliseconds(10) && RedisTimeout <= TimeSpan.FromMinutes(1), nameof(RedisTimeout), "must be 10 milliseconds to 1 minute");
        return v.Result(this);
    }
}
