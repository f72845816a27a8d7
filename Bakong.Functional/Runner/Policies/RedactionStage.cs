using LanguageExt;
namespace Bakong.Functional.Runner;

/// <summary>
/// Removes the token that was sent from any failure the transport reports (a handler's exception text, a cut-off body),
/// since a hostile or broken server or handler may echo it (Azure's sanitizer, Stripe's redaction). Errors made from a
/// response are redacted by <see cref="DecodeLast"/>, with the token the response records it was sent with.
/// </summary>
internal sealed class RedactionStage(Stage next) : Stage
{
    internal override ValueTask<Fin<BakongResponse>> Send(BakongRequest request, Call call)
    {
        if (call.Token is null)
            return next.Send(request, call);
        var sent = next.Send(request, call);
        return sent.IsCompletedSuccessfully ? new(Redact(sent.Result, call.Token)) : Awaited(sent, call.Token);
    }

    private static async ValueTask<Fin<BakongResponse>> Awaited(ValueTask<Fin<BakongResponse>> sent, AccessToken token) =>
        Redact(await sent.ConfigureAwait(false), token);

    private static Fin<BakongResponse> Redact(Fin<BakongResponse> result, AccessToken token) =>
        result.IsFail && result.ErrorOf() is { } error ? error.Redact(token.Reveal()) : result;
}
