using LanguageExt;

namespace Bakong.Functional;

/// <summary>
/// A request paired with the decoder for its answer (elm/http's <c>expect</c>, sttp's <c>Request[T]</c>). Build it with
/// the endpoint's <c>Create</c>, map it, and hand it to <see cref="BakongClient"/> to run. Its <see cref="Request"/>
/// compares by value; the endpoint itself, holding a function, compares by reference.
/// </summary>
/// <typeparam name="A">What a successful answer decodes to.</typeparam>
public sealed class Endpoint<A>
{
    private readonly Func<BakongResponse, Fin<A>> decoder;

    internal Endpoint(BakongRequest request, Func<BakongResponse, Fin<A>> decode)
    {
        Request = request;
        decoder = decode;
    }

    /// <summary>The request to send.</summary>
    public BakongRequest Request { get; }

    /// <summary>Decodes a response. Total: any status and any bytes give a value, never an exception.</summary>
    public Fin<A> Decode(BakongResponse? response) =>
        response is null ? new BakongError.Transport("no response") : decoder(response);

    /// <summary>The same request, with the decoded value transformed.</summary>
    public Endpoint<B> Map<B>(Func<A, B>? f) =>
        f is null ? MapResult<B>(null) : MapResult(result => result.Map(f));

    /// <summary>The same request, with the decoded result rewritten, for example to turn an error into a value.</summary>
    /// <remarks>An exception from <paramref name="f"/> becomes <see cref="BakongError.Decode"/> at the root path.</remarks>
    public Endpoint<B> MapResult<B>(Func<Fin<A>, Fin<B>>? f) =>
        new(Request, response =>
        {
            if (f is null)
                return BakongError.InvalidInput.Of("f", "must not be null");
            try
            {
                return f(decoder(response));
            }
#pragma warning disable CA1031 // A caller's mapping must not break the never-throws promise.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                return new BakongError.Decode(new DecodeError("", $"a value the mapping accepts ({ex.GetType().Name})"), response.ToResponseInfo());
            }
        });

    /// <summary>The request, method and path only.</summary>
    public override string ToString() => Request.ToString();
}
