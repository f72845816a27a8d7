namespace Bakong.Functional.Testing;

// What only the sandbox needs: a token the developer chose, e-mails that need no registration step, and QRs shown
// when the checkout asks for their deep link.
public sealed partial class BakongEmulator
{
    /// <summary>Whether renew_token registers an unknown e-mail instead of answering errorCode 10, so a first run needs no setup.</summary>
    internal bool RegistersOnFirstUse { get; init; }

    /// <summary>Whether generate_deeplink_by_qr also shows its QR to the customer, as <see cref="ShowQr"/> does, when it is a valid KHQR.</summary>
    internal bool ShowsDeeplinkedQrs { get; init; }

    /// <summary>Accepts <paramref name="token"/> as if issued now, for <see cref="EmulatorOptions.TokenLifetime"/>: a token kept across restarts.</summary>
    internal void AcceptToken(AccessToken token)
    {
        lock (gate)
        {
            var now = Time.GetUtcNow();
            tokens[token.Reveal()] = new IssuedToken("sandbox", now, Options.TokenLifetime > DateTimeOffset.MaxValue - now ? DateTimeOffset.MaxValue : now + Options.TokenLifetime);
        }
    }
}
