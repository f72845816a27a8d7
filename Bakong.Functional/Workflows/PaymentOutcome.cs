using LanguageExt;

namespace Bakong.Functional;

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
