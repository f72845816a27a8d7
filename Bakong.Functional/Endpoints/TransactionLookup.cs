using Bakong.Functional.Json;
using LanguageExt;
using static LanguageExt.Prelude;

namespace Bakong.Functional;

/// <summary>What the single-transaction lookups share: one decoder, and the optional form where "not found" is <c>None</c>.</summary>
public static class TransactionLookup
{
    internal static Endpoint<Transaction> Endpoint(string path, string body) =>
        new(BakongRequest.Post(path, body, requiresToken: true), r => ResponseDecoding.Decode(r, TransactionJson.Read));

    /// <summary>
    /// The same lookup, with errorCode 1 (transaction not found) as <c>Right(None)</c> instead of a Left: the shape for
    /// "has this QR been paid yet?".
    /// </summary>
    public static Endpoint<Option<Transaction>> OrNone(this Endpoint<Transaction> endpoint) =>
        endpoint.MapResult(result => result.Match(
            Right: t => Right<BakongError, Option<Transaction>>(Some(t)),
            Left: e => e.IsTransactionNotFound
                ? Right<BakongError, Option<Transaction>>(None)
                : Left<BakongError, Option<Transaction>>(e)));

    /// <summary>The optional form of a lookup that may not have validated: see <see cref="OrNone(Endpoint{Transaction})"/>.</summary>
    public static Either<BakongError, Endpoint<Option<Transaction>>> OrNone(this Either<BakongError, Endpoint<Transaction>> endpoint) =>
        endpoint.Map(e => e.OrNone());
}
