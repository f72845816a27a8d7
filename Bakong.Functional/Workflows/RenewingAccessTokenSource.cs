using Bakong.Functional.Model;
using Bakong.Functional.Requests;
using Bakong.Functional.Workflows;
using LanguageExt;
using LanguageExt.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using static LanguageExt.Prelude;

namespace Bakong.Functional;

/// <summary>
/// A token source that renews the token through <c>/v1/renew_token</c> with the registered e-mail: before a request
/// when the token is within <see cref="RenewalMargin"/> of its JWT expiry (or there is none yet), and once after the
/// server refuses it (HTTP 401 or errorCode 6). Renewal is single-flight: however many requests need a new token at
/// the same moment, one renew_token call is made and all of them share its answer. The token is never printed.
/// </summary>
/// <example>
/// <code>
/// var anonymous = new BakongClient(http, BakongClientOptions.ForSit());
/// var tokens = new RenewingAccessTokenSource(anonymous, "you@example.com", initial: storedToken);
/// var client = anonymous.WithTokenSource(tokens);
/// </code>
/// </example>
public sealed class RenewingAccessTokenSource : IAccessTokenSource
{
    /// <summary>The default margin: renew a day before expiry, well inside Bakong's 90-day tokens.</summary>
    public static readonly TimeSpan DefaultRenewalMargin = TimeSpan.FromDays(1);

    private readonly TimeProvider clock;
    private readonly Option<BakongError> invalid;
    private readonly TokenRenewal renewal;

    /// <summary>A source that renews through <paramref name="renewer"/>. Bad arguments never throw: every request then answers <see cref="BakongError.InvalidInput"/>.</summary>
    /// <param name="renewer">The client that calls renew_token; it needs no token, so it may be the same client without a source.</param>
    /// <param name="email">The e-mail registered with Bakong for this host.</param>
    /// <param name="initial">A token to start with, for example one stored from the last run; <c>None</c> renews on first use.</param>
    /// <param name="renewalMargin">How long before expiry to renew; null means <see cref="DefaultRenewalMargin"/>.</param>
    /// <param name="timeProvider">The clock that decides "near expiry"; null means the system clock.</param>
    public RenewingAccessTokenSource(BakongClient? renewer, string? email, Option<AccessToken> initial = default, TimeSpan? renewalMargin = null, TimeProvider? timeProvider = null)
    {
        var logger = renewer?.Logs.CreateLogger<RenewingAccessTokenSource>() ?? (ILogger)NullLogger.Instance;
        renewal = new TokenRenewal(initial, _ => TokenRenewal.CallRenewToken(renewer!, email, logger));
        clock = timeProvider ?? TimeProvider.System;
        RenewalMargin = renewalMargin ?? DefaultRenewalMargin;
        var v = new Validator();
        v.Required(nameof(renewer), renewer);
        v.Part(null, RenewToken.Create(email));
        v.Ensure(RenewalMargin >= TimeSpan.Zero && RenewalMargin <= TimeSpan.FromDays(365), nameof(renewalMargin), "must be zero to 365 days");
        invalid = v.Problem;
    }

    /// <summary>How long before the token's expiry it is renewed.</summary>
    public TimeSpan RenewalMargin { get; }

    /// <summary>The token held now, if any; for storing it between runs.</summary>
    public Option<AccessToken> Current => renewal.Current;

    /// <summary>The held token, renewed first if it is missing or within <see cref="RenewalMargin"/> of expiry.</summary>
    /// <remarks>If renewal fails while the held token has not actually expired, the held token is used.</remarks>
    public ValueTask<Fin<AccessToken>> GetTokenAsync(CancellationToken cancellationToken = default) =>
        invalid.TrySome(out var error) ? new(error) : renewal.HeldOrRenewed(RenewalMargin, clock, cancellationToken);

    /// <summary>Renews after the server refused <paramref name="rejected"/>; if another request already renewed it, answers that token without a call.</summary>
    public ValueTask<Fin<AccessToken>> RenewAsync(AccessToken rejected, CancellationToken cancellationToken = default) =>
        invalid.TrySome(out var error) ? new(error) : renewal.AfterRefusal(rejected, cancellationToken);

    /// <summary>Never the token, nor the e-mail.</summary>
    public override string ToString() => "RenewingAccessTokenSource([redacted])";
}
