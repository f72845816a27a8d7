using System.Text;
using Bakong.Functional.Reliability.Tests.Support;
using static Bakong.Functional.Reliability.Tests.Invariants.Hostile;
using static Bakong.Functional.Reliability.Tests.Support.Results;

namespace Bakong.Functional.Reliability.Tests.Invariants;

/// <summary>
/// Invariant 5: text is never silently changed. A caller's string UTF-8 cannot carry (a lone surrogate) is invalid input,
/// never sent as U+FFFD. On the way in, a lone surrogate escape or invalid UTF-8 in the payer's free-text description is
/// repaired with U+FFFD and flagged (<see cref="Transaction.DescriptionRepaired"/>), so a real payment stays visible;
/// in an identifier it is a decode error at that field; in a message it is repaired.
/// </summary>
public sealed class TextIntegrityTests(EmulatorFixture f) : IClassFixture<EmulatorFixture>
{
    private const string LoneHigh = "\ud800";
    private const string LoneLow = "\udc00";

    [Fact]
    public async Task A_qr_with_a_lone_surrogate_is_invalid_input_and_never_sent()
    {
        // Before: sent with "\uFFFD" in place of the surrogate, a QR string the caller never wrote.
        var emulator = f.Fresh();
        AssertInvalid(await f.Client().SendAsync(GenerateDeeplink.Create("000201010212" + LoneHigh + "6304")), "qr", "lone surrogate");
        Assert.Empty(emulator.Requests);
    }

    [Fact]
    public async Task An_organization_with_a_lone_low_surrogate_is_invalid_input()
    {
        // Before: request_token registered "Caf\uFFFD" and sent the e-mail.
        var emulator = f.Fresh();
        AssertInvalid(await f.Client().SendAsync(RequestToken.Create("text@example.com", "Caf" + LoneLow, "Shop")), "organization", "lone surrogate");
        Assert.Empty(emulator.Requests);
    }

    [Theory]
    [InlineData("INV-\\ud800")]
    [InlineData("\\udc00INV")]
    [InlineData("INV\\udbff\\ud800")]
    public async Task A_reference_with_a_broken_surrogate_pair_is_invalid_input(string escaped)
    {
        // Before: looked up as a different reference, with U+FFFD in it. (Escaped in the data: test names must stay valid text.)
        var emulator = f.Fresh();
        var reference = System.Text.RegularExpressions.Regex.Unescape(escaped);
        AssertInvalid(await f.Client().SendAsync(CheckTransactionByInstructionRef.Create(reference)), "instructionRef", "lone surrogate");
        Assert.Empty(emulator.Requests);
    }

    [Fact]
    public async Task An_app_name_with_a_lone_surrogate_is_refused_but_a_real_emoji_is_sent_intact()
    {
        // Before: "Shop \uFFFD" was sent as the app's name.
        var emulator = f.Fresh();
        var client = f.Client();
        AssertInvalid(await client.SendAsync(GenerateDeeplink.Create("000201010212", new SourceInfo("https://shop.example/icon.png", "Shop " + LoneHigh, "shop://paid"))), "sourceInfo.appName", "lone surrogate");
        Assert.Empty(emulator.Requests);
        (await client.SendAsync(GenerateDeeplink.Create("000201010212", new SourceInfo("https://shop.example/icon.png", "Shop \ud83d\ude00", "shop://paid")))).Succ();
        using var sent = System.Text.Json.JsonDocument.Parse(Assert.Single(emulator.Requests).Body);
        Assert.Equal("Shop \ud83d\ude00", sent.RootElement.GetProperty("sourceInfo").GetProperty("appName").GetString());
    }

    [Fact]
    public async Task A_lone_surrogate_escape_in_the_description_keeps_the_payment_visible_and_says_it_was_repaired()
    {
        // Before: the whole answer was a decode error at the root, hiding a real payment.
        var emulator = f.Fresh();
        var client = f.Client();
        var honest = (await client.SendAsync(CheckTransactionByMd5.Create(f.Usd.Md5))).Succ();
        Assert.False(honest.DescriptionRepaired);
        emulator.Inject(CheckTransactionByMd5.Path, new Fault.Rewrite(b => b.Replace("\"description\":\"coffee\"", "\"description\":\"caf\\ud800 au lait\"", StringComparison.Ordinal)));
        var t = (await client.SendAsync(CheckTransactionByMd5.Create(f.Usd.Md5))).Succ();
        Assert.Equal((f.Usd.Hash, 1.50m, Prelude.Some("caf\uFFFD au lait"), true), (t.Hash, t.Amount, t.Description, t.DescriptionRepaired));
    }

    [Theory]
    [InlineData("\\udc00", "\uFFFD")]
    [InlineData("a\\ud800\\ud800b", "a\uFFFD\uFFFDb")]
    [InlineData("\\ud83d\\ude00\\ud83d", "\ud83d\ude00\uFFFD")]
    [InlineData("x\\ud800\\n\\\"y", "x\uFFFD\n\"y")]
    public async Task Each_lone_surrogate_escape_in_a_description_becomes_one_replacement_character(string escaped, string repaired)
    {
        // Before: a decode error at the root for each.
        var t = (await Serve(Bodies.Success(Bodies.TransactionWith("description", $"\"{escaped}\"")), ByMd5)).Succ();
        Assert.Equal((Prelude.Some(repaired), true), (t.Description, t.DescriptionRepaired));
    }

    [Fact]
    public async Task Invalid_UTF8_bytes_in_a_description_are_repaired_and_flagged()
    {
        // Before: a decode error at the root ("valid JSON"), hiding the payment.
        var body = Utf8(Bodies.Success(Bodies.TransactionWith("description", "\"caf#\"")));
        var at = Array.IndexOf(body, (byte)'#');
        body[at] = 0xC3; // a lead byte whose continuation never comes
        var t = (await Raw(RawServer.Http(200, body), ByMd5)).Succ();
        Assert.Equal((Prelude.Some("caf\uFFFD"), true, 1.0m), (t.Description, t.DescriptionRepaired, t.Amount));
    }

    [Fact]
    public async Task A_lone_surrogate_in_a_batch_row_description_is_repaired_and_the_row_stays_found()
    {
        // Before: the whole batch was a decode error.
        var emulator = f.Fresh();
        emulator.Inject(CheckTransactionsByMd5List.Path, new Fault.Rewrite(b => b.Replace("\"description\":\"coffee\"", "\"description\":\"\\udfff\"", StringComparison.Ordinal)));
        var row = Assert.IsType<BatchRow.Found>(Assert.Single((await f.Client().SendAsync(CheckTransactionsByMd5List.Create([f.Usd.Md5]))).Succ()));
        Assert.Equal((Prelude.Some("\uFFFD"), true), (row.Transaction.Description, row.Transaction.DescriptionRepaired));
    }

    [Theory]
    [InlineData("toAccountId", "\"shop\\ud800@bank\"")]
    [InlineData("fromAccountId", "\"\\udc00payer@bank\"")]
    [InlineData("hash", "\"\\ud800\"")]
    [InlineData("instructionRef", "\"INS\\ud800\"")]
    [InlineData("trackingStatus", "\"ACK\\udc00\"")]
    public async Task A_lone_surrogate_in_an_identifier_is_a_decode_error_at_that_field(string field, string json)
    {
        // Before: a decode error at the root, naming no field. Identifiers are never repaired: "shop\uFFFD@bank" is another account.
        AssertDecode(await Serve(Bodies.Success(Bodies.TransactionWith(field, json)), ByMd5), $".data.{field}", "lone surrogates");
    }

    [Fact]
    public async Task A_not_found_answer_whose_message_holds_a_lone_surrogate_is_still_not_found()
    {
        // Before: a decode error at the root, which stopped a payment poll instead of letting it wait.
        var body = """{"responseCode":1,"responseMessage":"Transaction could not be found \ud800","errorCode":1,"data":null}""";
        Assert.True((await Serve(body, ByMd5OrNone)).Succ().IsNone);
        var failure = (await Serve(body, ByMd5)).FailAs<BakongError.ApiFailure, Transaction>();
        Assert.Equal("Transaction could not be found \uFFFD", failure.ResponseMessage);
    }
}
