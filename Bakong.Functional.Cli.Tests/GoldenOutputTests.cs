namespace Bakong.Functional.Cli.Tests;

/// <summary>
/// What the tool prints, byte for byte, against files in Fixtures: a transaction in lines and in JSON, invalid input,
/// and a decoded KHQR with its fields and problems. Set BAKONG_WRITE_GOLDEN=1 to rewrite the files after a deliberate change.
/// </summary>
public class GoldenOutputTests
{
    // khqr.md vector 1, and the same with a broken CRC so that the problems list is not empty.
    private const string Vector1 = "00020101021229180014jonhsmith@nbcq52045999530311654035005802KH5910Jonh Smith6010PHNOM PENH99170013173949577872263046894";

    private static readonly Transaction Paid = new(
        "0f5e2c1b8a7d6e5f4c3b2a1908f7e6d5c4b3a29180f7e6d5c4b3a2918070605", "payer@aba", "shop@devb", Currency.USD, 4m,
        "Coffee, 2 cups", new DateTimeOffset(2026, 11, 30, 8, 15, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 30, 8, 15, 2, 500, TimeSpan.Zero),
        "COMPLETED", "Dev Bank", "000111222", "INS-1", LanguageExt.Option<string>.None);

    [Fact]
    public void A_transaction_in_lines_matches_its_golden_file()
    {
        using var o = new StringWriter();
        Report.WriteTransaction(o, Paid);
        Golden("transaction.txt", o.ToString());
    }

    [Fact]
    public void A_transaction_in_json_matches_its_golden_file() =>
        Golden("transaction.json", Report.ToJson(w => Report.WriteTransaction(w, Paid)));

    [Fact]
    public void Invalid_input_in_json_matches_its_golden_file() =>
        Golden("invalid-input.json", Report.ToJson(w => Report.WriteError(w, new BakongError.InvalidInput(
            LanguageExt.Prelude.Seq(new FieldError("md5", "must be 32 hexadecimal characters"), new FieldError("amount", "must be positive"))))));

    [Fact]
    public async Task A_decoded_khqr_in_json_matches_its_golden_file()
    {
        using var cli = new Cli();
        var r = await cli.Run("khqr", "decode", Vector1, "--json");
        Assert.True(r.Exit == 0, r.ToString());
        Golden("khqr-decode.json", r.Out);
    }

    [Fact]
    public async Task A_khqr_with_a_bad_crc_in_json_lists_its_problems_as_its_golden_file()
    {
        using var cli = new Cli();
        var r = await cli.Run("khqr", "decode", Vector1[..^1] + "5", "--json");
        Golden("khqr-decode-problems.json", r.Out);
    }

    [Theory]
    [InlineData(4, Currency.USD, "4.00 USD")]
    [InlineData(4.5, Currency.USD, "4.50 USD")]
    [InlineData(1.005, Currency.USD, "1.005 USD")]
    [InlineData(0, Currency.USD, "0.00 USD")]
    [InlineData(500, Currency.KHR, "500 KHR")]
    [InlineData(2.5, Currency.KHR, "2.5 KHR")]
    [InlineData(20000, Currency.KHR, "20000 KHR")]
    public void Money_shows_dollars_with_two_decimals_riel_whole_and_never_rounds(double amount, Currency currency, string text) =>
        Assert.Equal(text, Report.Money((decimal)amount, currency));

    private static void Golden(string name, string actual)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", name);
        if (Environment.GetEnvironmentVariable("BAKONG_WRITE_GOLDEN") == "1")
        {
            var source = Path.Combine(SourceDirectory(), "Fixtures", name);
            File.WriteAllText(source, actual);
            return;
        }
        Assert.Equal(File.ReadAllText(path), actual);
    }

    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string file = "") => Path.GetDirectoryName(file)!;
}
