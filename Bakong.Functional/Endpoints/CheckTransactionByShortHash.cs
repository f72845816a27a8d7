using Bakong.Functional.Requests;
using LanguageExt;

namespace Bakong.Functional;

/// <summary><c>POST /v1/check_transaction_by_short_hash</c>: a transaction by the first 8 characters of its hash, its amount and currency.</summary>
public static class CheckTransactionByShortHash
{
    /// <summary>The endpoint's path.</summary>
    public const string Path = "/v1/check_transaction_by_short_hash";

    /// <summary>What the API description says about this endpoint.</summary>
    public static BakongOperation Operation { get; } = new(Path, RequiresToken: true, IsRepeatable: true);

    /// <summary>The lookup. Not found is a failure (errorCode 1); see <see cref="TransactionLookup.OrNone(Endpoint{Transaction})"/>.</summary>
    /// <remarks>
    /// The amount is checked before any I/O by the same rules as a KHQR's amount: positive, whole riel for KHR, at most
    /// 2 decimals for USD, and at most 13 characters as a KHQR writes it. An amount no transaction can have is
    /// <see cref="BakongError.InvalidInput"/> naming <c>amount</c>. The answer must be about what was asked: a transaction
    /// whose hash does not start with <paramref name="shortHash"/>, or whose amount or currency differ, is
    /// <see cref="BakongError.Decode"/> at that field.
    /// </remarks>
    /// <param name="shortHash">8 hexadecimal characters, the start of the full hash.</param>
    /// <param name="amount">The amount paid.</param>
    /// <param name="currency">USD or KHR.</param>
    public static Fin<Endpoint<Transaction>> Create(string? shortHash, decimal amount, Currency currency)
    {
        var v = new Validator();
        v.Hex("hash", shortHash, 8);
        if (MoneyRules.IsKnown(currency))
            v.Money("amount", amount, currency);
        else if (amount <= 0)
            v.Fail("amount", "must be positive");
        v.DefinedCurrency("currency", currency);
        if (!v.IsValid)
            return v.Failure;
        var asked = shortHash!.ToLowerInvariant();
        // Sent with no more places than the currency has (1.500 as 1.50): a scale-sensitive server compares 1.50 and 1.500 as different.
        var sent = currency == Currency.KHR ? decimal.Truncate(amount) : decimal.Round(amount, 2);
        return TransactionLookup.Endpoint(Operation, RequestBody.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("hash", asked);
                w.WriteNumber("amount", sent);
                w.WriteString("currency", currency == Currency.USD ? "USD" : "KHR");
                w.WriteEndObject();
            }),
            t => TransactionLookup.ShortHashDisagreement(t, asked, amount, currency));
    }
}
