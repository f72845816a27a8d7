namespace Bakong.Functional.KhqrFormat;

/// <summary>The KHQR tag table: tags, sub-tags and their names.</summary>
internal static class KhqrTags
{
    internal const string PayloadFormat = "00";
    internal const string Initiation = "01";
    internal const string UnionPay = "15";
    internal const string Individual = "29";
    internal const string Merchant = "30";
    internal const string CategoryCode = "52";
    internal const string Currency = "53";
    internal const string Amount = "54";
    internal const string Country = "58";
    internal const string MerchantName = "59";
    internal const string MerchantCity = "60";
    internal const string AdditionalData = "62";
    internal const string Crc = "63";
    internal const string AlternateLanguage = "64";
    internal const string Timestamps = "99";

    /// <summary>ISO 4217 numeric codes, as tag 53 carries them.</summary>
    internal const string Khr = "116";
    internal const string Usd = "840";

    private const string UnknownName = "Unknown";

    /// <summary>The field's name for display, or <c>Unknown</c>.</summary>
    internal static string Name(string path) => path switch
    {
        "00" => "Payload format indicator",
        "01" => "Point of initiation",
        "15" => "UnionPay merchant account",
        "29" => "Individual account",
        "29.00" => "Bakong account id",
        "29.01" => "Account information",
        "29.02" => "Acquiring bank",
        "30" => "Merchant account",
        "30.00" => "Bakong account id",
        "30.01" => "Merchant id",
        "30.02" => "Acquiring bank",
        "52" => "Merchant category code",
        "53" => "Transaction currency",
        "54" => "Transaction amount",
        "58" => "Country code",
        "59" => "Merchant name",
        "60" => "Merchant city",
        "62" => "Additional data",
        "62.01" => "Bill number",
        "62.02" => "Mobile number",
        "62.03" => "Store label",
        "62.07" => "Terminal label",
        "62.08" => "Purpose of transaction",
        "63" => "CRC",
        "64" => "Alternate language",
        "64.00" => "Language preference",
        "64.01" => "Alternate merchant name",
        "64.02" => "Alternate merchant city",
        "99" => "Timestamps",
        "99.00" => "Creation time",
        "99.01" => "Expiration time",
        _ => UnknownName,
    };

    /// <summary>Whether the path is in the table.</summary>
    internal static bool IsKnown(string path) => !string.Equals(Name(path), UnknownName, StringComparison.Ordinal);

    /// <summary>Whether the tag's value is itself a sequence of sub-fields that the decoder reads.</summary>
    internal static bool IsTemplate(string tag) => tag is Individual or Merchant or AdditionalData or AlternateLanguage or Timestamps;
}
