using Bakong.Functional.Model;
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
