using LanguageExt;
using LanguageExt.Common;
namespace Bakong.Functional.Runner;

/// <summary>
/// Caps how much of a body the transport reads, so memory stays bounded whatever a server sends; a longer body is
/// <see cref="BakongError.ResponseTooLarge"/>.
/// </summary>
internal sealed class SizeLimitStage(long maxResponseBytes, Stage next) : Stage
{
    internal override ValueTask<Fin<A>> Send<A>(Endpoint<A> endpoint, Call call) =>
        next.Send(endpoint, call with { MaxResponseBytes = maxResponseBytes });
}
