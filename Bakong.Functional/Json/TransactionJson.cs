using System.Text.Json;
using LanguageExt;

namespace Bakong.Functional.Json;

/// <summary>The transaction fields, collected property by property, so an object and a batch row with inline fields share one reader.</summary>
internal struct TransactionFields
{
    private Option<string> hash, from, to;
    private Option<Currency> currency;
    private Option<decimal> amount;
    private Option<string> description, trackingStatus, receiverBank, receiverBankAccount, instructionRef, externalRef;
    private Option<DateTimeOffset> created, acknowledged;

    /// <summary>Whether any transaction field other than <c>hash</c> was seen (a hash alone may be just a batch key).</summary>
    public bool HasBody { get; private set; }

    public readonly Option<string> Hash => hash;

    /// <summary>At a property name: reads it if it is a transaction field, else leaves it for the caller to skip.</summary>
    public bool TryRead(ref Utf8JsonReader r, out bool known, out DecodeError? error)
    {
        known = true;
        error = null;
        if (r.ValueTextEquals("hash"u8)) return Required(ref r, ref hash, ".hash", out error, body: false);
        if (r.ValueTextEquals("fromAccountId"u8)) return Required(ref r, ref from, ".fromAccountId", out error);
        if (r.ValueTextEquals("toAccountId"u8)) return Required(ref r, ref to, ".toAccountId", out error);
        if (r.ValueTextEquals("currency"u8))
        {
            r.Read();
            HasBody = true;
            if (r.TokenType == JsonTokenType.String && r.ValueTextEquals("USD"u8)) currency = Currency.USD;
            else if (r.TokenType == JsonTokenType.String && r.ValueTextEquals("KHR"u8)) currency = Currency.KHR;
            else return Fail(new DecodeError(".currency", "USD or KHR"), out error);
            return true;
        }
        if (r.ValueTextEquals("amount"u8))
        {
            r.Read();
            HasBody = true;
            if (!JsonRead.TryDecimal(ref r, out var a, out error)) return Fail(error!.At(".amount"), out error);
            if (a < 0) return Fail(new DecodeError(".amount", "a non-negative amount"), out error);
            amount = a;
            return true;
        }
        if (r.ValueTextEquals("description"u8)) return Optional(ref r, ref description, ".description", out error);
        if (r.ValueTextEquals("createdDateMs"u8)) return Date(ref r, ref created, ".createdDateMs", out error);
        if (r.ValueTextEquals("acknowledgedDateMs"u8)) return Date(ref r, ref acknowledged, ".acknowledgedDateMs", out error);
        if (r.ValueTextEquals("trackingStatus"u8)) return Optional(ref r, ref trackingStatus, ".trackingStatus", out error);
        if (r.ValueTextEquals("receiverBank"u8)) return Optional(ref r, ref receiverBank, ".receiverBank", out error);
        if (r.ValueTextEquals("receiverBankAccount"u8)) return Optional(ref r, ref receiverBankAccount, ".receiverBankAccount", out error);
        if (r.ValueTextEquals("instructionRef"u8)) return Optional(ref r, ref instructionRef, ".instructionRef", out error);
        if (r.ValueTextEquals("externalRef"u8)) return Optional(ref r, ref externalRef, ".externalRef", out error);
        known = false;
        return true;
    }

    /// <summary>The transaction, or the first required field that is missing.</summary>
    public readonly bool TryBuild(out Transaction transaction, out DecodeError? error)
    {
        transaction = null!;
        error = hash.IsNone ? Missing(".hash", "a string")
            : from.IsNone ? Missing(".fromAccountId", "a string")
            : to.IsNone ? Missing(".toAccountId", "a string")
            : currency.IsNone ? Missing(".currency", "USD or KHR")
            : amount.IsNone ? Missing(".amount", "a number or a numeric string")
            : null;
        if (error is not null)
            return false;
        transaction = new Transaction(
            (string)hash, (string)from, (string)to, (Currency)currency, (decimal)amount,
            description, created, acknowledged, trackingStatus, receiverBank, receiverBankAccount, instructionRef, externalRef);
        return true;
    }

    private static DecodeError Missing(string path, string what) => new(path, $"{what}, but the field is missing");

    private static bool Fail(DecodeError e, out DecodeError? error)
    {
        error = e;
        return false;
    }

    private bool Required(ref Utf8JsonReader r, ref Option<string> field, string path, out DecodeError? error, bool body = true)
    {
        r.Read();
        HasBody |= body;
        if (!JsonRead.TryString(ref r, out var s, out error)) return Fail(error!.At(path), out error);
        field = s;
        return true;
    }

    private bool Optional(ref Utf8JsonReader r, ref Option<string> field, string path, out DecodeError? error)
    {
        r.Read();
        HasBody = true;
        if (!JsonRead.TryOptionalString(ref r, out field, out error)) return Fail(error!.At(path), out error);
        return true;
    }

    private bool Date(ref Utf8JsonReader r, ref Option<DateTimeOffset> field, string path, out DecodeError? error)
    {
        r.Read();
        HasBody = true;
        if (!JsonRead.TryEpochMs(ref r, out field, out error)) return Fail(error!.At(path), out error);
        return true;
    }
}

/// <summary>Readers for transactions and batch rows.</summary>
internal static class TransactionJson
{
    /// <summary>A transaction object.</summary>
    internal static readonly JsonReader<Transaction> Read = ReadTransaction;

    private static bool ReadTransaction(ref Utf8JsonReader r, out Transaction value, out DecodeError? error)
    {
        value = null!;
        var fields = new TransactionFields();
        return JsonRead.TryObject(ref r, ref fields, ReadField, out error) && fields.TryBuild(out value, out error);
    }

    private static bool ReadField(ref Utf8JsonReader r, ref TransactionFields f, out bool known, out DecodeError? error) =>
        f.TryRead(ref r, out known, out error);

    /// <summary>A batch row as sent: its echoed key, status, message and transaction, wherever the transaction sits.</summary>
    internal readonly record struct RawRow(Option<string> Key, Option<string> Status, string Message, Option<Transaction> Transaction);

    /// <summary>The <c>data</c> array of a batch answer.</summary>
    internal static bool ReadRows(ref Utf8JsonReader r, out Seq<RawRow> rows, out DecodeError? error)
    {
        rows = Seq<RawRow>.Empty;
        if (r.TokenType != JsonTokenType.StartArray)
        {
            error = new DecodeError("", $"an array, but found {JsonRead.Describe(r.TokenType)}");
            return false;
        }
        var list = new List<RawRow>();
        while (r.Read() && r.TokenType != JsonTokenType.EndArray)
        {
            if (!ReadRow(ref r, out var row, out error))
            {
                error = error!.At($"[{list.Count}]");
                return false;
            }
            list.Add(row);
        }
        rows = list.ToSeq();
        error = null;
        return true;
    }

    private struct RowState
    {
        public Option<string> Md5, Status, Message;
        public Option<Transaction> Nested;
        public TransactionFields Inline;
    }

    private static bool ReadRow(ref Utf8JsonReader r, out RawRow row, out DecodeError? error)
    {
        row = default;
        var s = new RowState();
        if (!JsonRead.TryObject(ref r, ref s, ReadRowField, out error))
            return false;
        var transaction = s.Nested;
        if (transaction.IsNone && s.Inline.HasBody)
        {
            if (!s.Inline.TryBuild(out var inline, out error))
                return false;
            transaction = inline;
        }
        // The key is md5 for md5_list, hash for hash_list; a transaction nested under data may carry its own hash.
        var key = s.Md5.IsSome ? s.Md5 : s.Inline.Hash;
        row = new RawRow(key, s.Status, s.Message.IfNone(""), transaction);
        return true;
    }

    private static bool ReadRowField(ref Utf8JsonReader r, ref RowState s, out bool known, out DecodeError? error)
    {
        known = true;
        error = null;
        if (r.ValueTextEquals("md5"u8))
        {
            r.Read();
            if (!JsonRead.TryOptionalString(ref r, out s.Md5, out error)) { error = error!.At(".md5"); return false; }
            return true;
        }
        if (r.ValueTextEquals("status"u8))
        {
            r.Read();
            if (!JsonRead.TryOptionalString(ref r, out s.Status, out error)) { error = error!.At(".status"); return false; }
            return true;
        }
        if (r.ValueTextEquals("message"u8) || r.ValueTextEquals("responseMessage"u8))
        {
            r.Read();
            if (!JsonRead.TryOptionalString(ref r, out s.Message, out error)) { error = error!.At(".message"); return false; }
            return true;
        }
        var isData = r.ValueTextEquals("data"u8);
        if (isData || r.ValueTextEquals("transaction"u8))
        {
            r.Read();
            if (r.TokenType == JsonTokenType.Null)
                return true;
            if (!Read(ref r, out var t, out error)) { error = error!.At(isData ? ".data" : ".transaction"); return false; }
            s.Nested = t;
            return true;
        }
        return s.Inline.TryRead(ref r, out known, out error);
    }
}
