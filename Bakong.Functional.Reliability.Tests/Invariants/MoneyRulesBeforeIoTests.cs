using Bakong.Functional.Reliability.Tests.Support;
using System.Globalization;
using CsCheck;
using static Bakong.Functional.Reliability.Tests.Invariants.Hostile;

namespace Bakong.Functional.Reliability.Tests.Invariants;

/// <summary>
/// Invariant 4: the short-hash lookup's amount is checked against the money rules before any I/O: whole riel for KHR,
/// at most 2 decimals for USD, positive, and short enough for the KHQR amount field (13 characters). The rules are the
/// ones the KHQR encoder keeps (one shared implementation, <c>MoneyRules</c>).
/// </summary>
public sealed class MoneyRulesBeforeIoTests(EmulatorFixture f) : IClassFixture<EmulatorFixture>
{
    public static TheoryData<decimal, Currency, string> Broken => new()
    {
        { 100.5m, Currency.KHR, "must be a whole number of riel (KHR has no minor unit)" },
        { 6000.01m, Currency.KHR, "must be a whole number of riel (KHR has no minor unit)" },
        { 1.505m, Currency.USD, "must have at most 2 decimal places (USD)" },
        { 0.001m, Currency.USD, "must have at most 2 decimal places (USD)" },
        { 12345678901234.5m, Currency.USD, "must fit in 13 characters as written in a KHQR" },
        { 99999999999999m, Currency.KHR, "must fit in 13 characters as written in a KHQR" },
        { -1m, Currency.USD, "must be positive" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public async Task An_amount_no_transaction_can_have_is_invalid_input_and_nothing_is_sent(decimal amount, Currency currency, string reason)
    {
        // Before: only "greater than zero" was checked, so 100.5 riel went to the server and came back "not found".
        var emulator = f.Fresh();
        var result = await f.Client().SendAsync(CheckTransactionByShortHash.Create(f.Khr.ShortHash, amount, currency).OrNone());
        Assert.Equal(reason, AssertInvalid(result, "amount").Reason);
        Assert.Empty(emulator.Requests);
    }

    [Theory]
    [InlineData("6000.00", "KHR", "6000")]
    [InlineData("6000.0", "KHR", "6000")]
    [InlineData("1.500", "USD", "1.50")]
    [InlineData("1.5000", "USD", "1.50")]
    public async Task An_amount_with_spare_zeros_is_sent_with_no_more_places_than_its_currency_has(string amount, string currency, string sent)
    {
        // Before: 6000.00 riel was sent as 6000.00 and 1.500 dollars as 1.500, which a scale-sensitive server compares as different.
        var emulator = f.Fresh();
        var c = Enum.Parse<Currency>(currency);
        var payment = c == Currency.KHR ? f.Khr : f.Usd;
        var found = await f.Client().SendAsync(CheckTransactionByShortHash.Create(payment.ShortHash, decimal.Parse(amount, CultureInfo.InvariantCulture), c));
        Assert.Equal(payment.Hash, found.Succ().Hash);
        Assert.Contains($"\"amount\":{sent},", Assert.Single(emulator.Requests).Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_amount_is_accepted_exactly_when_the_KHQR_money_rules_allow_it()
    {
        // Before: any positive amount was accepted, in either currency, at any precision and length.
        var amounts = Gen.Select(Gen.Long[-1_000, 99_999_999_999_999], Gen.Int[0, 4], (m, scale) => new decimal(m) / Pow10(scale));
        Gen.Select(amounts, Gen.OneOf(Gen.Const(Currency.USD), Gen.Const(Currency.KHR))).Sample((amount, currency) =>
        {
            var allowed = amount > 0
                && (currency == Currency.KHR ? amount == decimal.Truncate(amount) : amount == decimal.Round(amount, 2))
                && KhqrLength(amount, currency) <= 13;
            var created = CheckTransactionByShortHash.Create("8465d722", amount, currency);
            Assert.Equal(allowed, created.IsSucc);
            if (!allowed)
                Assert.All(created.FailAs<BakongError.InvalidInput, Endpoint<Transaction>>().Errors, e => Assert.Equal("amount", e.Field));
        }, iter: 3000);
    }

    [Fact]
    public void The_lookup_and_the_KHQR_encoder_refuse_the_same_amounts_for_the_same_reasons()
    {
        // One set of rules serves both: a QR the encoder refuses to write is an amount the lookup refuses to ask about.
        var amounts = Gen.Select(Gen.Long[-100, 99_999_999_999_999], Gen.Int[0, 4], (m, scale) => new decimal(m) / Pow10(scale));
        Gen.Select(amounts, Gen.OneOf(Gen.Const(Currency.USD), Gen.Const(Currency.KHR))).Sample((amount, currency) =>
        {
            var qr = Khqr.Encode(new KhqrRequest(new KhqrAccount.Individual("shop@devb"), "Shop", currency) { Amount = amount });
            var lookup = CheckTransactionByShortHash.Create("8465d722", amount, currency);
            Assert.Equal(AmountErrors(qr), AmountErrors(lookup));
        }, iter: 2000);
    }

    private static string[] AmountErrors<T>(Fin<T> result) => result.Match(
        Succ: _ => [],
        Fail: e => ((BakongError.InvalidInput)e).Errors.Filter(x => x.Field == "amount").Map(x => x.Reason).ToArray());

    /// <summary>The KHQR amount as the official SDK writes it: whole amounts bare, fractional USD with two places.</summary>
    private static int KhqrLength(decimal amount, Currency currency) =>
        (currency == Currency.USD && amount != decimal.Truncate(amount)
            ? decimal.Round(amount, 2).ToString("0.00", CultureInfo.InvariantCulture)
            : decimal.Round(amount, 0).ToString("0", CultureInfo.InvariantCulture)).Length;

    private static decimal Pow10(int n)
    {
        var p = 1m;
        for (var i = 0; i < n; i++) p *= 10;
        return p;
    }
}
