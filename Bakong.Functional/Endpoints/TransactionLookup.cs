using Bakong.Functional.Json;
using Bakong.Functional.Model;
using Bakong.Functional.Requests;
using LanguageExt;

namespace Bakong.Functional;

/// <summary>
/// What the single-transaction lookups share: one decoder, and the optional form where "not found" is <c>None</c>.
/// </summary>
/// <remarks>
/// An answer must be about what was asked; one that is not is a <see cref="BakongError.Decode"/> naming the field, never a
/// found payment. What can be checked depends on what the transaction echoes:
/// <list type="bullet">
/// <item>by hash: the transaction's <c>hash</c> is the hash asked for (case aside);</item>
/// <item>by short hash: its <c>hash</c> is 64 hexadecimal characters starting with the short hash, and its
/// <c>amount</c> and <c>currency</c> are the ones asked for (amounts compared by value, so 1.5 is 1.50);</item>
/// <item>by instructionRef or externalRef: the transaction's own reference, when it carries one, is the one asked for,
/// case aside (a server that matches references without regard to case answers <c>INS-1</c> for <c>ins-1</c>); a
/// transaction without one cannot be checked;</item>
/// <item>by md5: nothing in a transaction echoes the md5, so nothing can be checked here. Compare what the QR asked for
/// with <see cref="ExpectedPayment"/> and <see cref="PaymentOutcome.Of"/>.</item>
/// </list>
/// </remarks>
public static class TransactionLookup
{
    /// <summary>A lookup whose answer is checked by <paramref name="disagreement"/>: null when the transaction is the one asked for.</summary>
    internal static Endpoint<Transaction> Endpoint(BakongOperation operation, string body, Func<Transaction, DecodeError?>? disagreement) =>
        new(BakongRequest.For(operation, body), r =>
        {
            var found = ResponseDecoding.Decode(r, TransactionJson.Read);
            if (disagreement is null || !found.TrySucc(out var transaction, out _))
                return found;
            return disagreement(transaction) is { } problem ? ResponseDecoding.Malformed(problem, r) : found;
        });

    /// <summary>Why <paramref name="t"/> is not the transaction with full hash <paramref name="hash"/>, or null.</summary>
    internal static DecodeError? HashDisagreement(Transaction t, string hash) =>
        string.Equals(t.Hash, hash, StringComparison.OrdinalIgnoreCase)
            ? null
            : new DecodeError(".data.hash", $"the hash asked for, {hash}, but found {Shown(t.Hash)}");

    /// <summary>Why <paramref name="t"/> is not a transaction with this short hash, amount and currency, or null.</summary>
    internal static DecodeError? ShortHashDisagreement(Transaction t, string shortHash, decimal amount, Currency currency)
    {
        if (t.Hash.Length != 64 || !t.Hash.All(char.IsAsciiHexDigit) || !t.Hash.StartsWith(shortHash, StringComparison.OrdinalIgnoreCase))
            return new DecodeError(".data.hash", $"a 64-hex hash starting with the short hash asked for, {shortHash}, but found {Shown(t.Hash)}");
        if (t.Amount != amount)
            return new DecodeError(".data.amount", $"the amount asked for, {amount.ToString(System.Globalization.CultureInfo.InvariantCulture)}, but found {t.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        if (t.Currency != currency)
            return new DecodeError(".data.currency", $"the currency asked for, {currency}, but found {t.Currency}");
        return null;
    }

    /// <summary>Why <paramref name="found"/> (a transaction's reference, if it has one) is not <paramref name="asked"/>, or null.</summary>
    internal static DecodeError? ReferenceDisagreement(Option<string> found, string asked, string field) =>
        !found.TrySome(out var value) || string.Equals(value, asked, StringComparison.OrdinalIgnoreCase)
            ? null
            : new DecodeError($".data.{field}", $"the {field} asked for, {asked}, but found {Shown(value)}");

    // A hostile value may be huge; an error keeps only its start.
    private static string Shown(string value) => value.Length <= 80 ? value : value[..80] + "…";

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

    /// <summary>
    /// A single lookup's answer as the row md5_list or hash_list would give for <paramref name="key"/>: errorCode 1, 2 and 3
    /// are the rows NOT_FOUND, FAILED and STATIC_QR, and any other failure stays a failure. The batch check's fallback
    /// and the watcher's single lookups both read answers through this one mapping.
    /// </summary>
    internal static Fin<BatchRow> AsRow(string key, Fin<Transaction> answer) =>
        answer.Match(
            Succ: t => Fin<BatchRow>.Succ(new BatchRow.Found(key, t)),
            Fail: e => e switch
            {
                BakongError.ApiFailure { ErrorCode: ApiErrorCode.TransactionNotFound } f => new BatchRow.NotFound(key, f.ResponseMessage),
                BakongError.ApiFailure { ErrorCode: ApiErrorCode.TransactionFailed } f => new BatchRow.Failed(key, f.ResponseMessage),
                BakongError.ApiFailure { ErrorCode: ApiErrorCode.StaticQrNotSupported } f => new BatchRow.StaticQr(key, f.ResponseMessage),
                _ => Fin<BatchRow>.Fail(BakongError.From(e)),
            });
}
