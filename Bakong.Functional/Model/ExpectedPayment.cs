using LanguageExt;

namespace Bakong.Functional;

/// <summary>
/// What a QR asked for: the receiving account, the currency, and (on a dynamic QR) the amount. A transaction that
/// differs in any of them is not the payment that was asked for, however it arrived.
/// </summary>
/// <param name="ToAccountId">The Bakong account that must receive the money, for example <c>shop@bank</c>.</param>
/// <param name="Currency">The currency the QR was issued in.</param>
/// <param name="Amount">The amount on a dynamic QR; <c>None</c> on a static QR, where the payer chooses it.</param>
[System.Text.Json.Serialization.JsonConverter(typeof(ExpectedPaymentJsonConverter))]
public sealed record ExpectedPayment(string ToAccountId, Currency Currency, Option<decimal> Amount)
{
    /// <summary>Each way <paramref name="transaction"/> differs from this expectation; empty when it is the payment asked for.</summary>
    /// <remarks>Accounts compare without regard to case; amounts compare as decimals, so 1.5 and 1.50 are equal.</remarks>
    public Seq<PaymentDifference> Differences(Transaction transaction)
    {
        var differences = Seq<PaymentDifference>.Empty;
        if (!string.Equals(transaction.ToAccountId, ToAccountId, StringComparison.OrdinalIgnoreCase))
            differences = differences.Add(new PaymentDifference.Account(ToAccountId, transaction.ToAccountId));
        if (transaction.Currency != Currency)
            differences = differences.Add(new PaymentDifference.CurrencyDiffers(Currency, transaction.Currency));
        if (Amount.TrySome(out var amount) && amount != transaction.Amount)
            differences = differences.Add(new PaymentDifference.AmountDiffers(amount, transaction.Amount));
        return differences;
    }
}

/// <summary>One way a transaction differs from the payment a QR asked for.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(PaymentDifferenceJsonConverter))]
public abstract record PaymentDifference
{
    private PaymentDifference() { }

    // Abstract and private protected: only this assembly can implement it, so no other assembly can add a case and
    // every Match below stays complete.
    private protected abstract void ClosedCase();

    /// <summary>The money went to another account.</summary>
    /// <param name="Expected">The QR's receiving account.</param>
    /// <param name="Actual">The transaction's receiving account.</param>
    [System.Text.Json.Serialization.JsonConverter(typeof(PaymentDifferenceJsonConverter))]
    public sealed record Account(string Expected, string Actual) : PaymentDifference
    {
        private protected override void ClosedCase() { }
    }
    /// <summary>The transaction is in another currency.</summary>
    /// <param name="Expected">The QR's currency.</param>
    /// <param name="Actual">The transaction's currency.</param>
    [System.Text.Json.Serialization.JsonConverter(typeof(PaymentDifferenceJsonConverter))]
    public sealed record CurrencyDiffers(Currency Expected, Currency Actual) : PaymentDifference
    {
        private protected override void ClosedCase() { }
    }
    /// <summary>The amount paid is not the QR's amount: underpaid when <c>Actual &lt; Expected</c>.</summary>
    /// <param name="Expected">The QR's amount.</param>
    /// <param name="Actual">The amount paid.</param>
    [System.Text.Json.Serialization.JsonConverter(typeof(PaymentDifferenceJsonConverter))]
    public sealed record AmountDiffers(decimal Expected, decimal Actual) : PaymentDifference
    {
        private protected override void ClosedCase() { }
    }
    /// <summary>One function per case.</summary>
    public R Match<R>(Func<Account, R> account, Func<CurrencyDiffers, R> currency, Func<AmountDiffers, R> amount) => this switch
    {
        Account e => account(e),
        CurrencyDiffers e => currency(e),
        AmountDiffers e => amount(e),
        _ => throw new InvalidOperationException("unreachable"),
    };

    /// <summary>For logs: <c>amount: expected 10.00, got 9.00</c>.</summary>
    public sealed override string ToString() => Match(
        account: e => $"account: expected {e.Expected}, got {e.Actual}",
        currency: e => $"currency: expected {e.Expected}, got {e.Actual}",
        amount: e => $"amount: expected {e.Expected.ToString(System.Globalization.CultureInfo.InvariantCulture)}, got {e.Actual.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
}

/// <summary>
/// How a watched payment ended. Only <see cref="Paid"/> means the money asked for arrived; every other case is not a
/// success, and <see cref="Mismatch"/> in particular is never to be treated as one.
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(PaymentOutcomeJsonConverter))]
public abstract record PaymentOutcome
{
    private PaymentOutcome() { }

    // Abstract and private protected: only this assembly can implement it, so no other assembly can add a case and
    // every Match below stays complete.
    private protected abstract void ClosedCase();

    /// <summary>The transaction arrived and matches the QR's account, currency and amount.</summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(PaymentOutcomeJsonConverter))]
    public sealed record Paid(Transaction Transaction) : PaymentOutcome
    {
        private protected override void ClosedCase() { }
    }
    /// <summary>A transaction arrived for this QR but differs from what it asked for (underpaid, another account or currency).</summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(PaymentOutcomeJsonConverter))]
    public sealed record Mismatch(Transaction Transaction, Seq<PaymentDifference> Differences) : PaymentOutcome
    {
        private protected override void ClosedCase() { }
    }
    /// <summary>Bakong reports the transaction as failed (errorCode 3 or a FAILED row).</summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(PaymentOutcomeJsonConverter))]
    public sealed record Failed(string Reason) : PaymentOutcome
    {
        private protected override void ClosedCase() { }
    }
    /// <summary>The QR is static: Bakong cannot check it by md5 (errorCode 2 or a STATIC_QR row).</summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(PaymentOutcomeJsonConverter))]
    public sealed record StaticQr : PaymentOutcome
    {
        private protected override void ClosedCase() { }
    }
    /// <summary>The deadline (usually the QR's expiry) passed with nothing paid.</summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(PaymentOutcomeJsonConverter))]
    public sealed record Expired(DateTimeOffset Deadline) : PaymentOutcome
    {
        private protected override void ClosedCase() { }
    }

    /// <summary>
    /// The deadline passed and the payment could not be confirmed either way: its own answers stayed ambiguous, or nothing
    /// trustworthy was heard about it (an outage to the end). It may have been paid: a person should reconcile it.
    /// </summary>
    /// <param name="Why">Whether its answers were ambiguous or not heard.</param>
    /// <param name="Deadline">The deadline that passed.</param>
    /// <param name="LastError">The last failed or untrusted answer about it, if there was one.</param>
    /// <param name="UntrustedAnswers">How many answers about it could not be trusted.</param>
    [System.Text.Json.Serialization.JsonConverter(typeof(PaymentOutcomeJsonConverter))]
    public sealed record Unconfirmed(UnconfirmedReason Why, DateTimeOffset Deadline, Option<BakongError> LastError, int UntrustedAnswers) : PaymentOutcome
    {
        private protected override void ClosedCase() { }
    }
    /// <summary>Checking stopped on an error that waiting cannot fix (a refused token, say).</summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(PaymentOutcomeJsonConverter))]
    public sealed record Error(BakongError Reason) : PaymentOutcome
    {
        private protected override void ClosedCase() { }
    }
    /// <summary>Whether the money asked for arrived.</summary>
    public bool IsPaid => this is Paid;

    /// <summary>One function per case.</summary>
    public R Match<R>(
        Func<Paid, R> paid,
        Func<Mismatch, R> mismatch,
        Func<Failed, R> failed,
        Func<StaticQr, R> staticQr,
        Func<Expired, R> expired,
        Func<Unconfirmed, R> unconfirmed,
        Func<Error, R> error) => this switch
    {
        Paid e => paid(e),
        Mismatch e => mismatch(e),
        Failed e => failed(e),
        StaticQr e => staticQr(e),
        Expired e => expired(e),
        Unconfirmed e => unconfirmed(e),
        Error e => error(e),
        _ => throw new InvalidOperationException("unreachable"),
    };

    /// <summary>
    /// The outcome of a transaction found for a QR: <see cref="Paid"/> when <paramref name="expected"/> has no
    /// differences from it (or there is no expectation), <see cref="Mismatch"/> otherwise.
    /// </summary>
    public static PaymentOutcome Of(Transaction transaction, Option<ExpectedPayment> expected)
    {
        var differences = expected.Match(e => e.Differences(transaction), () => Seq<PaymentDifference>.Empty);
        return differences.IsEmpty ? new Paid(transaction) : new Mismatch(transaction, differences);
    }
}

/// <summary>Why a payment ended <see cref="PaymentOutcome.Unconfirmed"/>.</summary>
public enum UnconfirmedReason
{
    /// <summary>No trustworthy answer about it came at its last check: the server was unreachable, or answered what cannot be read.</summary>
    NotHeard,

    /// <summary>Its own rows contradicted each other, or could not be read, and its own single lookup did not settle it.</summary>
    Ambiguous,
}
