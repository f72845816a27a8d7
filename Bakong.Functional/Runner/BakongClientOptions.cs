using Bakong.Functional.Requests;
using LanguageExt;
using Microsoft.Extensions.Logging;

namespace Bakong.Functional;

/// <summary>How a <see cref="BakongClient"/> talks to Bakong. Invalid settings never throw: every call then returns <see cref="BakongError.InvalidInput"/> naming them.</summary>
public sealed class BakongClientOptions
{
    /// <summary>The largest response body accepted by default: a full 50-row batch is about 30 KB.</summary>
    public const long DefaultMaxResponseBytes = 1 << 20;

    /// <summary>The host: <see cref="BakongEnvironment.Production"/> (default), <see cref="BakongEnvironment.Sit"/>, or your own. https is required except on loopback.</summary>
    public Uri BaseUrl { get; set; } = BakongEnvironment.Production;

    /// <summary>
    /// The bearer token for the endpoints that need one: <c>Token = AccessToken.From(text)</c>, a token, or an option of
    /// one. A text that is not a token makes every call answer <see cref="BakongError.InvalidInput"/> naming <c>Token</c>.
    /// Ignored when <see cref="TokenSource"/> is set.
    /// </summary>
    public ConfiguredToken Token { get; set; }

    /// <summary>Where to get the bearer token on each request, for example a self-renewing source. Overrides <see cref="Token"/>.</summary>
    public IAccessTokenSource? TokenSource { get; set; }

    /// <summary>How long one call may take, from sending to the last byte of the body. Default 30 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The User-Agent header.</summary>
    public string UserAgent { get; set; } = "Bakong.Functional/1.0";

    /// <summary>The largest body read; a larger one is cut off as <see cref="BakongError.ResponseTooLarge"/>, so memory stays bounded.</summary>
    public long MaxResponseBytes { get; set; } = DefaultMaxResponseBytes;

    /// <summary>The clock for timeouts and <c>Retry-After</c> dates; tests pass a manual one.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// How read-only calls (check_* and the account check) are retried after a transient failure. Default
    /// <see cref="RetryPolicy.Default"/>; <see cref="RetryPolicy.None"/> switches retries off.
    /// </summary>
    public RetryPolicy Retry { get; set; } = RetryPolicy.Default;

    /// <summary>
    /// Where the client, and the watchers and token sources built on it, write their logs (failures, retries, renewals,
    /// settled payments). Null, the default, writes nothing; the DI package sets it from the container.
    /// </summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>A copy, so a client is not changed by later changes to the options it was built from.</summary>
    internal BakongClientOptions Clone() => (BakongClientOptions)MemberwiseClone();

    /// <summary>Options for the SIT test host.</summary>
    public static BakongClientOptions ForSit() => new() { BaseUrl = BakongEnvironment.Sit };

    /// <summary>Options for production.</summary>
    public static BakongClientOptions ForProduction() => new() { BaseUrl = BakongEnvironment.Production };

    /// <summary>Checks every setting, naming each bad one.</summary>
    public Fin<Unit> Validate()
    {
        var v = new Validator();
        if (v.Ensure(BaseUrl is { IsAbsoluteUri: true }, nameof(BaseUrl), "must be an absolute URL"))
            v.Ensure(BaseUrl!.Scheme == Uri.UriSchemeHttps || (BaseUrl.Scheme == Uri.UriSchemeHttp && BaseUrl.IsLoopback),
                nameof(BaseUrl), "must use https (plain http is allowed only on loopback)");
        v.Ensure(Timeout > TimeSpan.Zero && Timeout <= TimeSpan.FromDays(1), nameof(Timeout), "must be more than zero and at most one day");
        v.Ensure(!string.IsNullOrWhiteSpace(UserAgent) && !UserAgent.Any(char.IsControl), nameof(UserAgent), "must be non-empty text without control characters");
        v.Ensure(MaxResponseBytes is >= 1 and <= 1 << 30, nameof(MaxResponseBytes), "must be 1 byte to 1 GiB");
        if (TokenSource is null)
            Token.Problem.IfSome(f => v.Fail(f.Field, f.Reason));
        v.Required(nameof(TimeProvider), TimeProvider);
        if (v.Required(nameof(Retry), Retry))
            v.Part(nameof(Retry), Retry!.Validate());
        return v.Result(Prelude.unit);
    }
}
