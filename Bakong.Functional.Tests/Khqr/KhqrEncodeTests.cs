using Microsoft.Extensions.Time.Testing;

namespace Bakong.Functional.Tests.KhqrCodec;

/// <summary>What the encoder refuses, naming each field, and what it fills in from the clock.</summary>
public class KhqrEncodeTests
{
    private static readonly DateTimeOffset Now = KhqrSamples.Now;

    private static readonly KhqrRequest Valid =
        new(new KhqrAccount.Individual("alice@devb"), "Alice", Currency.USD) { Amount = 1.25m };

    private static Fin<KhqrCode> Encode(KhqrRequest request) => Khqr.Encode(request, new FakeTimeProvider(Now));

    private static string[] Refusals(KhqrRequest request) =>
        KhqrAssert.Refused(Encode(request)).Errors.Map(e => e.ToString()).ToArray();

    /// <summary>One broken rule per row: the request, and the one error it must give.</summary>
    public static readonly (string Rule, KhqrRequest Request, string Error)[] Rules =
    [
        ("account required", Valid with { Account = null! }, "account: is required: an individual (tag 29) or a merchant (tag 30)"),
        ("account id required", Valid with { Account = new KhqrAccount.Individual(null!) }, "account.accountId: is required"),
        ("account id at most 32", Valid with { Account = new KhqrAccount.Individual(new string('a', 28) + "@devb") }, "account.accountId: must be at most 32 characters, found 33"),
        ("account id has @", Valid with { Account = new KhqrAccount.Individual("alice") }, "account.accountId: must have the form name@bank"),
        ("account id has one @", Valid with { Account = new KhqrAccount.Individual("a@b@c") }, "account.accountId: must have the form name@bank"),
        ("account id has a bank", Valid with { Account = new KhqrAccount.Individual("alice@") }, "account.accountId: must have the form name@bank"),
        ("account information at most 32", Valid with { Account = new KhqrAccount.Individual("alice@devb", new string('1', 33)) }, "account.accountInformation: must be at most 32 characters, found 33"),
        ("account information not empty", Valid with { Account = new KhqrAccount.Individual("alice@devb", "") }, "account.accountInformation: must not be empty when given (None leaves it out)"),
        ("individual's bank at most 32", Valid with { Account = new KhqrAccount.Individual("alice@devb", acquiringBank: new string('B', 33)) }, "account.acquiringBank: must be at most 32 characters, found 33"),
        ("merchant id required", Valid with { Account = new KhqrAccount.Merchant("shop@devb", "", "Dev Bank") }, "account.merchantId: is required"),
        ("merchant id at most 32", Valid with { Account = new KhqrAccount.Merchant("shop@devb", new string('1', 33), "Dev Bank") }, "account.merchantId: must be at most 32 characters, found 33"),
        ("merchant's bank required", Valid with { Account = new KhqrAccount.Merchant("shop@devb", "123", null!) }, "account.acquiringBank: is required"),
        ("tag 30 fits in 99 characters", Valid with { Account = new KhqrAccount.Merchant(new string('a', 27) + "@devb", new string('1', 32), new string('B', 32)) }, "account: must fit in the 99 characters of tag 30: its parts take 108 with their sub-tags and lengths"),
        ("currency USD or KHR", Valid with { Amount = Option<decimal>.None, Currency = (Currency)7 }, "currency: must be USD or KHR"),
        ("amount positive", Valid with { Amount = 0m }, "amount: must be positive"),
        ("KHR whole riel", Valid with { Currency = Currency.KHR, Amount = 100.5m }, "amount: must be a whole number of riel (KHR has no minor unit)"),
        ("USD at most 2 decimals", Valid with { Amount = 1.255m }, "amount: must have at most 2 decimal places (USD)"),
        ("amount at most 13 characters", Valid with { Amount = 12345678901.25m }, "amount: must fit in 13 characters as written in a KHQR"),
        ("category code 4 digits", Valid with { MerchantCategoryCode = "599" }, "merchantCategoryCode: must be 4 digits"),
        ("category code ASCII digits", Valid with { MerchantCategoryCode = "٥٩٩٩" }, "merchantCategoryCode: must be 4 digits"),
        ("UnionPay not with USD", Valid with { UnionPayMerchantAccount = "6211234567890123" }, "unionPayMerchantAccount: is not allowed on a USD QR"),
        ("UnionPay at most 99", Valid with { Currency = Currency.KHR, Amount = 100m, UnionPayMerchantAccount = new string('6', 100) }, "unionPayMerchantAccount: must be at most 99 characters, found 100"),
        ("name required", Valid with { MerchantName = "" }, "merchantName: is required"),
        ("name at most 25", Valid with { MerchantName = new string('N', 26) }, "merchantName: must be at most 25 characters, found 26"),
        ("name well formed", Valid with { MerchantName = "Alice\uD800" }, "merchantName: must be well-formed text (it has a lone surrogate character)"),
        ("city required", Valid with { MerchantCity = null! }, "merchantCity: is required"),
        ("city at most 15", Valid with { MerchantCity = "Preah Sihanoukville" }, "merchantCity: must be at most 15 characters, found 19"),
        ("bill number at most 25", Valid with { AdditionalData = new() { BillNumber = new string('1', 26) } }, "additionalData.billNumber: must be at most 25 characters, found 26"),
        ("mobile number not empty", Valid with { AdditionalData = new() { MobileNumber = "" } }, "additionalData.mobileNumber: must not be empty when given (None leaves it out)"),
        ("store label at most 25", Valid with { AdditionalData = new() { StoreLabel = new string('S', 26) } }, "additionalData.storeLabel: must be at most 25 characters, found 26"),
        ("terminal label at most 25", Valid with { AdditionalData = new() { TerminalLabel = new string('T', 26) } }, "additionalData.terminalLabel: must be at most 25 characters, found 26"),
        ("purpose at most 25", Valid with { AdditionalData = new() { PurposeOfTransaction = new string('P', 26) } }, "additionalData.purposeOfTransaction: must be at most 25 characters, found 26"),
        ("tag 62 fits in 99 characters", Valid with { AdditionalData = new() { BillNumber = new string('1', 25), MobileNumber = new string('2', 25), StoreLabel = new string('3', 25), TerminalLabel = new string('4', 25) } }, "additionalData: must fit in the 99 characters of tag 62: its parts take 116 with their sub-tags and lengths"),
        ("language exactly 2", Valid with { AlternateLanguage = new KhqrAlternateLanguage("khm", "អាលីស") }, "alternateLanguage.languagePreference: must be exactly 2 characters, such as km"),
        ("alternate name required", Valid with { AlternateLanguage = new KhqrAlternateLanguage("km", null!) }, "alternateLanguage.merchantName: is required"),
        ("alternate name at most 25", Valid with { AlternateLanguage = new KhqrAlternateLanguage("km", new string('ក', 26)) }, "alternateLanguage.merchantName: must be at most 25 characters, found 26"),
        ("alternate city at most 15", Valid with { AlternateLanguage = new KhqrAlternateLanguage("km", "អាលីស", new string('ក', 16)) }, "alternateLanguage.merchantCity: must be at most 15 characters, found 16"),
        ("creation time 13 digits", Valid with { CreatedAt = new DateTimeOffset(2001, 9, 9, 1, 46, 39, TimeSpan.Zero) }, "createdAt: must be between 2001-09-09T01:46:40Z and 2286-11-20T17:46:39.999Z (13-digit epoch milliseconds)"),
        ("expiration 13 digits", Valid with { ExpiresAt = DateTimeOffset.MaxValue }, "expiresAt: must be between 2001-09-09T01:46:40Z and 2286-11-20T17:46:39.999Z (13-digit epoch milliseconds)"),
        ("expiration after creation", Valid with { CreatedAt = Now.AddHours(2), ExpiresAt = Now.AddHours(1) }, "expiresAt: must be after createdAt"),
        ("expiration not in the past", Valid with { CreatedAt = Now.AddHours(-2), ExpiresAt = Now.AddHours(-1) }, "expiresAt: must not be in the past"),
        ("default expiration not in the past", Valid with { CreatedAt = Now.AddHours(-1) }, "expiresAt: must not be in the past (it is createdAt + validity)"),
        ("validity positive", Valid with { Validity = TimeSpan.Zero }, "validity: must be at least 1 millisecond"),
        ("validity within 13 digits", Valid with { Validity = TimeSpan.MaxValue }, "validity: must end between 2001-09-09T01:46:40Z and 2286-11-20T17:46:39.999Z (13-digit epoch milliseconds)"),
    ];

    public static TheoryData<string> RuleNames => new(Rules.Select(r => r.Rule));

    [Fact]
    public void The_valid_request_is_valid()
    {
        var code = KhqrAssert.Accepted(Encode(Valid));
        KhqrAssert.DecodesTo(Valid, Now, code);
    }

    [Theory]
    [MemberData(nameof(RuleNames))]
    public void Each_rule_is_refused_naming_its_field(string rule)
    {
        var (_, request, error) = Rules.Single(r => r.Rule == rule);
        Assert.Equal([error], Refusals(request));
    }

    [Fact]
    public void Every_broken_rule_comes_back_at_once_in_the_order_checked()
    {
        var request = new KhqrRequest(new KhqrAccount.Merchant("shop", "", "Dev Bank"), new string('N', 30), Currency.KHR)
        {
            Amount = -1.5m,
            MerchantCity = "",
            AdditionalData = new KhqrAdditionalData { BillNumber = "" },
            AlternateLanguage = new KhqrAlternateLanguage("k", "ok"),
            ExpiresAt = Now.AddMinutes(-1),
        };
        Assert.Equal(
            [
                "account.accountId: must have the form name@bank",
                "account.merchantId: is required",
                "amount: must be positive",
                "amount: must be a whole number of riel (KHR has no minor unit)",
                "merchantName: must be at most 25 characters, found 30",
                "merchantCity: is required",
                "additionalData.billNumber: must not be empty when given (None leaves it out)",
                "alternateLanguage.languagePreference: must be exactly 2 characters, such as km",
                "expiresAt: must be after createdAt",
                "expiresAt: must not be in the past",
            ],
            Refusals(request));
    }

    [Fact]
    public void Nothing_throws_for_nulls_anywhere()
    {
        Assert.Equal(["request: is required"], Refusals(null!));
        var nulls = new KhqrRequest(new KhqrAccount.Merchant(null!, null!, null!), null!, Currency.USD)
        {
            MerchantCity = null!,
            MerchantCategoryCode = null!,
            AdditionalData = null!,
            AlternateLanguage = new KhqrAlternateLanguage(null!, null!),
        };
        Assert.Equal(
            [
                "account.accountId: is required", "account.merchantId: is required", "account.acquiringBank: is required",
                "merchantCategoryCode: must be 4 digits", "merchantName: is required", "merchantCity: is required",
                "alternateLanguage.languagePreference: is required", "alternateLanguage.merchantName: is required",
            ],
            Refusals(nulls));
    }

    [Fact]
    public void Tags_29_and_30_cannot_both_be_asked_for()
    {
        // The account is one case or the other by construction: a request cannot hold both.
        var individual = KhqrAssert.Accepted(Encode(Valid));
        var merchant = KhqrAssert.Accepted(Encode(Valid with { Account = new KhqrAccount.Merchant("shop@devb", "1", "Dev Bank") }));
        Assert.Contains("29", Khqr.Decode(individual.Payload).Fields.Map(f => f.Path));
        Assert.DoesNotContain("30", Khqr.Decode(individual.Payload).Fields.Map(f => f.Path));
        Assert.Contains("30", Khqr.Decode(merchant.Payload).Fields.Map(f => f.Path));
        Assert.DoesNotContain("29", Khqr.Decode(merchant.Payload).Fields.Map(f => f.Path));
    }

    [Fact]
    public void A_dynamic_qr_expires_after_the_default_validity_read_from_the_clock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero).AddTicks(1234));
        var code = KhqrAssert.Accepted(Khqr.Encode(Valid, clock));
        var qr = Khqr.Decode(code.Payload);
        Assert.Equal(new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero), qr.CreatedAt);
        Assert.Equal(new DateTimeOffset(2026, 5, 1, 8, 10, 0, TimeSpan.Zero), code.ExpiresAt);
        Assert.Equal(code.ExpiresAt, qr.ExpiresAt);
        Assert.Equal(TimeSpan.FromMinutes(10), KhqrRequest.DefaultValidity);
    }

    [Fact]
    public void The_validity_can_be_set_and_an_explicit_expiration_wins_over_it()
    {
        var shortLived = KhqrAssert.Accepted(Encode(Valid with { Validity = TimeSpan.FromSeconds(90) }));
        Assert.Equal(KhqrAssert.Milliseconds(Now).AddSeconds(90), shortLived.ExpiresAt);
        var explicitly = KhqrAssert.Accepted(Encode(Valid with { Validity = TimeSpan.FromSeconds(90), ExpiresAt = Now.AddDays(1) }));
        Assert.Equal(KhqrAssert.Milliseconds(Now).AddDays(1), explicitly.ExpiresAt);
    }

    [Fact]
    public void A_static_qr_has_no_amount_and_no_expiry_unless_asked()
    {
        var code = KhqrAssert.Accepted(Encode(Valid with { Amount = Option<decimal>.None, Validity = TimeSpan.Zero }));
        var qr = Khqr.Decode(code.Payload);
        Assert.Equal(KhqrInitiation.Static, qr.Initiation);
        Assert.True(qr.Amount.IsNone);
        Assert.True(code.ExpiresAt.IsNone);
        Assert.DoesNotContain("99.01", qr.Fields.Map(f => f.Path));
        var expiring = KhqrAssert.Accepted(Encode(Valid with { Amount = Option<decimal>.None, ExpiresAt = Now.AddDays(30) }));
        Assert.Equal(KhqrAssert.Milliseconds(Now).AddDays(30), expiring.ExpiresAt);
    }

    [Theory]
    [InlineData("USD", "1.5", "1.50")]
    [InlineData("USD", "1.500", "1.50")]
    [InlineData("USD", "1.00", "1")]
    [InlineData("USD", "0.01", "0.01")]
    [InlineData("USD", "9999999999.99", "9999999999.99")]
    [InlineData("KHR", "500.00", "500")]
    [InlineData("KHR", "9999999999999", "9999999999999")]
    public void Amounts_are_written_as_the_official_sdk_writes_them(string currency, string amount, string written)
    {
        var request = Valid with
        {
            Currency = Enum.Parse<Currency>(currency),
            Amount = decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture),
        };
        var qr = Khqr.Decode(KhqrAssert.Accepted(Encode(request)).Payload);
        Assert.Equal(written, qr.Fields.Find(f => f.Path == "54").Map(f => f.Value).IfNone(""));
    }

    [Fact]
    public void Lengths_count_utf16_code_units_so_an_emoji_counts_two()
    {
        var code = KhqrAssert.Accepted(Encode(Valid with { MerchantName = "Café 😀" }));
        Assert.Contains("5907Café 😀", code.Payload, StringComparison.Ordinal);
        Assert.Equal(["merchantName: must be at most 25 characters, found 26"], Refusals(Valid with { MerchantName = new string('a', 24) + "😀" }));
    }

    [Fact]
    public void Without_a_clock_the_system_clock_is_used()
    {
        var before = DateTimeOffset.UtcNow;
        var code = KhqrAssert.Accepted(Khqr.Encode(Valid));
        var created = Khqr.Decode(code.Payload).CreatedAt.Case as DateTimeOffset?;
        Assert.InRange(created!.Value, KhqrAssert.Milliseconds(before), DateTimeOffset.UtcNow);
    }

    [Fact]
    public void Md5_is_lowercase_hex_of_the_utf8_string()
    {
        Assert.Equal("900150983cd24fb0d6963f7d28e17f72", Khqr.Md5("abc"));
        Assert.Equal("d41d8cd98f00b204e9800998ecf8427e", Khqr.Md5(null));
        Assert.Equal("d41d8cd98f00b204e9800998ecf8427e", Khqr.Md5(""));
    }

    [Fact]
    public void The_code_shows_as_its_payload()
    {
        var code = KhqrAssert.Accepted(Encode(Valid));
        Assert.Equal(code.Payload, code.ToString());
    }
}
