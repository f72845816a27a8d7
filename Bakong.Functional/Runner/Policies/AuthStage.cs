using LanguageExt;
using LanguageExt.Common;
namespace Bakong.Functional.Runner;

/// <summary>
/// Adds the bearer token to endpoints that declare they need one. After a refusal (HTTP 401, or errorCode 6 in the raw
/// answer) it asks the source for a renewal once, and retries once if it got a different token.
/// </summary>
internal sealed class AuthStage(IAccessTokenSource? source, Stage next) : Stage
{
    internal override ValueTask<Fin<BakongResponse>> Send(BakongRequest request, Call call)
    {
        if (!request.RequiresToken)
            return next.Send(request, call);
        if (source is null)
            return new(BakongError.InvalidInput.Of("token", "this endpoint needs an access token: set BakongClientOptions.Token or TokenSource"));
        return WithToken(request, call);
    }

    private async ValueTask<Fin<BakongResponse>> WithToken(BakongRequest request, Call call)
    {
        var first = await Token(null, call.CancellationToken).ConfigureAwait(false);
        if (first.Case is not AccessToken token)
            return first.ErrorOf()!;
        var result = await next.Send(request, call with { Token = token }).ConfigureAwait(false);
        if (result.Case is not BakongResponse response || !ResponseFacts.IsRefusal(response))
            return result;

        var renewed = await Token(token, call.CancellationToken).ConfigureAwait(false);
        // Only a different token is worth a second try; the same one would be refused again.
        if (renewed.Case is not AccessToken fresh || fresh.Equals(token))
            return result;
        return await next.Send(request, call with { Token = fresh }).ConfigureAwait(false);
    }

    /// <summary>A token source is user code: its exceptions and empty answers become values too. With <paramref name="rejected"/>, asks for a renewal.</summary>
    private async ValueTask<Fin<AccessToken>> Token(AccessToken? rejected, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await (rejected is null ? source!.GetTokenAsync(cancellationToken) : source!.RenewAsync(rejected, cancellationToken)).ConfigureAwait(false);
            // A default Fin is neither value nor error (it reports IsFail too): check for it first.
            return answer.IsBottom ? new BakongError.Transport("the token source returned no value")
                : answer.ErrorOf() is { } error ? error
                : answer;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new BakongError.Cancelled();
        }
#pragma warning disable CA1031 // The runner never throws, whatever a token source does.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return new BakongError.Transport($"the token source failed: {ex.GetType().Name}");
        }
    }
}
