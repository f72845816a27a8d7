using System.Globalization;
using System.Text;
using CsCheck;

namespace Bakong.Functional.Tests.Support;

/// <summary>CsCheck generators: arbitrary bytes and JSON for totality, valid transactions and envelopes for round trips.</summary>
public static class Generators
{
    /// <summary>Iterations for each property: enough to reach rare shapes, few enough for a shared two-core machine.</summary>
    public const long Many = 1000;

    public static Gen<string> Hex(int length) => Gen.Char["0123456789abcdef"].Array[length].Select(cs => new string(cs));

    private static readonly string[] FieldNames =
    [
        "responseCode", "responseMessage", "errorCode", "data", "hash", "fromAccountId", "toAccountId", "currency",
        "amount", "description", "createdDateMs", "acknowledgedDateMs", "trackingStatus", "md5", "status", "message",
        "transaction", "token", "shortLink", "x",
    ];

    private static readonly Gen<string> Scalar = Gen.OneOf<string>(
        Gen.OneOf("null", "true", "false", "0", "1", "-1", "1.0", "1e400", "-0", "12345678901234567890123456789012345", "\"\"", "\"USD\"", "\"KHR\"", "\"SUCCESS\"", "\"1.5\""),
        Gen.Int.Select(i => i.ToString(CultureInfo.InvariantCulture)),
        Gen.Double.Where(double.IsFinite).Select(d => d.ToString("R", CultureInfo.InvariantCulture)),
        Gen.String.Select(Quote));

    /// <summary>Any JSON value, biased towards the field names the decoders look for.</summary>
    public static readonly Gen<string> JsonValue = JsonOfDepth(3);

    private static Gen<string> JsonOfDepth(int depth)
    {
        if (depth <= 0)
            return Scalar;
        var child = JsonOfDepth(depth - 1);
        var array = child.Array[0, 5].Select(xs => "[" + string.Join(",", xs) + "]");
        var member = from name in Gen.Frequency<string>((3, Gen.OneOf(FieldNames)), (1, Gen.String))
                     from value in child
                     select Quote(name) + ":" + value;
        var obj = member.Array[0, 6].Select(ms => "{" + string.Join(",", ms) + "}");
        return Gen.Frequency<string>((3, Scalar), (2, array), (4, obj));
    }

    public static string Quote(string s) => System.Text.Json.JsonSerializer.Serialize(s, JsonContext.Default.String);

    public static readonly Gen<byte[]> Bytes = Gen.OneOf<byte[]>(
        Gen.Byte.Array[0, 300],
        JsonValue.Select(Encoding.UTF8.GetBytes),
        // Valid envelopes cut at a random point: truncated bodies are the common real failure.
        from json in JsonValue
        from cut in Gen.Int[0, 200]
        select Encoding.UTF8.GetBytes(Fixture.Success(json)).Take(cut).ToArray());

    private static readonly Gen<Option<string>> OptionalText = Gen.OneOf(
        Option<string>.None, Prelude.Some("paid"), Prelude.Some("Coffee x2"), Prelude.Some("ខ្មែរ"), Prelude.Some("quote \" and \\ slash"));

    private static readonly Gen<Option<DateTimeOffset>> OptionalTime = Gen.OneOf<Option<DateTimeOffset>>(
        Gen.Const(Option<DateTimeOffset>.None),
        Gen.Int[0, int.MaxValue].Select(s => Prelude.Some(DateTimeOffset.FromUnixTimeMilliseconds(s * 1000L + s % 1000))));

    public static readonly Gen<decimal> Amount =
        Gen.Select(Gen.Int[0, 100_000_000], Gen.Int[0, 99], Gen.Int[0, 2], (units, cents, scale) => scale == 0 ? units : units + cents / 100m);

    public static readonly Gen<Transaction> Transaction =
        from hash in Hex(64)
        from payer in Gen.OneOf("payer@abaa", "rieu_dhqj_1984@devb", "x@y")
        from payee in Gen.OneOf("shop@devb", "bridge_account@devb")
        from currency in Gen.OneOf(Currency.USD, Currency.KHR)
        from amount in Amount
        from description in OptionalText
        from created in OptionalTime
        from acknowledged in OptionalTime
        from tracking in Gen.OneOf(Option<string>.None, Prelude.Some("RECEIVE_AT_ACH"), Prelude.Some("ACKNOWLEDGED_BY_FI"))
        from refs in OptionalText.Array[4]
        select new Transaction(hash, payer, payee, currency, amount, description, created, acknowledged, tracking, refs[0], refs[1], refs[2], refs[3]);

    /// <summary>A transaction as the server might write it: any field order, amounts as numbers or strings, float timestamps, extra fields.</summary>
    public static Gen<string> TransactionJson(Transaction t) =>
        from flags in Gen.Select(Gen.Bool, Gen.Bool, Gen.Bool)
        from order in Gen.Shuffle(Fields(t, flags.Item1, flags.Item2, flags.Item3).ToArray())
        select "{" + string.Join(",", order) + "}";

    private static List<string> Fields(Transaction t, bool amountAsString, bool floatTimes, bool nullOptionals)
    {
        var amount = t.Amount.ToString(CultureInfo.InvariantCulture);
        var fields = new List<string>
        {
            $"\"hash\":{Quote(t.Hash)}", $"\"fromAccountId\":{Quote(t.FromAccountId)}", $"\"toAccountId\":{Quote(t.ToAccountId)}",
            $"\"currency\":\"{t.Currency}\"", $"\"amount\":{(amountAsString ? Quote(amount) : amount)}", "\"unknownField\":{\"a\":[1,{}]}",
        };
        void Text(string name, Option<string> v) => v.Match(s => fields.Add($"\"{name}\":{Quote(s)}"), () => { if (nullOptionals) fields.Add($"\"{name}\":null"); });
        void Time(string name, Option<DateTimeOffset> v) => v.IfSome(d =>
            fields.Add($"\"{name}\":{d.ToUnixTimeMilliseconds()}{(floatTimes ? ".0" : "")}"));
        Text("description", t.Description);
        Time("createdDateMs", t.CreatedAt);
        Time("acknowledgedDateMs", t.AcknowledgedAt);
        Text("trackingStatus", t.TrackingStatus);
        Text("receiverBank", t.ReceiverBank);
        Text("receiverBankAccount", t.ReceiverBankAccount);
        Text("instructionRef", t.InstructionRef);
        Text("externalRef", t.ExternalRef);
        return fields;
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class JsonContext : System.Text.Json.Serialization.JsonSerializerContext;
