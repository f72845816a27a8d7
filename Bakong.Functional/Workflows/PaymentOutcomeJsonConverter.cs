using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bakong.Functional;

/// <summary>
/// Writes a <see cref="PaymentOutcome"/> as web JSON, its case named in <c>"outcome"</c>:
/// <c>{"outcome": "paid", "transaction": {…}}</c>, <c>"mismatch"</c> with <c>"transaction"</c> and <c>"differences": [{…}]</c>,
/// <c>"failed"</c> with <c>"reason"</c>, <c>"staticQr"</c>, <c>"expired"</c> with <c>"deadline"</c>, <c>"unconfirmed"</c> with
/// <c>"why"</c> (<c>"notHeard"</c> or <c>"ambiguous"</c>), <c>"deadline"</c>, <c>"lastError"</c> (an error or <c>null</c>) and
/// <c>"untrustedAnswers"</c>, and <c>"error"</c> with <c>"reason"</c> (an error, as <see cref="BakongErrorJsonConverter"/>
/// writes it). Reads the same shape back strictly, so an app can store outcomes; anything else is a <see cref="JsonException"/>.
/// </summary>
public sealed class PaymentOutcomeJsonConverter : JsonConverter<PaymentOutcome>
{
    private static readonly TransactionJsonConverter Transactions = new();
    private static readonly PaymentDifferenceJsonConverter Differences = new();
    private static readonly BakongErrorJsonConverter Errors = new();
    private static readonly string[] Cases = ["paid", "mismatch", "failed", "staticQr", "expired", "unconfirmed", "error"];

    /// <inheritdoc />
    public override bool CanConvert(Type typeToConvert) => typeof(PaymentOutcome).IsAssignableFrom(typeToConvert);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, PaymentOutcome value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        var names = new WebJson.Names(options);
        writer.WriteStartObject();
        writer.WriteString(names["Outcome"], value.Match(_ => "paid", _ => "mismatch", _ => "failed", _ => "staticQr", _ => "expired", _ => "unconfirmed", _ => "error"));
        switch (value)
        {
            case PaymentOutcome.Paid o:
                WebJson.Write(writer, names["Transaction"], o.Transaction, Transactions, options);
                break;
            case PaymentOutcome.Mismatch o:
                WebJson.Write(writer, names["Transaction"], o.Transaction, Transactions, options);
                writer.WriteStartArray(names["Differences"]);
                foreach (var difference in o.Differences)
                    Differences.Write(writer, difference, options);
                writer.WriteEndArray();
                break;
            case PaymentOutcome.Failed o:
                writer.WriteString(names["Reason"], o.Reason);
                break;
            case PaymentOutcome.Expired o:
                writer.WriteString(names["Deadline"], o.Deadline);
                break;
            case PaymentOutcome.Unconfirmed o:
                writer.WriteString(names["Why"], WebJson.Camel(o.Why));
                writer.WriteString(names["Deadline"], o.Deadline);
                WebJson.Write(writer, names, "LastError", o.LastError, (w, e) => Errors.Write(w, e, options));
                writer.WriteNumber(names["UntrustedAnswers"], o.UntrustedAnswers);
                break;
            case PaymentOutcome.Error o:
                WebJson.Write(writer, names["Reason"], o.Reason, Errors, options);
                break;
        }
        writer.WriteEndObject();
    }

    /// <inheritdoc />
    public override PaymentOutcome Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var fields = WebJson.Fields.Read(ref reader, "a payment outcome", options);
        return fields.Case("Outcome", Cases, c => c) switch
        {
            "paid" => new PaymentOutcome.Paid(fields.RequiredNested("Transaction", Transactions)),
            "mismatch" => new PaymentOutcome.Mismatch(
                fields.RequiredNested("Transaction", Transactions), fields.Array("Differences", PaymentDifferenceJsonConverter.Read)),
            "failed" => new PaymentOutcome.Failed(fields.RequiredText("Reason")),
            "staticQr" => new PaymentOutcome.StaticQr(),
            "expired" => new PaymentOutcome.Expired(fields.RequiredTime("Deadline")),
            "unconfirmed" => new PaymentOutcome.Unconfirmed(
                fields.Enum<UnconfirmedReason>("Why"), fields.RequiredTime("Deadline"), fields.Nested("LastError", Errors),
                fields.RequiredInt("UntrustedAnswers")),
            _ => new PaymentOutcome.Error(fields.RequiredNested("Reason", Errors)),
        };
    }
}
