using Bakong.Functional.Json;
using LanguageExt;

namespace Bakong.Functional;

/// <summary>What the single-transaction lookups share: one decoder, and the optional form where "not found" is <c>None</c>.</summary>
public static class TransactionLookup
{
    internal static Endpoint<Transaction> Endpoint(string path, string body) =>
        new(BakongRequest.Lookup(path, body), r => ResponseDecoding.Decode(r, TransactionJson.Read));

    /// <summary>
    /// The same lookup, with errorCode 1 (transaction not found) as <c>Succ(None)</c> instead of a failure: the shape for
    /// "has this QR been paid yet?".
    /// </summary>
    public static Endpoint<Option<Transaction>> OrNone(this Endpoint<Transaction> endpoint) =>
        endpoint.MapResult(result => result.Match(
            Succ: t => Fin<Option<Transaction>>.Succ(t),
            Fail: e => e is BakongError { IsTransactionNotFound: true }
                ? Fin<Option<Transaction>>.Succ(Option<Transaction>.None)
                : Fin<Option<Transaction>>.Fail(e)));

    /// <summary>The optional form of a lookup that may not have validated: see <see cref="OrNone(Endpoint{Transaction})"/>.</summary>
    public static Fin<Endpoint<Option<Transaction>>> OrNone(this Fin<Endpoint<Transaction>> endpoint) =>
        endpoint.Map(e => e.OrNone());
}
