using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Bakong.Functional.Model;

namespace Bakong.Functional;

/// <summary>
/// Writes a <see cref="Transaction"/> as web JSON: an absent optional field is <c>null</c> (never LanguageExt's array
/// shape), the currency is its code, the amount keeps its scale, and times are ISO 8601. Names follow the serializer's
/// naming policy (camelCase in ASP.NET Core). Applied by the type's attribute, so a minimal API returning a transaction
/// needs no setup, with or without Native AOT. Reading accepts the same shape.
/// </summary>
public sealed class TransactionJsonConverter : JsonConverter<Transaction>
{
    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Transaction value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        var names = new WebJson.Names(options);
        writer.WriteStartObject();
        writer.WriteString(names["Hash"], value.Hash);
        writer.WriteString(names["ShortHash"], value.ShortHash);
        writer.WriteString(names["FromAccountId"], value.FromAccountId);
        writer.WriteString(names["ToAccountId"], value.ToAccountId);
        writer.WriteString(names["Currency"], value.Currency.ToString());
        writer.WriteNumber(names["Amount"], value.Amount);
        WebJson.Write(writer, names, "Description", value.Description);
        WebJson.Write(writer, names, "CreatedAt", value.CreatedAt);
        WebJson.Write(writer, names, "AcknowledgedAt", value.AcknowledgedAt);
        WebJson.Write(writer, names, "TrackingStatus", value.TrackingStatus);
        WebJson.Write(writer, names, "ReceiverBank", value.ReceiverBank);
        WebJson.Write(writer, names, "ReceiverBankAccount", value.ReceiverBankAccount);
        WebJson.Write(writer, names, "InstructionRef", value.InstructionRef);
        WebJson.Write(writer, names, "ExternalRef", value.ExternalRef);
        writer.WriteBoolean(names["DescriptionRepaired"], value.DescriptionRepaired);
        writer.WriteEndObject();
    }

    /// <inheritdoc />
    public override Transaction Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var fields = WebJson.ReadObject(ref reader, "a transaction");
        string Required(string name) => WebJson.Text(fields, name).IfNone(() => throw new JsonException($"a transaction needs \"{WebJson.Camel(name)}\""));
        var currency = Enum.TryParse<Currency>(Required("Currency"), ignoreCase: false, out var c) && Enum.IsDefined(c)
            ? c
            : throw new JsonException("a transaction's currency must be USD or KHR");
        var amount = decimal.TryParse(Required("Amount"), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var a)
            ? a
            : throw new JsonException("a transaction's amount must be a non-negative number");
        return new Transaction(
            Required("Hash"), Required("FromAccountId"), Required("ToAccountId"), currency, amount,
            WebJson.Text(fields, "Description"), WebJson.Time(fields, "CreatedAt"), WebJson.Time(fields, "AcknowledgedAt"),
            WebJson.Text(fields, "TrackingStatus"), WebJson.Text(fields, "ReceiverBank"), WebJson.Text(fields, "ReceiverBankAccount"),
            WebJson.Text(fields, "InstructionRef"), WebJson.Text(fields, "ExternalRef"))
        {
            DescriptionRepaired = WebJson.Text(fields, "DescriptionRepaired").Map(t => t == "true").IfNone(false),
        };
    }
}
