using LanguageExt;
using LanguageExt.Common;

namespace Bakong.Functional.Workflows;

/// <summary>The rule every renewing token source shares: when to renew, and what to use if renewing fails.</summary>
internal static class TokenRenewal
{
    /// <summary>
    /// <paramref name="held"/> while it is further than <paramref name="margin"/> from its expiry; otherwise
    /// <paramref name="renew"/>'s answer. If that early renewal fails, the held token is still used until it really expires.
    /// </summary>
    internal static async ValueTask<Fin<AccessToken>> HeldOrRenewed(
        Option<AccessToken> held, TimeSpan margin, TimeProvider clock, Func<Task<Fin<AccessToken>>> renew)
    {
        if (held.Exists(t => !t.ExpiresWithin(margin, clock.GetUtcNow())))
            return (AccessToken)held;
        var renewed = await renew().ConfigureAwait(false);
        if (renewed.IsSucc || (Error)renewed is BakongError.Cancelled)
            return renewed;
        return held.Exists(t => !t.ExpiresWithin(TimeSpan.Zero, clock.GetUtcNow())) ? (AccessToken)held : renewed;
    }
}
