using System.Globalization;
using Bakong.Functional.Reliability.Tests.Support;
using CsCheck;
using static Bakong.Functional.Reliability.Tests.Invariants.Hostile;
using static Bakong.Functional.Reliability.Tests.Support.Results;

namespace Bakong.Functional.Reliability.Tests.Invariants;

/// <summary>
/// Invariant 3: money is parsed strictly and exactly. An amount is a JSON number (exponent allowed, value exact) or a
/// string holding exactly a plain decimal number: no whitespace, no <c>+</c>, no separators, no exponent, no rounding.
/// </summary>
public sealed class StrictMoneyTests(EmulatorFixture f) : IClassFixture<EmulatorFixture>
{
    private static readonly Endpoint<Transaction> Lookup = CheckTransactionByMd5.Create(Md5).Succ();

    private static Fin<Transaction> Decode(string amountJson) =>
        Lookup.Decode(BakongResponse.Of(200, Bodies.Success(Bodies.TransactionWith("amount", amountJson))));

    [Theory]
    [InlineData("\" 1.50\"")]
    [InlineData("\"1.50 \"")]
    [InlineData("\"+1.50\"")]
    [InlineData("\"\\t1.50\"")]
    [InlineData("\"1.50\\n\"")]
    [InlineData("\"1e2\"")]
    [InlineData("\"1.5E1\"")]
    [InlineData("\"1.\"")]
    [InlineData("\".5\"")]
    [InlineData("\"01.5\"")]
    public async Task A_string_amount_that_is_not_a_plain_decimal_number_is_refused(string amount)
    {
        // Before: decimal.TryParse with NumberStyles.Float took all of these (spaces, sign, exponent, bare points).
        var emulator = f.Fresh();
        emulator.Inject(CheckTransactionByMd5.Path, new Fault.Rewrite(b => b.Replace("\"amount\":1.50", "\"amount\":" + amount, StringComparison.Ordinal)));
        AssertDecode(await f.Client().SendAsync(CheckTransactionByMd5.Create(f.Usd.Md5)), ".data.amount", "plain decimal number");
    }

    [Fact]
    public async Task An_amount_of_1e_minus_400_is_not_a_payment_of_zero()
    {
        // Before: Utf8JsonReader.TryGetDecimal rounded it to 0.
        AssertDecode(await Serve(Bodies.Success(Bodies.TransactionWith("amount", "1e-400")), ByMd5), ".data.amount", "holds exactly");
    }

    [Theory]
    [InlineData("0.1000000000000000000000000000001")]
    [InlineData("12345678901234567890.123456789012")]
    [InlineData("1.00000000000000000000000000000000000001")]
    [InlineData("79228162514264337593543950336")]
    public async Task A_number_decimal_cannot_hold_exactly_is_refused_not_rounded(string amount)
    {
        // Before: the first three were silently rounded (0.1, ...); the last was refused only as out of range.
        AssertDecode(await Serve(Bodies.Success(Bodies.TransactionWith("amount", amount)), ByMd5), ".data.amount", "holds exactly");
    }

    [Fact]
    public async Task Exponents_in_numbers_are_read_exactly_and_trailing_zeros_beyond_precision_are_harmless()
    {
        // Control for the documented choice: 1.0E7 (how Java prints a large double) is 10000000 riel exactly.
        Assert.Equal(10_000_000m, (await Serve(Bodies.Success(Bodies.TransactionWith("amount", "1.0E7")), ByMd5)).Succ().Amount);
        Assert.Equal(1.5m, Decode("15e-1").Succ().Amount);
        Assert.Equal(1.5m, Decode("1.500000000000000000000000000000000000").Succ().Amount);
        Assert.Equal("1.50", Decode("1.50").Succ().Amount.ToString(CultureInfo.InvariantCulture));
        Assert.Equal("1.50", Decode("\"1.50\"").Succ().Amount.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Any_amount_reads_back_exactly_as_a_number_an_exponent_form_and_a_string()
    {
        // Control: the strict reader loses nothing that was representable.
        var amounts = Gen.Select(Gen.Long[0, 99_999_999_999_999], Gen.Int[0, 12], (m, scale) => new decimal(m) / Pow10(scale));
        amounts.Sample(a =>
        {
            var plain = a.ToString(CultureInfo.InvariantCulture);
            Assert.Equal(a, Decode(plain).Succ().Amount);
            Assert.Equal(a, Decode($"\"{plain}\"").Succ().Amount);
            var mantissa = plain.Replace(".", "", StringComparison.Ordinal).TrimStart('0');
            var places = plain.Contains('.', StringComparison.Ordinal) ? plain.Length - plain.IndexOf('.', StringComparison.Ordinal) - 1 : 0;
            Assert.Equal(a, Decode($"{(mantissa.Length == 0 ? "0" : mantissa)}e-{places}").Succ().Amount);
        }, iter: 2000);
    }

    [Fact]
    public void Any_decorated_string_amount_is_refused()
    {
        // Before: leading or trailing whitespace, a + sign, a leading zero or an exponent in a string amount were accepted.
        var decorations = Gen.OneOf(
            Gen.Const<Func<string, string>>(s => " " + s), Gen.Const<Func<string, string>>(s => s + " "),
            Gen.Const<Func<string, string>>(s => "+" + s), Gen.Const<Func<string, string>>(s => "\\t" + s),
            Gen.Const<Func<string, string>>(s => s + "\\r\\n"), Gen.Const<Func<string, string>>(s => "0" + s),
            Gen.Const<Func<string, string>>(s => s + "e0"), Gen.Const<Func<string, string>>(s => s + "E+0"));
        var amounts = Gen.Select(Gen.Long[1, 99_999_999_999], Gen.Int[0, 4], (m, scale) => new decimal(m) / Pow10(scale));
        Gen.Select(amounts, decorations).Sample((a, decorate) =>
        {
            var text = decorate(a.ToString(CultureInfo.InvariantCulture));
            AssertDecode(Decode($"\"{text}\""), ".data.amount", "plain decimal number");
        }, iter: 2000);
    }

    [Fact]
    public void Any_number_with_more_precision_than_decimal_is_refused_never_rounded()
    {
        // Before: TryGetDecimal rounded 29 to 40 significant digits to 28 or 29.
        var digits = Gen.Char["0123456789"].Array[29, 40].Select(cs => new string(cs));
        Gen.Select(Gen.Char["123456789"], digits, Gen.Char["123456789"], Gen.Int[1, 5]).Sample((first, middle, last, intDigits) =>
        {
            var all = first + middle + last;
            var number = all[..intDigits] + "." + all[intDigits..];
            AssertDecode(Decode(number), ".data.amount", "holds exactly");
        }, iter: 1000);
    }

    private static decimal Pow10(int n)
    {
        var p = 1m;
        for (var i = 0; i < n; i++) p *= 10;
        return p;
    }
}
