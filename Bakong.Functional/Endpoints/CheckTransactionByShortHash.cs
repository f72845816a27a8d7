using Bakong.Functional.Endpoints;
using LanguageExt;

namespace Bakong.Functional;

/// <summary><c>POST /v1/check_transaction_by_short_hash</c>: a transaction by the first 8 characters of its hash, its amount and currency.</summary>
public static class CheckTransactionByShortHash
{
    /// <summary>The endpoint's path.</summary>
    public const string Path = "/v1/check_transaction_by_short_hash";

    /// <summary>The lookup. Not found is a failure (errorCode 1); see <see cref="TransactionLookup.OrNone(Endpoint{Transaction})"/>.</summary>
    /// <param name="shortHash">8 hexadecimal characters, the start of the full hash.</param>
    /// <param name="amount">The amount paid; must be positive.</param>
    /// <param name="currency">USD or KHR.</param>
    public static Fin<Endpoint<Transaction>> Create(string? shortHash, decimal amount, Currency currency)
    {
        var v = new Validator();
        v.Hex("hash", shortHash, 8);
        v.PositiveAmount("amount", amount);
        v.DefinedCurrency("currency", currency);
        return v.IsValid
            ? TransactionLookup.Endpoint(Path, RequestBody.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("hash", shortHash!.ToLowerInvariant());
                w.WriteNumber("amount", amount);
                w.WriteString("currency", currency == Currency.USD ? "USD" : "KHR");
                w.WriteEndObject();
            }))
            : v.Failure;
    }
}
