using Bakong.Functional.Diagnostics;
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

    private readonly BakongClient? renewer;
    private readonly ILogger logger;
    private readonly string? email;
    private readonly TimeProvider clock;
    private readonly Option<BakongError> invalid;
    private readonly object gate = new();
    private Option<AccessToken> current;
    private Task<Fin<AccessToken>>? renewal;

    /// <summary>A source that renews through <paramref name="renewer"/>. Bad arguments never throw: every request then answers <see cref="BakongError.InvalidInput"/>.</summary>
    /// <param name="renewer">The client that calls renew_token; it needs no token, so it may be the same client without a source.</param>
    /// <param name="email">The e-mail registered with Bakong for this host.</param>
    /// <param name="initial">A token to start with, for example one stored from the last run; <c>None</c> renews on first use.</param>
    /// <param name="renewalMargin">How long before expiry to renew; null means <see cref="DefaultRenewalMargin"/>.</param>
    /// <param name="timeProvider">The clock that decides "near expiry"; null means the system clock.</param>
    public RenewingAccessTokenSource(BakongClient? renewer, string? email, Option<AccessToken> initial = default, TimeSpan? renewalMargin = null, TimeProvider? timeProvider = null)
    {
        this.renewer = renewer;
        logger = renewer?.Logs.CreateLogger<RenewingAccessTokenSource>() ?? (ILogger)NullLogger.Instance;
        this.email = email;
        current = initial;
        clock = timeProvider ?? TimeProvider.System;
        RenewalMargin = renewalMargin ?? DefaultRenewalMargin;
        var errors = new List<FieldError>();
        if (renewer is null)
            errors.Add(new FieldError(nameof(renewer), "is required"));
        RenewToken.Create(email).IfFail(e => errors.AddRange(RetryPolicy.Fields(e, nameof(email)).Select(f => f with { Field = nameof(email) })));
        if (RenewalMargin < TimeSpan.Zero || RenewalMargin > TimeSpan.FromDays(365))
            errors.Add(new FieldError(nameof(renewalMargin), "must be zero to 365 days"));
        invalid = errors.Count == 0 ? None : Some<BakongError>(new BakongError.InvalidInput(errors.ToSeq()));
    }

    /// <summary>How long before the token's expiry it is renewed.</summary>
    public TimeSpan RenewalMargin { get; }

    /// <summary>The token held now, if any; for storing it between runs.</summary>
    public Option<AccessToken> Current
    {
        get
        {
            lock (gate)
                return current;
        }
    }

    /// <summary>The held token, renewed first if it is missing or within <see cref="RenewalMargin"/> of expiry.</summary>
    /// <remarks>If renewal fails while the held token has not actually expired, the held token is used.</remarks>
    public async ValueTask<Fin<AccessToken>> GetTokenAsync(CancellationToken cancellationToken = default)
    {
        if (invalid.IsSome)
            return (BakongError)invalid;
        var held = Current;
        return await TokenRenewal.HeldOrRenewed(held, RenewalMargin, clock, () => Renew(held, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Renews after the server refused <paramref name="rejected"/>; if another request already renewed it, answers that token without a call.</summary>
    public async ValueTask<Fin<AccessToken>> RenewAsync(AccessToken rejected, CancellationToken cancellationToken = default)
    {
        if (invalid.IsSome)
            return (BakongError)invalid;
        var held = Current;
        // AccessToken compares its text; LanguageExt's own equality is never used on a call path (its first use is slow).
        if (held.Exists(t => !t.Equals(rejected)))
            return (AccessToken)held;
        return await Renew(rejected is null ? held : Some(rejected), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Never the token, nor the e-mail.</summary>
    public override string ToString() => "RenewingAccessTokenSource([redacted])";

    /// <summary>Joins the renewal in flight, or starts one unless the held token has changed since <paramref name="stale"/> was read.</summary>
    private async Task<Fin<AccessToken>> Renew(Option<AccessToken> stale, CancellationToken cancellationToken)
    {
        Task<Fin<AccessToken>> shared;
        lock (gate)
        {
            if (renewal is null && current.IsSome && !stale.Exists(s => s.Equals((AccessToken)current)))
                return (AccessToken)current;
            // The renewal is shared, so one caller's cancellation must not cancel it for the others.
            shared = renewal ??= RenewOnce();
        }
        try
        {
            return await shared.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return new BakongError.Cancelled();
        }
    }

    private async Task<Fin<AccessToken>> RenewOnce()
    {
        // Leave the lock before the call, so a synchronous answer cannot re-enter it.
        await Task.Yield();
        using var span = Telemetry.StartRenewal();
        Fin<AccessToken> result;
        try
        {
            result = await renewer!.SendAsync(RenewToken.Create(email), CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The runner never throws; this only keeps a broken invariant from escaping.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            result = new BakongError.Transport($"renewal failed: {ex.GetType().Name}");
        }
        Telemetry.Renewed(span, result, logger);
        lock (gate)
        {
            result.IfSucc(t => current = t);
            renewal = null;
        }
        return result;
    }
}
