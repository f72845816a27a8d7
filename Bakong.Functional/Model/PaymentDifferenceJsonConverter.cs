using System.Text.Json;
using System.Text.Json.Serialization;
using LanguageExt;

namespace Bakong.Functional;

/// <summary>
/// Writes a <see cref="PaymentDifference"/> as web JSON, its case named: <c>{"difference": "amount", "expected": 10.00,
/// "actual": 9.00}</c>, or <c>"account"</c> / <c>"currency"</c> with the two texts. Reads the same shape back strictly;
/// anything else is a <see cref="JsonException"/>.
/// </summary>
public sealed class PaymentDifferenceJsonConverter : JsonConverter<PaymentDifference>
{
    /// <inheritdoc />
    public override bool CanConvert(Type typeToConvert) => typeof(PaymentDifference).IsAssignableFrom(typeToConvert);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, PaymentDifference value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        var names = new WebJson.Names(options);
        writer.WriteStartObject();
        value.Match<Unit>(
            account: d => Texts(writer, names, "account", d.Expected, d.Actual),
            currency: d => Texts(writer, names, "currency", d.Expected.ToString(), d.Actual.ToString()),
            amount: d =>
            {
                writer.WriteString(names["Difference"], "amount");
                writer.WriteNumber(names["Expected"], d.Expected);
                writer.WriteNumber(names["Actual"], d.Actual);
                return default;
            });
        writer.WriteEndObject();
    }

    private static Unit Texts(Utf8JsonWriter writer, WebJson.Names names, string difference, string expected, string actual)
    {
        writer.WriteString(names["Difference"], difference);
        writer.WriteString(names["Expected"], expected);
        writer.WriteString(names["Actual"], actual);
        return default;
    }

    /// <inheritdoc />
    public override PaymentDifference Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Read(WebJson.Fields.Read(ref reader, "a payment difference", options));

    internal static PaymentDifference Read(WebJson.Fields fields) => fields.Case("Difference", ["account", "currency", "amount"], d => d) switch
    {
        "account" => new PaymentDifference.Account(fields.RequiredText("Expected"), fields.RequiredText("Actual")),
        "currency" => new PaymentDifference.CurrencyDiffers(fields.Currency("Expected"), fields.Currency("Actual")),
        _ => new PaymentDifference.AmountDiffers(fields.RequiredMoney("Expected"), fields.RequiredMoney("Actual")),
    };
}
