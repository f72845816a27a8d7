using LanguageExt;
using LanguageExt.Common;
namespace Bakong.Functional.Runner;

/// <summary>
/// Removes the token that was sent from any error that came back: a hostile or broken server may echo it in a body,
/// a message or an exception text (Azure's sanitizer, Stripe's redaction).
/// </summary>
internal sealed class RedactionStage(Stage next) : Stage
{
    internal override async ValueTask<Fin<A>> Send<A>(Endpoint<A> endpoint, Call call)
    {
        var result = await next.Send(endpoint, call).ConfigureAwait(false);
        return result.IsFail && call.Token is { } token
            ? BakongError.From((Error)result).Redact(token.Reveal())
            : result;
    }
}
