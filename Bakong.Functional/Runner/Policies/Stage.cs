using LanguageExt;
using LanguageExt.Common;
namespace Bakong.Functional.Runner;

/// <summary>
/// One step of the client's pipeline (sttp's backend wrappers, Azure's pipeline policies): it receives an endpoint
/// and a call, and either answers itself or hands both, possibly changed, to the next step. The last step is the
/// transport, the only code that does I/O. A stage never throws.
/// </summary>
internal abstract class Stage
{
    /// <summary>Runs <paramref name="endpoint"/> for <paramref name="call"/>.</summary>
    internal abstract ValueTask<Fin<A>> Send<A>(Endpoint<A> endpoint, Call call);
}

/// <summary>What travels down the pipeline with an endpoint.</summary>
/// <param name="Token">The bearer token to send, once the auth stage has chosen one.</param>
/// <param name="MaxResponseBytes">The largest body the transport may read.</param>
/// <param name="CancellationToken">The caller's token, linked with the deadline once the deadline stage has run.</param>
/// <param name="Scope">Where inner stages report status and retries; null while nothing observes the call.</param>
internal readonly record struct Call(AccessToken? Token, long MaxResponseBytes, CancellationToken CancellationToken, CallScope? Scope = null);
