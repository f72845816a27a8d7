using Bakong.Functional.Requests;
using LanguageExt;

namespace Bakong.Functional;

/// <summary><c>POST /v1/check_transaction_by_hash</c>: a transaction by its full 64-hex hash.</summary>
public static class CheckTransactionByHash
{
    /// <summary>The endpoint's path.</summary>
    public const string Path = "/v1/check_transaction_by_hash";

    /// <summary>What the API description says about this endpoint.</summary>
    public static BakongOperation Operation { get; } = new(Path, RequiresToken: true, IsRepeatable: true);

    /// <summary>The lookup for <paramref name="hash"/>. Not found is a failure (errorCode 1); see <see cref="TransactionLookup.OrNone(Endpoint{Transaction})"/>.</summary>
    /// <remarks>A transaction whose hash is not <paramref name="hash"/> is <see cref="BakongError.Decode"/> at <c>.data.hash</c>, never a found payment.</remarks>
    /// <param name="hash">64 hexadecimal characters; upper case is lowered.</param>
    public static Fin<Endpoint<Transaction>> Create(string? hash)
    {
        var v = new Validator();
        v.Hex("hash", hash, 64);
        if (!v.IsValid)
            return v.Failure;
        var asked = hash!.ToLowerInvariant();
        return TransactionLookup.Endpoint(Operation, RequestBody.Object(("hash", asked)), t => TransactionLookup.HashDisagreement(t, asked));
    }
}
