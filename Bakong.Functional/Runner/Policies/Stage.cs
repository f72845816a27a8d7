using LanguageExt;
namespace Bakong.Functional.Runner;

/// <summary>
/// One step of the client's pipeline (sttp's backend wrappers, Azure's pipeline policies): it receives a request and a
/// call, and either answers itself or hands both, possibly changed, to the next step. It sees the raw
/// <see cref="BakongResponse"/> (status, headers, bounded body), never a decoded value: the endpoint's decoder runs
/// once, after every stage, in <see cref="DecodeLast"/>. The last step is the transport, the only code that does I/O.
/// A stage never throws.
/// </summary>
internal abstract class Stage
{
    /// <summary>Sends <paramref name="request"/> for <paramref name="call"/>: the response as received, or why there is none.</summary>
    internal abstract ValueTask<Fin<BakongResponse>> Send(BakongRequest request, Call call);
}

/// <summary>What travels down the pipeline with a request.</summary>
/// <param name="Token">The bearer token to send, once the auth stage has chosen one.</param>
/// <param name="MaxResponseBytes">The largest body the transport may read.</param>
/// <param name="CancellationToken">The caller's token, linked with the deadline once the deadline stage has run.</param>
/// <param name="Scope">Where inner stages report status and retries; null while nothing observes the call.</param>
internal readonly record struct Call(AccessToken? Token, long MaxResponseBytes, CancellationToken CancellationToken, CallScope? Scope = null);
