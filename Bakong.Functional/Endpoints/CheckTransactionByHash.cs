using Bakong.Functional.Endpoints;
using LanguageExt;

namespace Bakong.Functional;

/// <summary><c>POST /v1/check_transaction_by_hash</c>: a transaction by its full 64-hex hash.</summary>
public static class CheckTransactionByHash
{
    /// <summary>The endpoint's path.</summary>
    public const string Path = "/v1/check_transaction_by_hash";

    /// <summary>The lookup for <paramref name="hash"/>. Not found is a failure (errorCode 1); see <see cref="TransactionLookup.OrNone(Endpoint{Transaction})"/>.</summary>
    /// <param name="hash">64 hexadecimal characters; upper case is lowered.</param>
    public static Fin<Endpoint<Transaction>> Create(string? hash)
    {
        var v = new Validator();
        v.Hex("hash", hash, 64);
        return v.IsValid
            ? TransactionLookup.Endpoint(Path, RequestBody.Object(("hash", hash!.ToLowerInvariant())))
            : v.Failure;
    }
}
