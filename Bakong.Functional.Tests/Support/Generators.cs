using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Bakong.Functional.Tests.Support;

/// <summary>FsCheck generators: arbitrary bytes and JSON for totality, valid transactions and envelopes for round trips.</summary>
public static class Generators
{
    public static readonly Config Many = Config.QuickThrowOnFailure.WithMaxTest(1000);

    public static Gen<string> Hex(int length) =>
        Gen.ArrayOf(Gen.Elements("0123456789abcdef".ToCharArray()), length).Select(cs => new string(cs));

    private static readonly string[] FieldNames =
    [
        "responseCode", "responseMessage", "errorCode", "data", "hash", "fromAccountId", "toAccountId", "currency",
        "amount", "description", "createdDateMs", "acknowledgedDateMs", "trackingStatus", "md5", "status", "message",
        "transaction", "token", "shortLink", "x",
    ];

    /// <summary>Any JSON value, biased towards the field names the decoders look for.</summary>
    public static Gen<string> JsonValue => Gen.Sized(size => JsonOfSize(Math.Min(size, 12)));

    private static Gen<string> JsonOfSize(int size)
    {
        var scalar = Gen.OneOf(
            Gen.Elements("null", "true", "false", "0", "1", "-1", "1.0", "1e400", "-0", "12345678901234567890123456789012345", "\"\"", "\"USD\"", "\"KHR\"", "\"SUCCESS\"", "\"1.5\""),
            ArbMap.Default.GeneratorFor<int>().Select(i => i.ToString(CultureInfo.InvariantCulture)),
            ArbMap.Default.GeneratorFor<double>().Where(double.IsFinite).Select(d => d.ToString("R", CultureInfo.InvariantCulture)),
            ArbMap.Default.GeneratorFor<string>().Where(s => s is not null).Select(Quote));
        if (size <= 0)
            return scalar;
        var child = JsonOfSize(size / 2);
        var array = Gen.ListOf(child).Select(xs => "[" + string.Join(",", xs) + "]");
        var member = from name in Gen.OneOf(Gen.Elements(FieldNames), ArbMap.Default.GeneratorFor<string>().Where(s => s is not null))
                     from value in child
                     select Quote(name) + ":" + value;
        var obj = Gen.ListOf(member).Select(ms => "{" + string.Join(",", ms) + "}");
        return Gen.Frequency((3, scalar), (2, array), (4, obj));
    }

    public static string Quote(string s) => System.Text.Json.JsonSerializer.Serialize(s, JsonContext.Default.String);

    public static Gen<byte[]> Bytes => Gen.OneOf(
        ArbMap.Default.GeneratorFor<byte[]>(),
        JsonValue.Select(Encoding.UTF8.GetBytes),
        // Valid envelopes cut at a random point: truncated bodies are the common real failure.
        from json in JsonValue
        from cut in Gen.Choose(0, 200)
        select Encoding.UTF8.GetBytes(Fixture.Success(json)).Take(cut).ToArray());

    private static Gen<Option<string>> OptionalText =>
        Gen.OneOf(Gen.Constant(Option<string>.None), Gen.Elements("paid", "Coffee x2", "ខ្មែរ", "quote \" and \\ slash").Select(Prelude.Some));

    private static Gen<Option<DateTimeOffset>> OptionalTime =>
        Gen.OneOf(Gen.Constant(Option<DateTimeOffset>.None),
            Gen.Choose(0, int.MaxValue).Select(s => Prelude.Some(DateTimeOffset.FromUnixTimeMilliseconds(s * 1000L + s % 1000))));

    public static Gen<decimal> Amount =>
        from units in Gen.Choose(0, 100_000_000)
        from cents in Gen.Choose(0, 99)
        from scale in Gen.Elements(0, 1, 2)
        select scale == 0 ? units : units + cents / 100m;

    public static Gen<Transaction> Transaction =>
        from hash in Hex(64)
        from payer in Gen.Elements("payer@abaa", "rieu_dhqj_1984@devb", "x@y")
        from payee in Gen.Elements("shop@devb", "bridge_account@devb")
        from currency in Gen.Elements(Currency.USD, Currency.KHR)
        from amount in Amount
        from description in OptionalText
        from created in OptionalTime
        from acknowledged in OptionalTime
        from tracking in Gen.OneOf(Gen.Constant(Option<string>.None), Gen.Elements("RECEIVE_AT_ACH", "ACKNOWLEDGED_BY_FI").Select(Prelude.Some))
        from refs in Gen.ArrayOf(OptionalText, 4)
        select new Transaction(hash, payer, payee, currency, amount, description, created, acknowledged, tracking, refs[0], refs[1], refs[2], refs[3]);

    /// <summary>A transaction as the server might write it: any field order, amounts as numbers or strings, float timestamps, extra fields.</summary>
    public static Gen<string> TransactionJson(Transaction t) =>
        from amountAsString in ArbMap.Default.GeneratorFor<bool>()
        from floatTimes in ArbMap.Default.GeneratorFor<bool>()
        from nullOptionals in ArbMap.Default.GeneratorFor<bool>()
        from order in Gen.Shuffle(Fields(t, amountAsString, floatTimes, nullOptionals).ToArray())
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
