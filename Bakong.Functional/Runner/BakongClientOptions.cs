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
        var errors = new List<FieldError>();
        if (BaseUrl is null || !BaseUrl.IsAbsoluteUri)
            errors.Add(new FieldError(nameof(BaseUrl), "must be an absolute URL"));
        else if (BaseUrl.Scheme != Uri.UriSchemeHttps && !(BaseUrl.Scheme == Uri.UriSchemeHttp && BaseUrl.IsLoopback))
            errors.Add(new FieldError(nameof(BaseUrl), "must use https (plain http is allowed only on loopback)"));
        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromDays(1))
            errors.Add(new FieldError(nameof(Timeout), "must be more than zero and at most one day"));
        if (string.IsNullOrWhiteSpace(UserAgent) || UserAgent.Any(char.IsControl))
            errors.Add(new FieldError(nameof(UserAgent), "must be non-empty text without control characters"));
        if (MaxResponseBytes is < 1 or > 1 << 30)
            errors.Add(new FieldError(nameof(MaxResponseBytes), "must be 1 byte to 1 GiB"));
        if (TokenSource is null)
            Token.Problem.IfSome(errors.Add);
        if (TimeProvider is null)
            errors.Add(new FieldError(nameof(TimeProvider), "is required"));
        if (Retry is null)
            errors.Add(new FieldError(nameof(Retry), "is required"));
        else
            Retry.Validate().IfFail(e => errors.AddRange(RetryPolicy.Fields(e, nameof(Retry))));
        return errors.Count == 0 ? Prelude.unit : new BakongError.InvalidInput(errors.ToSeq());
    }
}
