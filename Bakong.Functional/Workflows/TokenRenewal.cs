using Bakong.Functional.Diagnostics;
using Bakong.Functional.Model;
using LanguageExt;
using LanguageExt.Common;
using Microsoft.Extensions.Logging;
using static LanguageExt.Prelude;

namespace Bakong.Functional.Workflows;

/// <summary>
/// The renewal every renewing token source shares: the held token, one renewal in flight at a time, when to renew, and
/// what to use if renewing fails. A source supplies only how one renewal is made (a renew_token call, or the fleet's
/// Redis lock around one).
/// </summary>
internal sealed class TokenRenewal
{
    private readonly object gate = new();
    private readonly Func<Option<AccessToken>, Task<Fin<AccessToken>>> renew;
    private Option<AccessToken> current;
    private Task<Fin<AccessToken>>? flight;

    /// <param name="initial">The token to start with; <c>None</c> renews on first use.</param>
    /// <param name="renew">Makes one renewal, given the token being replaced (if any); called by one caller at a time.</param>
    internal TokenRenewal(Option<AccessToken> initial, Func<Option<AccessToken>, Task<Fin<AccessToken>>> renew)
    {
        current = initial;
        this.renew = renew;
    }

    /// <summary>The token held now, if any.</summary>
    internal Option<AccessToken> Current
    {
        get
        {
            lock (gate)
                return current;
        }
    }

    /// <summary>
    /// The held token while it is further than <paramref name="margin"/> from its expiry; otherwise a renewed one. If that
    /// early renewal fails, the held token is still used until it really expires.
    /// </summary>
    internal async ValueTask<Fin<AccessToken>> HeldOrRenewed(TimeSpan margin, TimeProvider clock, CancellationToken cancellationToken)
    {
        var held = Current;
        if (held.TrySome(out var token) && !token.ExpiresWithin(margin, clock.GetUtcNow()))
            return token;
        var renewed = await Join(held, cancellationToken).ConfigureAwait(false);
        if (!renewed.TryFail(out var error) || error is BakongError.Cancelled)
            return renewed;
        return token is not null && !token.ExpiresWithin(TimeSpan.Zero, clock.GetUtcNow()) ? token : renewed;
    }

    /// <summary>After the server refused <paramref name="rejected"/>: the held token if it has already moved on, otherwise a renewal.</summary>
    internal async ValueTask<Fin<AccessToken>> AfterRefusal(AccessToken? rejected, CancellationToken cancellationToken)
    {
        var held = Current;
        // AccessToken compares its text; LanguageExt's own equality is never used on a call path (its first use is slow).
        if (rejected is not null && held.TrySome(out var token) && !token.Equals(rejected))
            return token;
        return await Join(rejected is null ? held : Some(rejected), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One renew_token call in a renewal span, counted in <see cref="BakongTelemetry.TokenRenewals"/> and logged to <paramref name="logger"/>; never throws.</summary>
    internal static async Task<Fin<AccessToken>> CallRenewToken(BakongClient renewer, string? email, ILogger logger)
    {
        using var span = Telemetry.StartRenewal();
        Fin<AccessToken> result;
        try
        {
            result = await renewer.SendAsync(RenewToken.Create(email), CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The runner never throws; this only keeps a broken invariant from escaping.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            result = Failed(ex);
        }
        Telemetry.Renewed(span, result, logger);
        return result;
    }

    /// <summary>Joins the renewal in flight, or starts one unless the held token has moved on from <paramref name="stale"/>.</summary>
    private async Task<Fin<AccessToken>> Join(Option<AccessToken> stale, CancellationToken cancellationToken)
    {
        Task<Fin<AccessToken>> shared;
        lock (gate)
        {
            if (flight is null && current.TrySome(out var token) && !stale.Exists(s => s.Equals(token)))
                return token;
            // The renewal is shared, so one caller's cancellation must not cancel it for the others.
            shared = flight ??= Fly(stale);
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

    private async Task<Fin<AccessToken>> Fly(Option<AccessToken> stale)
    {
        // Leave the lock before any I/O, so a synchronous answer cannot re-enter it.
        await Task.Yield();
        Fin<AccessToken> result;
        try
        {
            result = await renew(stale).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A token source never throws; this only keeps a broken invariant from escaping.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            result = Failed(ex);
        }
        lock (gate)
        {
            result.IfSucc(t => current = t);
            flight = null;
        }
        return result;
    }

    private static BakongError Failed(Exception ex) => new BakongError.Transport($"renewal failed: {ex.GetType().Name}");
}
