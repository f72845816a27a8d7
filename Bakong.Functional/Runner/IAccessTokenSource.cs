using LanguageExt;
using LanguageExt.Common;

namespace Bakong.Functional;

/// <summary>Where the client gets the bearer token, asked on every request that needs one.</summary>
public interface IAccessTokenSource
{
    /// <summary>The token to send now.</summary>
    /// <param name="cancellationToken">Cancels the wait, for example for a renewal in flight.</param>
    ValueTask<Fin<AccessToken>> GetTokenAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Called once when the server refused <paramref name="rejected"/> (HTTP 401 or errorCode 6). Return a different token
    /// to have the request retried once with it, or the same token (or a failure) to give up.
    /// </summary>
    /// <param name="rejected">The token the server refused.</param>
    /// <param name="cancellationToken">Cancels the renewal.</param>
    ValueTask<Fin<AccessToken>> RenewAsync(AccessToken rejected, CancellationToken cancellationToken = default);
}

/// <summary>A token that never changes: the caller renews it by building a new client with <see cref="BakongClient.WithToken"/>.</summary>
public sealed class FixedAccessTokenSource : IAccessTokenSource
{
    private readonly Fin<AccessToken> token;

    /// <summary>A source that always answers <paramref name="token"/>.</summary>
    public FixedAccessTokenSource(AccessToken? token) =>
        this.token = token is null
            ? BakongError.InvalidInput.Of("token", "is required")
            : token;

    /// <inheritdoc />
    public ValueTask<Fin<AccessToken>> GetTokenAsync(CancellationToken cancellationToken = default) => new(token);

    /// <inheritdoc />
    public ValueTask<Fin<AccessToken>> RenewAsync(AccessToken rejected, CancellationToken cancellationToken = default) => new(token);

    /// <summary>Never the token itself.</summary>
    public override string ToString() => "FixedAccessTokenSource([redacted])";
}
