using Bakong.Functional.Requests;
using Bakong.Functional.Workflows;
using LanguageExt;
using LanguageExt.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using static LanguageExt.Prelude;

namespace Bakong.Functional.Redis;

/// <summary>
/// A token source shared by every instance of a service through Redis. The current token for a host and e-mail is a
/// Redis value (under a key made from a hash of both, expiring with the token), so N instances make one renew_token
/// call, not N:
/// <list type="bullet">
/// <item>Renewal is single-flight across processes: the instance that takes a lock with an expiry (<c>SET NX PX</c>)
/// renews and stores the token; the others poll briefly, then take the stored one.</item>
/// <item>After a refusal (HTTP 401 or errorCode 6), an instance whose refused token is older than the stored one
/// takes the stored one and does not renew.</item>
/// <item>If Redis is unreachable, the instance renews on its own and logs a warning: a payment check never fails
/// because Redis is down. Coordination resumes with the next renewal once Redis answers again.</item>
/// </list>
/// Within one instance renewal is single-flight too, and the token is held in memory between renewals, so a call that
/// needs no renewal never touches Redis. Neither the token nor the e-mail appears in a key or a log line.
/// </summary>
/// <example>
/// <code>
/// var redis = await ConnectionMultiplexer.ConnectAsync((ConfigurationOptions)RedisFleet.Configure("localhost:6379"));
/// var tokens = new RedisAccessTokenSource(redis, http, BakongClientOptions.ForSit(), "shop@example.com", logger: log);
/// BakongClient client = tokens.Client;
/// </code>
/// </example>
public sealed partial class RedisAccessTokenSource : IAccessTokenSource
{
    private readonly IConnectionMultiplexer? redis;
    private readonly BakongClient? renewer;
    private readonly string? email;
    private readonly RedisTokenOptions options;
    private readonly TimeProvider clock;
    private readonly ILogger logger;
    private readonly Option<BakongError> invalid;
    private readonly RedisKey tokenKey;
    private readonly RedisKey lockKey;
    private readonly TokenRenewal renewal;
    private long renewals;
    private long fallbacks;

    /// <summary>A source sharing the token through <paramref name="redis"/>. Bad arguments never throw: every request then answers <see cref="BakongError.InvalidInput"/>.</summary>
    /// <param name="redis">The connection; configure it with <see cref="RedisFleet.Configure(string)"/> so commands fail fast while Redis is down.</param>
    /// <param name="http">Sends the HTTP requests, renew_token included. Not disposed here.</param>
    /// <param name="clientOptions">The host and client settings; its <see cref="BakongClientOptions.Token"/> and <see cref="BakongClientOptions.TokenSource"/> are ignored.</param>
    /// <param name="email">The e-mail registered with Bakong for this host.</param>
    /// <param name="initial">A token this instance starts with, used until it nears expiry; <c>None</c> takes the stored one, or renews, on first use.</param>
    /// <param name="options">Key prefix, margins and timings; null means <see cref="RedisTokenOptions.Default"/>.</param>
    /// <param name="logger">Where the fallback and renewals are reported; null logs nothing.</param>
    public RedisAccessTokenSource(
        IConnectionMultiplexer? redis,
        HttpMessageInvoker? http,
        BakongClientOptions? clientOptions,
        string? email,
        Option<AccessToken> initial = default,
        RedisTokenOptions? options = null,
        ILogger? logger = null)
    {
        this.redis = redis;
        this.email = email;
        this.options = options ?? RedisTokenOptions.Default;
        this.logger = logger ?? NullLogger.Instance;
        clientOptions ??= new BakongClientOptions();
        clock = clientOptions.TimeProvider ?? TimeProvider.System;
        renewal = new TokenRenewal(initial, Renew);
        var v = new Validator();
        v.Required(nameof(redis), redis);
        v.Required(nameof(http), http);
        v.Part(nameof(clientOptions), clientOptions.Validate());
        v.Part(null, RenewToken.Create(email));
        v.Part(nameof(options), this.options.Validate());
        invalid = v.Problem;

        var id = invalid.IsNone ? RedisKeys.TokenId(clientOptions.BaseUrl, email!) : "invalid";
        TokenId = id;
        tokenKey = new RedisKey($"{this.options.KeyPrefix}token:{id}");
        lockKey = new RedisKey($"{this.options.KeyPrefix}token:{id}:renewing");
        if (http is not null)
        {
            renewer = new BakongClient(http, clientOptions);
            Client = renewer.WithTokenSource(this);
        }
        else
        {
            Client = new BakongClient(null, clientOptions);
        }
    }

    /// <summary>A client over the same HTTP invoker and settings that takes its token from this source.</summary>
    public BakongClient Client { get; }

    /// <summary>The token this instance holds now, if any.</summary>
    public Option<AccessToken> Current => renewal.Current;

    /// <summary>The hash naming this host and e-mail in Redis keys (<c>{prefix}token:{TokenId}</c>); safe to log.</summary>
    public string TokenId { get; }

    /// <summary>renew_token calls this instance made, through the lock or on its own.</summary>
    public long Renewals => Interlocked.Read(ref renewals);

    /// <summary>Renewals this instance made on its own because Redis was unreachable.</summary>
    public long Fallbacks => Interlocked.Read(ref fallbacks);

    /// <summary>The held token, or the shared one, renewed first if it is missing or within <see cref="RedisTokenOptions.RenewalMargin"/> of expiry.</summary>
    /// <remarks>If renewal fails while the held token has not actually expired, the held token is used.</remarks>
    public ValueTask<Fin<AccessToken>> GetTokenAsync(CancellationToken cancellationToken = default) =>
        invalid.IsSome ? new((BakongError)invalid) : renewal.HeldOrRenewed(options.RenewalMargin, clock, cancellationToken);

    /// <summary>
    /// After the server refused <paramref name="rejected"/>: the token this instance or another already moved on to when
    /// it is newer, otherwise one renew_token call for the whole fleet.
    /// </summary>
    public ValueTask<Fin<AccessToken>> RenewAsync(AccessToken rejected, CancellationToken cancellationToken = default) =>
        invalid.IsSome ? new((BakongError)invalid) : renewal.AfterRefusal(rejected, cancellationToken);

    /// <summary>Never the token, nor the e-mail: the key hash only.</summary>
    public override string ToString() => $"RedisAccessTokenSource({TokenId})";

    /// <summary>One renewal for this instance: through the fleet's lock, or on its own while Redis is unreachable.</summary>
    private async Task<Fin<AccessToken>> Renew(Option<AccessToken> stale)
    {
        var shared = await ThroughRedis(stale).ConfigureAwait(false);
        if (shared.Unreachable is not { } reason)
            return shared.Token;
        LogFallback(logger, TokenId, reason);
        Interlocked.Increment(ref fallbacks);
        return await CallRenewToken().ConfigureAwait(false);
    }

    /// <summary>The fleet's renewal: take a newer stored token, or take the lock and renew, or wait for the holder.</summary>
    private async Task<Shared> ThroughRedis(Option<AccessToken> stale)
    {
        if (!redis!.IsConnected)
            return Shared.Down("not connected");
        var db = redis.GetDatabase();
        var giveUpAt = clock.GetUtcNow() + options.LockExpiry + options.LockExpiry;
        while (true)
        {
            var stored = await Read(db).ConfigureAwait(false);
            if (!stored.Ok)
                return Shared.Down(stored.Failure!);
            if (stored.Value.Exists(t => Usable(t, stale)))
            {
                LogAdopted(logger, TokenId);
                return Shared.Of((AccessToken)stored.Value);
            }
            var holder = Guid.NewGuid().ToString("N");
            var taken = await RedisKeys.Try(() => db.StringSetAsync(lockKey, holder, options.LockExpiry, When.NotExists), options.RedisTimeout, clock).ConfigureAwait(false);
            if (!taken.Ok)
                return Shared.Down(taken.Failure!);
            if (taken.Value)
                return await RenewHolding(db, holder, stale).ConfigureAwait(false);

            if (clock.GetUtcNow() >= giveUpAt)
                return Shared.Down("the renewal lock was held past twice its expiry");
            await Task.Delay(options.PollInterval, clock).ConfigureAwait(false);
        }
    }

    private async Task<Shared> RenewHolding(IDatabase db, string holder, Option<AccessToken> stale)
    {
        try
        {
            // Another instance may have stored a token between our read and our lock.
            var stored = await Read(db).ConfigureAwait(false);
            if (stored.Ok && stored.Value.Exists(t => Usable(t, stale)))
                return Shared.Of((AccessToken)stored.Value);
            var renewed = await CallRenewToken().ConfigureAwait(false);
            if (renewed.IsSucc)
            {
                var saved = await Store(db, (AccessToken)renewed).ConfigureAwait(false);
                if (saved.Ok)
                    LogRenewed(logger, TokenId);
                else
                    LogNotStored(logger, TokenId, saved.Failure!);
            }
            return Shared.Of(renewed);
        }
        finally
        {
            await RedisKeys.Try(() => db.ScriptEvaluateAsync(RedisKeys.ReleaseIfOwner, [lockKey], [holder]), options.RedisTimeout, clock).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A stored token is taken when it is not the stale one, has not passed the renewal margin, and is not older than
    /// the stale one (an instance that renewed alone while Redis was down may hold a newer token than the store).
    /// </summary>
    private bool Usable(AccessToken stored, Option<AccessToken> stale) =>
        !stored.ExpiresWithin(options.RenewalMargin, clock.GetUtcNow())
        && !stale.Exists(s => s.Equals(stored) || IsOlder(stored, s));

    private static bool IsOlder(AccessToken a, AccessToken b) =>
        a.IssuedAt.IsSome && b.IssuedAt.IsSome && (DateTimeOffset)a.IssuedAt < (DateTimeOffset)b.IssuedAt;

    private async Task<Reply<Option<AccessToken>>> Read(IDatabase db)
    {
        var got = await RedisKeys.Try(() => db.StringGetAsync(tokenKey), options.RedisTimeout, clock).ConfigureAwait(false);
        return got.Ok
            ? new Reply<Option<AccessToken>>(got.Value.IsNullOrEmpty ? None : AccessToken.From(got.Value.ToString()).ToOption(), null)
            : new Reply<Option<AccessToken>>(None, got.Failure);
    }

    /// <summary>Stores the token; the key expires with the token, so Redis never serves one Bakong would refuse as expired.</summary>
    private Task<Reply<bool>> Store(IDatabase db, AccessToken token)
    {
        var now = clock.GetUtcNow();
        TimeSpan? ttl = token.ExpiresAt.Match(exp => exp > now ? exp - now : TimeSpan.FromSeconds(1), () => (TimeSpan?)null);
        return RedisKeys.Try(() => ttl is { } t ? db.StringSetAsync(tokenKey, token.Reveal(), t) : db.StringSetAsync(tokenKey, token.Reveal()), options.RedisTimeout, clock);
    }

    private async Task<Fin<AccessToken>> CallRenewToken()
    {
        Interlocked.Increment(ref renewals);
        // This source logs renewals in its own words, with the token's id.
        return await TokenRenewal.CallRenewToken(renewer!, email, NullLogger.Instance).ConfigureAwait(false);
    }

    /// <summary>What the fleet's renewal gave: a token or a Bakong error, or the reason Redis could not be used.</summary>
    private readonly record struct Shared(Fin<AccessToken> Token, string? Unreachable)
    {
        public static Shared Of(Fin<AccessToken> token) => new(token, null);

        public static Shared Down(string reason) => new(default, reason);
    }

    [LoggerMessage(1, LogLevel.Warning, "Redis is unreachable ({Reason}): this instance renews the Bakong token {TokenId} on its own")]
    private static partial void LogFallback(ILogger logger, string tokenId, string reason);

    [LoggerMessage(2, LogLevel.Information, "Renewed the Bakong token {TokenId} and shared it through Redis")]
    private static partial void LogRenewed(ILogger logger, string tokenId);

    [LoggerMessage(3, LogLevel.Warning, "Renewed the Bakong token {TokenId} but could not store it in Redis ({Reason}); other instances will renew their own")]
    private static partial void LogNotStored(ILogger logger, string tokenId, string reason);

    [LoggerMessage(4, LogLevel.Debug, "Took the Bakong token {TokenId} another instance stored in Redis")]
    private static partial void LogAdopted(ILogger logger, string tokenId);
}
