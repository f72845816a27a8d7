using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bakong.Functional;

/// <summary>
/// Writes an <see cref="ExpectedPayment"/> as web JSON: <c>{"toAccountId": …, "currency": "USD", "amount": 2.50 or null}</c>,
/// the amount a number keeping its scale, <c>null</c> on a static QR. Reads the same shape back strictly (an app may
/// store what it expects with its order); anything else is a <see cref="JsonException"/>.
/// </summary>
public sealed class ExpectedPaymentJsonConverter : JsonConverter<ExpectedPayment>
{
    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, ExpectedPayment value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        var names = new WebJson.Names(options);
        writer.WriteStartObject();
        writer.WriteString(names["ToAccountId"], value.ToAccountId);
        writer.WriteString(names["Currency"], value.Currency.ToString());
        WebJson.Write(writer, names, "Amount", value.Amount);
        writer.WriteEndObject();
    }

    /// <inheritdoc />
    public override ExpectedPayment Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var fields = WebJson.Fields.Read(ref reader, "an expected payment", options);
        return new ExpectedPayment(fields.RequiredText("ToAccountId"), fields.Currency("Currency"), fields.Money("Amount"));
    }
}
