using LanguageExt;
using static LanguageExt.Prelude;

namespace Bakong.Functional;

/// <summary>
/// A request paired with the decoder for its answer (elm/http's <c>expect</c>, sttp's <c>Request[T]</c>).
/// It is a value: build it, compare it, map it, and hand it to <see cref="BakongClient"/> to run.
/// </summary>
/// <typeparam name="A">What a successful answer decodes to.</typeparam>
public sealed class Endpoint<A>
{
    internal Endpoint(BakongRequest request, Func<BakongResponse, Either<BakongError, A>> decode)
    {
        Request = request;
        decoder = decode;
    }

    private readonly Func<BakongResponse, Either<BakongError, A>> decoder;

    /// <summary>The request to send.</summary>
    public BakongRequest Request { get; }

    /// <summary>Decodes a response. Total: any status and any bytes give a value, never an exception.</summary>
    public Either<BakongError, A> Decode(BakongResponse? response) =>
        response is null
            ? new BakongError.Transport("no response")
            : decoder(response);

    /// <summary>The same request, with the decoded value transformed.</summary>
    public Endpoint<B> Map<B>(Func<A, B> f) =>
        f is null ? MapResult<B>(null) : MapResult(result => result.Map(f));

    /// <summary>The same request, with the decoded result rewritten, for example to turn an error into a value.</summary>
    /// <remarks>An exception from <paramref name="f"/> becomes <see cref="BakongError.Decode"/> at the root path.</remarks>
    public Endpoint<B> MapResult<B>(Func<Either<BakongError, A>, Either<BakongError, B>>? f) =>
        new(Request, response =>
        {
            if (f is null)
                return new BakongError.InvalidInput(Seq1(new FieldError("f", "must not be null")));
            try
            {
                return f(decoder(response));
            }
            catch (Exception ex)
            {
                return new BakongError.Decode(new DecodeError("", $"a value the mapping accepts ({ex.GetType().Name})"), ResponseInfo.From(response));
            }
        });

    /// <summary>The request, method and path only.</summary>
    public override string ToString() => Request.ToString();
}
