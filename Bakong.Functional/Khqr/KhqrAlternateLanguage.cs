using LanguageExt;

namespace Bakong.Functional;

/// <summary>Tag 64: the merchant's name, and optionally city, in a second language such as Khmer.</summary>
/// <param name="LanguagePreference">A two-letter language code (sub-tag 00), such as <c>km</c>.</param>
/// <param name="MerchantName">The merchant name in that language (sub-tag 01), at most 25 characters.</param>
/// <param name="MerchantCity">The merchant city in that language (sub-tag 02), at most 15 characters.</param>
/// <example><code>var khmer = new KhqrAlternateLanguage("km", "ហាងកាហ្វេ", "ភ្នំពេញ");</code></example>
[System.Text.Json.Serialization.JsonConverter(typeof(KhqrAlternateLanguageJsonConverter))]
public sealed record KhqrAlternateLanguage(string LanguagePreference, string MerchantName, Option<string> MerchantCity = default);
