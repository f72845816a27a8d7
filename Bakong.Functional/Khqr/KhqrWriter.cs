using System.Globalization;
using System.Text;
using Bakong.Functional.Requests;
using LanguageExt;

namespace Bakong.Functional.KhqrFormat;

/// <summary>Writes fields as <c>TT LL VALUE</c> and closes the payload with its CRC. It checks nothing: callers pass valid fields.</summary>
internal static class KhqrWriter
{
    /// <summary>The payload for a request that <see cref="KhqrRules"/> accepted, fields in ascending tag order as the official SDK writes them.</summary>
    internal static string Write(KhqrRequest request, KhqrTimes times)
    {
        var b = new StringBuilder(256);
        Field(b, KhqrTags.PayloadFormat, "01");
        Field(b, KhqrTags.Initiation, request.Amount.IsSome ? "12" : "11");
        if (request.UnionPayMerchantAccount.Case is string unionPay)
            Field(b, KhqrTags.UnionPay, unionPay);
        Field(b, request.Account.Tag, Account(request.Account));
        Field(b, KhqrTags.CategoryCode, request.MerchantCategoryCode);
        Field(b, KhqrTags.Currency, request.Currency == Currency.USD ? KhqrTags.Usd : KhqrTags.Khr);
        if (request.Amount.Case is decimal amount)
            Field(b, KhqrTags.Amount, MoneyRules.KhqrText(amount, request.Currency));
        Field(b, KhqrTags.Country, "KH");
        Field(b, KhqrTags.MerchantName, request.MerchantName);
        Field(b, KhqrTags.MerchantCity, request.MerchantCity);
        if (request.AdditionalData is { IsEmpty: false } data)
            Field(b, KhqrTags.AdditionalData, AdditionalData(data));
        if (request.AlternateLanguage.Case is KhqrAlternateLanguage alternate)
            Field(b, KhqrTags.AlternateLanguage, AlternateLanguage(alternate));
        if (times.Written)
            Field(b, KhqrTags.Timestamps, Timestamps(times));
        return Close(b);
    }

    /// <summary>Top-level fields written back in their order, verbatim, with a fresh CRC in place of any old one.</summary>
    internal static string Rewrite(Seq<KhqrField> topLevel)
    {
        var b = new StringBuilder(256);
        foreach (var field in topLevel)
        {
            if (!string.Equals(field.Path, KhqrTags.Crc, StringComparison.Ordinal))
                Field(b, field.Path, field.Value);
        }
        return Close(b);
    }

    private static string Account(KhqrAccount account)
    {
        var b = new StringBuilder(96);
        Field(b, "00", account.AccountId);
        switch (account)
        {
            case KhqrAccount.Individual i:
                Optional(b, "01", i.AccountInformation);
                Optional(b, "02", i.AcquiringBank);
                break;
            case KhqrAccount.Merchant m:
                Field(b, "01", m.MerchantId);
                Field(b, "02", m.AcquiringBank);
                break;
        }
        return b.ToString();
    }

    private static string AdditionalData(KhqrAdditionalData data)
    {
        var b = new StringBuilder(96);
        Optional(b, "01", data.BillNumber);
        Optional(b, "02", data.MobileNumber);
        Optional(b, "03", data.StoreLabel);
        Optional(b, "07", data.TerminalLabel);
        Optional(b, "08", data.PurposeOfTransaction);
        return b.ToString();
    }

    private static string AlternateLanguage(KhqrAlternateLanguage alternate)
    {
        var b = new StringBuilder(64);
        Field(b, "00", alternate.LanguagePreference);
        Field(b, "01", alternate.MerchantName);
        Optional(b, "02", alternate.MerchantCity);
        return b.ToString();
    }

    private static string Timestamps(KhqrTimes times)
    {
        var b = new StringBuilder(34);
        Field(b, "00", KhqrTimestamp.Text(times.CreatedAt));
        if (times.ExpiresAt is { } expires)
            Field(b, "01", KhqrTimestamp.Text(expires));
        return b.ToString();
    }

    private static void Optional(StringBuilder b, string tag, Option<string> value)
    {
        if (value.Case is string text)
            Field(b, tag, text);
    }

    private static void Field(StringBuilder b, string tag, string value) =>
        b.Append(tag).Append(value.Length.ToString("D2", CultureInfo.InvariantCulture)).Append(value);

    /// <summary>Appends <c>6304</c> and the CRC of everything up to and including it.</summary>
    private static string Close(StringBuilder b)
    {
        b.Append(KhqrTags.Crc).Append("04");
        var body = b.ToString();
        return body + Crc16.Hex(Crc16.Compute(body));
    }
}
