using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bakong.Functional;

/// <summary>
/// Writes a <see cref="Transaction"/> as web JSON: an absent optional field is <c>null</c> (never LanguageExt's array
/// shape), the currency is its code, the amount keeps its scale, and times are ISO 8601. Names follow the serializer's
/// naming policy (camelCase in ASP.NET Core). Applied by the type's attribute, so a minimal API returning a transaction
/// needs no setup, with or without Native AOT. Reads the same shape back strictly; anything else is a <see cref="JsonException"/>.
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
        var fields = WebJson.Fields.Read(ref reader, "a transaction", options);
        return new Transaction(
            fields.RequiredText("Hash"), fields.RequiredText("FromAccountId"), fields.RequiredText("ToAccountId"),
            fields.Currency("Currency"), fields.RequiredMoney("Amount"),
            fields.Text("Description"), fields.Time("CreatedAt"), fields.Time("AcknowledgedAt"),
            fields.Text("TrackingStatus"), fields.Text("ReceiverBank"), fields.Text("ReceiverBankAccount"),
            fields.Text("InstructionRef"), fields.Text("ExternalRef"))
        {
            DescriptionRepaired = fields.Bool("DescriptionRepaired", absent: false),
        };
    }
}
