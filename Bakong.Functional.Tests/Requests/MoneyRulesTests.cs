using Bakong.Functional.Requests;

namespace Bakong.Functional.Tests.Requests;

/// <summary>The amount rules shared by KHQR encoding and input validation.</summary>
public class MoneyRulesTests
{
    private static string[] Check(decimal amount, Currency currency) =>
        MoneyRules.Check("amount", amount, currency).Map(e => e.ToString()).ToArray();

    [Theory]
    [InlineData(1, "KHR")]
    [InlineData(100, "KHR")]
    [InlineData(9999999999999, "KHR")]
    [InlineData(0.01, "USD")]
    [InlineData(1.5, "USD")]
    [InlineData(9999999999.99, "USD")]
    [InlineData(1234567890123, "USD")]
    public void Valid_amounts_break_no_rule(decimal amount, string currency) =>
        Assert.Empty(Check(amount, Enum.Parse<Currency>(currency)));

    [Fact]
    public void Each_rule_names_the_field_given()
    {
        Assert.Equal(["amount: must be positive"], Check(0m, Currency.USD));
        Assert.Equal(["amount: must be positive"], Check(-5m, Currency.KHR));
        Assert.Equal(["amount: must be a whole number of riel (KHR has no minor unit)"], Check(0.5m + 1, Currency.KHR));
        Assert.Equal(["amount: must have at most 2 decimal places (USD)"], Check(1.001m, Currency.USD));
        Assert.Equal(["amount: must fit in 13 characters as written in a KHQR"], Check(10000000000000m, Currency.KHR));
        Assert.Equal(["amount: must fit in 13 characters as written in a KHQR"], Check(10000000000.5m, Currency.USD));
        Assert.Equal(["amount: cannot be checked: the currency is neither USD nor KHR"], Check(1m, (Currency)42));
        Assert.Equal(["price.value: must be positive"], MoneyRules.Check("price.value", 0m, Currency.KHR).Map(e => e.ToString()).ToArray());
    }

    [Fact]
    public void Every_broken_rule_is_listed()
    {
        Assert.Equal(
            ["amount: must be positive", "amount: must have at most 2 decimal places (USD)", "amount: must fit in 13 characters as written in a KHQR"],
            Check(-12345678901.001m, Currency.USD));
    }

    [Fact]
    public void Decimals_are_judged_by_value_not_by_scale()
    {
        Assert.Empty(Check(1.500m, Currency.USD));
        Assert.Empty(Check(500.000m, Currency.KHR));
    }

    [Fact]
    public void Khqr_text_is_bare_for_whole_amounts_and_two_decimals_otherwise()
    {
        Assert.Equal("500", MoneyRules.KhqrText(500.00m, Currency.KHR));
        Assert.Equal("1", MoneyRules.KhqrText(1.00m, Currency.USD));
        Assert.Equal("1.50", MoneyRules.KhqrText(1.5m, Currency.USD));
        Assert.Equal("0.05", MoneyRules.KhqrText(0.05m, Currency.USD));
    }
}
