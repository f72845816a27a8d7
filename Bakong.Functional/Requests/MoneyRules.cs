using System.Globalization;
using LanguageExt;

namespace Bakong.Functional.Requests;

/// <summary>The rules an amount must keep in its currency, shared by KHQR encoding and input validation.</summary>
internal static class MoneyRules
{
    /// <summary>The longest amount a KHQR can carry (tag 54), in characters.</summary>
    internal const int MaxKhqrLength = 13;

    /// <summary>
    /// Every rule <paramref name="amount"/> breaks in <paramref name="currency"/>, each naming <paramref name="field"/>:
    /// positive, KHR in whole riel, USD with at most 2 decimals, and at most 13 characters as KHQR writes it.
    /// </summary>
    internal static Seq<FieldError> Check(string field, decimal amount, Currency currency)
    {
        if (!IsKnown(currency))
            return Prelude.Seq1(new FieldError(field, "cannot be checked: the currency is neither USD nor KHR"));
        var errors = Seq<FieldError>.Empty;
        if (amount <= 0)
            errors = errors.Add(new FieldError(field, "must be positive"));
        if (!HasAllowedDecimals(amount, currency))
        {
            errors = errors.Add(new FieldError(field, currency == Currency.KHR
                ? "must be a whole number of riel (KHR has no minor unit)"
                : "must have at most 2 decimal places (USD)"));
        }
        if (KhqrText(amount, currency).Length > MaxKhqrLength)
            errors = errors.Add(new FieldError(field, $"must fit in {MaxKhqrLength} characters as written in a KHQR"));
        return errors;
    }

    /// <summary>Whether <paramref name="currency"/> is one Bakong settles in; an enum can hold any number.</summary>
    internal static bool IsKnown(Currency currency) => currency is Currency.USD or Currency.KHR;

    /// <summary>Whether the amount has no more decimals than its currency's minor unit allows (by value: 1.500 is 1.5).</summary>
    internal static bool HasAllowedDecimals(decimal amount, Currency currency) => currency switch
    {
        Currency.KHR => decimal.Truncate(amount) == amount,
        Currency.USD => decimal.Round(amount, 2) == amount,
        _ => false,
    };

    /// <summary>
    /// The amount as the official KHQR SDK writes it: whole amounts bare (<c>500</c>, <c>1</c>), fractional USD with
    /// two decimals (<c>1.50</c>). Amounts that break <see cref="HasAllowedDecimals"/> are rounded.
    /// </summary>
    internal static string KhqrText(decimal amount, Currency currency) =>
        currency == Currency.USD && decimal.Truncate(amount) != amount
            ? amount.ToString("0.00", CultureInfo.InvariantCulture)
            : amount.ToString("0", CultureInfo.InvariantCulture);
}
