namespace Bakong.Functional.Tests.KhqrCodec;

/// <summary>The requests behind the vector fixtures under Fixtures/Khqr, and the moment they were encoded.</summary>
public static class KhqrSamples
{
    /// <summary>The clock's reading when the fixtures were made.</summary>
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 30, 15, 250, TimeSpan.Zero);

    /// <summary>khqr.md vector 2, which the encoder can build: static, so its 2025 creation time is allowed.</summary>
    public static readonly KhqrRequest MerchantStaticVector =
        new(new KhqrAccount.Merchant("jonhsmith@nbcq", "123456", "Dev Bank"), "Jonh Smith", Currency.KHR)
        {
            MerchantCity = "Siem Reap",
            AdditionalData = new KhqrAdditionalData { MobileNumber = "85512345678" },
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(1739495778722),
        };

    /// <summary>Every tag a KHR QR can carry: UnionPay, merchant account, all of tag 62, Khmer in tag 64, both timestamps.</summary>
    public static readonly KhqrRequest MerchantDynamicKhrEveryTag =
        new(new KhqrAccount.Merchant("coffee_shop@aclb", "M-000123", "ACLEDA Bank"), "Riverside Coffee", Currency.KHR)
        {
            MerchantCity = "Phnom Penh",
            Amount = 25000m,
            MerchantCategoryCode = "5812",
            UnionPayMerchantAccount = "6211234567890123",
            AdditionalData = new KhqrAdditionalData
            {
                BillNumber = "INV-2026-0301",
                MobileNumber = "85512345678",
                StoreLabel = "Riverside",
                TerminalLabel = "Till 2",
                PurposeOfTransaction = "Coffee and cake",
            },
            AlternateLanguage = new KhqrAlternateLanguage("km", "កាហ្វេមាត់ទន្លេ", "ភ្នំពេញ"),
        };

    /// <summary>An individual with every tag 29 sub-tag, a fractional USD amount, Khmer name only in tag 64, an explicit expiry.</summary>
    public static readonly KhqrRequest IndividualDynamicUsdKhmer =
        new(new KhqrAccount.Individual("sokha_chan@wing", "012345678", "Wing Bank"), "Sokha Chan", Currency.USD)
        {
            MerchantCity = "Siem Reap",
            Amount = 1.5m,
            AdditionalData = new KhqrAdditionalData { BillNumber = "#42" },
            AlternateLanguage = new KhqrAlternateLanguage("km", "សុខា ចាន់"),
            ExpiresAt = Now.AddMinutes(3),
        };

    /// <summary>A static individual QR in USD: no amount, no expiry.</summary>
    public static readonly KhqrRequest IndividualStaticUsd =
        new(new KhqrAccount.Individual("dara@abaa"), "Dara", Currency.USD);

    /// <summary>A whole USD amount is written bare, as the official SDK writes it.</summary>
    public static readonly KhqrRequest IndividualDynamicUsdWhole =
        new(new KhqrAccount.Individual("dara@abaa"), "Dara", Currency.USD) { Amount = 100m, Validity = TimeSpan.FromMinutes(1) };

    /// <summary>Each fixture file made by encoding a request, with that request.</summary>
    public static readonly IReadOnlyList<(string Fixture, KhqrRequest Request)> Encoded =
    [
        ("khqr-md-2-merchant-static.json", MerchantStaticVector),
        ("merchant-dynamic-khr-every-tag.json", MerchantDynamicKhrEveryTag),
        ("individual-dynamic-usd-khmer.json", IndividualDynamicUsdKhmer),
        ("individual-static-usd.json", IndividualStaticUsd),
        ("individual-dynamic-usd-whole.json", IndividualDynamicUsdWhole),
    ];
}
