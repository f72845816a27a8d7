using LanguageExt;
namespace Bakong.Functional.Runner;

/// <summary>
/// The last step of every call (sttp's <c>ResponseAs</c>): the raw pipeline's answer goes through the endpoint's decoder
/// exactly once, after auth, retries and the deadline are done with it. The token the answer was sent with is removed
/// from any error the decoder makes of it, since a hostile or broken server may echo it in a body or a message.
/// </summary>
internal sealed class DecodeLast(Stage next)
{
    internal ValueTask<Fin<A>> Send<A>(Endpoint<A> endpoint, Call call)
    {
        var sent = next.Send(endpoint.Request, call);
        // Answers complete here only in tests and handlers that answer at once; real I/O goes through one Task, which the
        // client hands out as it is.
        return sent.IsCompletedSuccessfully ? new(Decode(endpoint, sent.Result)) : new(Awaited(endpoint, sent));
    }

    private static async Task<Fin<A>> Awaited<A>(Endpoint<A> endpoint, ValueTask<Fin<BakongResponse>> sent) =>
        Decode(endpoint, await sent.ConfigureAwait(false));

    private static Fin<A> Decode<A>(Endpoint<A> endpoint, Fin<BakongResponse> sent)
    {
        if (sent.Case is not BakongResponse response)
            return sent.ErrorOf() ?? new BakongError.Transport("no response");
        var decoded = endpoint.Decode(response);
        return response.SentWith is { } token && decoded.ErrorOf() is { } failed
            ? failed.Redact(token.Reveal())
            : decoded;
    }
}
