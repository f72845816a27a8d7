using LanguageExt;

namespace Bakong.Functional;

/// <summary>The additional data of tag 62: each part is optional and at most 25 characters.</summary>
/// <example><code>var data = new KhqrAdditionalData { BillNumber = "INV-2026-001", StoreLabel = "Riverside" };</code></example>
[System.Text.Json.Serialization.JsonConverter(typeof(KhqrAdditionalDataJsonConverter))]
public sealed record KhqrAdditionalData
{
    /// <summary>No additional data: tag 62 is left out.</summary>
    public static KhqrAdditionalData Empty { get; } = new();

    /// <summary>The bill or invoice number (sub-tag 01).</summary>
    public Option<string> BillNumber { get; init; }

    /// <summary>The customer's or merchant's mobile number (sub-tag 02), such as <c>85512345678</c>.</summary>
    public Option<string> MobileNumber { get; init; }

    /// <summary>The store label (sub-tag 03).</summary>
    public Option<string> StoreLabel { get; init; }

    /// <summary>The terminal label (sub-tag 07).</summary>
    public Option<string> TerminalLabel { get; init; }

    /// <summary>The purpose of the transaction (sub-tag 08).</summary>
    public Option<string> PurposeOfTransaction { get; init; }

    /// <summary>Whether every part is None, so tag 62 is not written.</summary>
    public bool IsEmpty =>
        BillNumber.IsNone && MobileNumber.IsNone && StoreLabel.IsNone && TerminalLabel.IsNone && PurposeOfTransaction.IsNone;
}
