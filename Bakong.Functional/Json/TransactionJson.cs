using System.Text.Json;
using LanguageExt;

namespace Bakong.Functional.Json;

/// <summary>
/// The transaction fields, collected property by property, so an object and a batch row with inline fields share one reader.
/// A field read twice (two <c>amount</c>s, even one spelled <c>am\u006funt</c>) is a <see cref="DecodeError"/> at that
/// field: parsers disagree on which one wins, and on money that is an attack. Unknown keys are skipped, repeated or not.
/// </summary>
internal struct TransactionFields
{
    // One bit per Field already read.
    private int seen;
    private bool descriptionRepaired;
    private Option<string> hash, from, to;
    private Option<Currency> currency;
    private Option<decimal> amount;
    private Option<string> description, trackingStatus, receiverBank, receiverBankAccount, instructionRef, externalRef;
    private Option<DateTimeOffset> created, acknowledged;

    /// <summary>Whether any transaction field other than <c>hash</c> was seen (a hash alone may be just a batch key).</summary>
    public bool HasBody { get; private set; }

    public readonly Option<string> Hash => hash;

    private enum Field { Unknown, Hash, From, To, Currency, Amount, Description, Created, Acknowledged, Tracking, ReceiverBank, ReceiverBankAccount, InstructionRef, ExternalRef }

    /// <summary>Which field a property name is: by length first, so most names are compared once.</summary>
    private static Field Identify(ReadOnlySpan<byte> name) => name.Length switch
    {
        4 when name.SequenceEqual("hash"u8) => Field.Hash,
        6 when name.SequenceEqual("amount"u8) => Field.Amount,
        8 when name.SequenceEqual("currency"u8) => Field.Currency,
        11 when name.SequenceEqual("toAccountId"u8) => Field.To,
        11 when name.SequenceEqual("description"u8) => Field.Description,
        11 when name.SequenceEqual("externalRef"u8) => Field.ExternalRef,
        12 when name.SequenceEqual("receiverBank"u8) => Field.ReceiverBank,
        13 when name.SequenceEqual("fromAccountId"u8) => Field.From,
        13 when name.SequenceEqual("createdDateMs"u8) => Field.Created,
        14 when name.SequenceEqual("trackingStatus"u8) => Field.Tracking,
        14 when name.SequenceEqual("instructionRef"u8) => Field.InstructionRef,
        18 when name.SequenceEqual("acknowledgedDateMs"u8) => Field.Acknowledged,
        19 when name.SequenceEqual("receiverBankAccount"u8) => Field.ReceiverBankAccount,
        _ => Field.Unknown,
    };

    private static Field Identify(ref Utf8JsonReader r)
    {
        if (!r.ValueIsEscaped)
            return Identify(r.ValueSpan);
        // Rare: an escaped name is unescaped first; no field name is longer than 19 bytes.
        if (r.ValueSpan.Length > 64)
            return Field.Unknown;
        Span<byte> name = stackalloc byte[64];
        return Identify(name[..r.CopyString(name)]);
    }

    /// <summary>At a property name: reads it if it is a transaction field, else leaves it for the caller to skip.</summary>
    public bool TryRead(ref Utf8JsonReader r, out bool known, out DecodeError? error)
    {
        known = true;
        error = null;
        var field = Identify(ref r);
        if (field != Field.Unknown)
        {
            var bit = 1 << (int)field;
            if ((seen & bit) != 0)
                return Fail(JsonRead.Repeated(PathOf(field)), out error);
            seen |= bit;
        }
        switch (field)
        {
            case Field.Hash: return Required(ref r, ref hash, ".hash", out error, body: false);
            case Field.From: return Required(ref r, ref from, ".fromAccountId", out error);
            case Field.To: return Required(ref r, ref to, ".toAccountId", out error);
            case Field.Currency:
                r.Read();
                HasBody = true;
                if (r.TokenType == JsonTokenType.String && r.ValueTextEquals("USD"u8)) currency = Currency.USD;
                else if (r.TokenType == JsonTokenType.String && r.ValueTextEquals("KHR"u8)) currency = Currency.KHR;
                else return Fail(new DecodeError(".currency", "USD or KHR"), out error);
                return true;
            case Field.Amount:
                r.Read();
                HasBody = true;
                if (!JsonRead.TryDecimal(ref r, out var a, out error)) return Fail(error!.At(".amount"), out error);
                if (a < 0) return Fail(new DecodeError(".amount", "a non-negative amount"), out error);
                amount = a;
                return true;
            case Field.Description:
                // The payer's free text: a lone surrogate is repaired and flagged, so a real payment stays visible.
                r.Read();
                HasBody = true;
                return JsonRead.TryOptionalText(ref r, out description, out descriptionRepaired, out error) || Fail(error!.At(".description"), out error);
            case Field.Created: return Date(ref r, ref created, ".createdDateMs", out error);
            case Field.Acknowledged: return Date(ref r, ref acknowledged, ".acknowledgedDateMs", out error);
            case Field.Tracking: return Optional(ref r, ref trackingStatus, ".trackingStatus", out error);
            case Field.ReceiverBank: return Optional(ref r, ref receiverBank, ".receiverBank", out error);
            case Field.ReceiverBankAccount: return Optional(ref r, ref receiverBankAccount, ".receiverBankAccount", out error);
            case Field.InstructionRef: return Optional(ref r, ref instructionRef, ".instructionRef", out error);
            case Field.ExternalRef: return Optional(ref r, ref externalRef, ".externalRef", out error);
            default:
                known = false;
                return true;
        }
    }

    private static string PathOf(Field field) => field switch
    {
        Field.Hash => ".hash",
        Field.From => ".fromAccountId",
        Field.To => ".toAccountId",
        Field.Currency => ".currency",
        Field.Amount => ".amount",
        Field.Description => ".description",
        Field.Created => ".createdDateMs",
        Field.Acknowledged => ".acknowledgedDateMs",
        Field.Tracking => ".trackingStatus",
        Field.ReceiverBank => ".receiverBank",
        Field.ReceiverBankAccount => ".receiverBankAccount",
        Field.InstructionRef => ".instructionRef",
        Field.ExternalRef => ".externalRef",
        _ => "",
    };

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
            description, created, acknowledged, trackingStatus, receiverBank, receiverBankAccount, instructionRef, externalRef)
        {
            DescriptionRepaired = descriptionRepaired,
        };
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

    /// <summary>The statuses a batch row is known to carry; anything else is <see cref="Other"/>, kept verbatim.</summary>
    internal enum RowStatus { Absent, Success, NotFound, Failed, StaticQr, Other }

    /// <summary>
    /// A batch row as sent: its echoed keys, status, message and transaction, wherever the transaction sits. Each key the
    /// reader uses may appear once (<c>message</c> and <c>responseMessage</c> count as one), and the transaction sits in
    /// one place only: under <c>data</c>, under <c>transaction</c>, or inline.
    /// </summary>
    internal struct Row
    {
        public Option<string> Md5;
        public RowStatus Status;
        public Option<string> OtherStatus;
        public Option<string> Message;
        public Option<Transaction> Transaction;
        /// <summary>Where <see cref="Transaction"/> came from: <c>.data</c>, <c>.transaction</c>, or empty for inline fields.</summary>
        public string TransactionPath;
        public TransactionFields Inline;
        // One bit per row key read: md5, status, message, data, transaction.
        public int Seen;

        /// <summary>The row-level <c>hash</c>: the echoed key of a hash_list row, or an inline transaction's hash.</summary>
        public readonly Option<string> Hash => Inline.Hash;
    }

    /// <summary>One row of a batch answer's <c>data</c> array.</summary>
    internal static bool TryReadRow(ref Utf8JsonReader r, out Row row, out DecodeError? error)
    {
        row = default;
        row.TransactionPath = "";
        if (!JsonRead.TryObject(ref r, ref row, ReadRowField, out error))
            return false;
        if (row.Inline.HasBody)
        {
            if (row.Transaction.IsSome)
            {
                error = new DecodeError(row.TransactionPath, "the transaction in one place, but it is both here and inline in the row");
                return false;
            }
            if (!row.Inline.TryBuild(out var inline, out error))
                return false;
            row.Transaction = inline;
        }
        return true;
    }

    private static bool Once(ref Row s, int bit, string path, out DecodeError? error)
    {
        error = (s.Seen & bit) == 0 ? null : JsonRead.Repeated(path);
        s.Seen |= bit;
        return error is null;
    }

    private static bool ReadRowField(ref Utf8JsonReader r, ref Row s, out bool known, out DecodeError? error)
    {
        known = true;
        error = null;
        if (r.ValueTextEquals("md5"u8))
        {
            if (!Once(ref s, 1, ".md5", out error)) return false;
            r.Read();
            if (!JsonRead.TryOptionalString(ref r, out s.Md5, out error)) { error = error!.At(".md5"); return false; }
            return true;
        }
        if (r.ValueTextEquals("status"u8))
        {
            if (!Once(ref s, 2, ".status", out error)) return false;
            r.Read();
            // Known statuses are compared in place: no string per row for the common case.
            s.Status = r.TokenType != JsonTokenType.String ? RowStatus.Absent
                : r.ValueTextEquals("SUCCESS"u8) ? RowStatus.Success
                : r.ValueTextEquals("NOT_FOUND"u8) ? RowStatus.NotFound
                : r.ValueTextEquals("FAILED"u8) ? RowStatus.Failed
                : r.ValueTextEquals("STATIC_QR"u8) ? RowStatus.StaticQr
                : RowStatus.Other;
            if (s.Status == RowStatus.Other)
            {
                if (!JsonRead.TryString(ref r, out var other, out error)) { error = error!.At(".status"); return false; }
                s.OtherStatus = other;
            }
            else if (s.Status == RowStatus.Absent && r.TokenType != JsonTokenType.Null)
            {
                error = new DecodeError(".status", $"a string or null, but found {JsonRead.Describe(r.TokenType)}");
                return false;
            }
            return true;
        }
        if (r.ValueTextEquals("message"u8) || r.ValueTextEquals("responseMessage"u8))
        {
            if (!Once(ref s, 4, ".message", out error)) return false;
            r.Read();
            // A found row's message is never shown, so it is checked but not copied; a shown one is repaired if malformed.
            var ok = s.Status == RowStatus.Success
                ? JsonRead.IsOptionalString(ref r, out error)
                : JsonRead.TryOptionalText(ref r, out s.Message, out _, out error);
            if (!ok) error = error!.At(".message");
            return ok;
        }
        var isData = r.ValueTextEquals("data"u8);
        if (isData || r.ValueTextEquals("transaction"u8))
        {
            var path = isData ? ".data" : ".transaction";
            if (!Once(ref s, isData ? 8 : 16, path, out error)) return false;
            r.Read();
            if (r.TokenType == JsonTokenType.Null)
                return true;
            if (s.Transaction.IsSome)
            {
                error = new DecodeError(path, "the transaction in one place, but the row carries it under both data and transaction");
                return false;
            }
            if (!Read(ref r, out var t, out error)) { error = error!.At(path); return false; }
            s.Transaction = t;
            s.TransactionPath = path;
            return true;
        }
        return s.Inline.TryRead(ref r, out known, out error);
    }
}
