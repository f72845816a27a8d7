using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using LanguageExt;

namespace Bakong.Functional.Cli;

/// <summary>
/// The edge where results and errors become text: human lines by default, or with <c>--json</c> exactly one JSON
/// document on stdout, written with <see cref="Utf8JsonWriter"/> (no reflection).
/// </summary>
/// <param name="command">The command's name as typed, such as <c>transaction md5</c>; null when none was recognised.</param>
internal sealed class Report(CliHost host, bool json, string? command)
{
    public bool IsJson => json;

    public TextWriter Out => host.Out;

    public TextWriter Error => host.Error;

    /// <summary>A result: <paramref name="human"/> writes lines, <paramref name="result"/> writes the members of the JSON <c>result</c> object.</summary>
    public int Ok(Action<TextWriter> human, Action<Utf8JsonWriter> result, int exitCode = ExitCodes.Ok)
    {
        if (json)
            WriteDocument(exitCode, ok: true, w =>
            {
                w.WriteStartObject("result");
                result(w);
                w.WriteEndObject();
            });
        else
            human(host.Out);
        return exitCode;
    }

    /// <summary>
    /// A wait that ended with nothing trustworthy heard at its last check: not an answer either way, so <c>ok</c> is false,
    /// the exit code is <see cref="ExitCodes.Unconfirmed"/>, and the JSON <c>result</c> says why.
    /// </summary>
    public int Unconfirmed(PaymentOutcome.Unconfirmed u)
    {
        if (json)
            WriteDocument(ExitCodes.Unconfirmed, ok: false, w =>
            {
                w.WriteStartObject("result");
                w.WriteString("outcome", "unconfirmed");
                w.WriteBoolean("paid", false);
                w.WriteString("reason", u.Why == UnconfirmedReason.Ambiguous ? "ambiguous" : "notHeard");
                w.WriteString("deadline", u.Deadline);
                w.WriteNumber("untrustedAnswers", u.UntrustedAnswers);
                w.WritePropertyName("lastError");
                if (u.LastError.Case is BakongError last)
                    WriteError(w, last);
                else
                    w.WriteNullValue();
                w.WriteEndObject();
            });
        else
            host.Out.WriteLine($"could not be confirmed by {Time(u.Deadline)}: {u.LastError.Match(e => e.Summary, () => "nothing was heard")}; it may have been paid, so check it again before cancelling");
        return ExitCodes.Unconfirmed;
    }

    public int Fail(BakongError error)
    {
        var code = error is BakongError.Cancelled ? host.CancelledExitCode : ExitCodes.For(error);
        if (json)
            WriteDocument(code, ok: false, w =>
            {
                w.WritePropertyName("error");
                WriteError(w, error);
            });
        else
        {
            host.Error.WriteLine($"error: {error.Summary}");
            host.Error.WriteLine($"  ({Describe(error)}; exit code {code})");
        }
        return code;
    }

    /// <summary>A result to an exit code; a default (bottom) <see cref="Fin{A}"/> is reported as a failure, not thrown.</summary>
    public int From<A>(Fin<A> result, Func<A, int> ok) =>
        result.IsSucc ? ok((A)result) : Fail(Failure(result));

    /// <summary>The error of a result that did not succeed, as a <see cref="BakongError"/>.</summary>
    public static BakongError Failure<A>(Fin<A> result) => BakongError.From(result.IsFail ? (LanguageExt.Common.Error)result : null);

    private void WriteDocument(int exitCode, bool ok, Action<Utf8JsonWriter> body)
    {
        host.Out.WriteLine(ToJson(w =>
        {
            w.WriteStartObject();
            if (command is null)
                w.WriteNull("command");
            else
                w.WriteString("command", command);
            w.WriteBoolean("ok", ok);
            w.WriteNumber("exitCode", exitCode);
            body(w);
            w.WriteEndObject();
        }));
    }

    public static string ToJson(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        // Relaxed escaping: quotes and Khmer stay readable ('EUR', not \u0027EUR\u0027); this is a terminal, not HTML.
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            write(writer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The typed error in one line: <c>BakongError.ApiFailure StaticQrNotSupported (errorCode 2), HTTP 200</c>.</summary>
    public static string Describe(BakongError error)
    {
        var detail = error switch
        {
            BakongError.ApiFailure e => $" {e.ErrorCode} (errorCode {(int)e.ErrorCode})",
            BakongError.UnknownApiFailure e => $" (errorCode {e.ErrorCode.Match(c => c.ToString(CultureInfo.InvariantCulture), () => "none")})",
            _ => "",
        };
        var status = error.Received.Match(r => $", HTTP {r.Status}", () => "");
        return $"BakongError.{ExitCodes.Kind(error)}{detail}{status}";
    }

    public static void WriteError(Utf8JsonWriter w, BakongError error)
    {
        w.WriteStartObject();
        w.WriteString("kind", ExitCodes.Kind(error));
        w.WriteString("summary", error.Summary);
        switch (error)
        {
            case BakongError.ApiFailure e:
                w.WriteNumber("errorCode", (int)e.ErrorCode);
                w.WriteString("errorName", e.ErrorCode.ToString());
                w.WriteString("message", e.ResponseMessage);
                break;
            case BakongError.UnknownApiFailure e:
                e.ErrorCode.Match(c => w.WriteNumber("errorCode", c), () => w.WriteNull("errorCode"));
                w.WriteString("message", e.ResponseMessage);
                break;
            case BakongError.Forbidden e:
                w.WriteString("message", e.ResponseMessage);
                break;
            case BakongError.RateLimited e:
                e.RetryAfter.Match(d => w.WriteNumber("retryAfterSeconds", d.TotalSeconds), () => w.WriteNull("retryAfterSeconds"));
                break;
            case BakongError.Decode e:
                w.WriteString("path", "$" + e.Problem.Path);
                w.WriteString("expected", e.Problem.Expected);
                break;
            case BakongError.InvalidInput e:
                WriteFieldErrors(w, "fields", e.Errors);
                break;
        }
        error.Received.Match(r => w.WriteNumber("httpStatus", r.Status), () => w.WriteNull("httpStatus"));
        w.WriteEndObject();
    }

    /// <summary>Field errors as <c>[{"field": …, "reason": …}]</c>, the shape of the CLI's and the sandbox's invalid input.</summary>
    public static void WriteFieldErrors(Utf8JsonWriter w, string name, IEnumerable<FieldError> errors) =>
        WriteObjects(w, name, errors, (w, f) =>
        {
            w.WriteString("field", f.Field);
            w.WriteString("reason", f.Reason);
        });

    /// <summary>An array of objects under <paramref name="name"/>: <paramref name="members"/> writes each one's members.</summary>
    public static void WriteObjects<T>(Utf8JsonWriter w, string name, IEnumerable<T> items, Action<Utf8JsonWriter, T> members)
    {
        w.WriteStartArray(name);
        foreach (var item in items)
        {
            w.WriteStartObject();
            members(w, item);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    // ------------------------------------------------------------ transactions

    public static void WriteTransaction(TextWriter o, Transaction t, string indent = "")
    {
        o.WriteLine($"{indent}paid:          {Money(t.Amount, t.Currency)}");
        o.WriteLine($"{indent}from:          {t.FromAccountId}");
        o.WriteLine($"{indent}to:            {t.ToAccountId}");
        o.WriteLine($"{indent}hash:          {t.Hash}");
        o.WriteLine($"{indent}short hash:    {t.ShortHash}");
        t.Description.Filter(d => d.Length > 0).IfSome(d => o.WriteLine($"{indent}description:   {d}"));
        t.CreatedAt.IfSome(d => o.WriteLine($"{indent}created:       {Time(d)}"));
        t.AcknowledgedAt.IfSome(d => o.WriteLine($"{indent}acknowledged:  {Time(d)}"));
        t.TrackingStatus.IfSome(s => o.WriteLine($"{indent}status:        {s}"));
        t.ReceiverBank.IfSome(s => o.WriteLine($"{indent}receiver bank: {s}"));
        t.ReceiverBankAccount.IfSome(s => o.WriteLine($"{indent}receiver acct: {s}"));
        t.InstructionRef.IfSome(s => o.WriteLine($"{indent}instruction:   {s}"));
        t.ExternalRef.IfSome(s => o.WriteLine($"{indent}external ref:  {s}"));
    }

    public static void WriteTransaction(Utf8JsonWriter w, Transaction t)
    {
        w.WriteStartObject();
        w.WriteString("hash", t.Hash);
        w.WriteString("shortHash", t.ShortHash);
        w.WriteString("fromAccountId", t.FromAccountId);
        w.WriteString("toAccountId", t.ToAccountId);
        w.WriteString("currency", t.Currency.ToString());
        w.WriteNumber("amount", t.Amount);
        Optional(w, "description", t.Description);
        OptionalTime(w, "createdDateMs", t.CreatedAt);
        OptionalTime(w, "acknowledgedDateMs", t.AcknowledgedAt);
        Optional(w, "trackingStatus", t.TrackingStatus);
        Optional(w, "receiverBank", t.ReceiverBank);
        Optional(w, "receiverBankAccount", t.ReceiverBankAccount);
        Optional(w, "instructionRef", t.InstructionRef);
        Optional(w, "externalRef", t.ExternalRef);
        w.WriteEndObject();
    }

    /// <summary>
    /// An amount as a person reads it, never rounded: dollars with two decimals (<c>4.00 USD</c>), riel whole
    /// (<c>500 KHR</c>), each with more decimals only when the amount has them. The CLI and the sandbox both use it.
    /// </summary>
    public static string Money(decimal amount, Currency currency) =>
        $"{amount.ToString(currency == Currency.KHR ? "0.############################" : "0.00##########################", CultureInfo.InvariantCulture)} {currency}";

    /// <summary>A difference with its amounts as money: <c>amount: expected 4.00 USD, got 3.50 USD</c>.</summary>
    public static string Difference(PaymentDifference difference, Currency currency) => difference.Match(
        account: _ => difference.ToString(),
        currency: _ => difference.ToString(),
        amount: a => $"amount: expected {Money(a.Expected, currency)}, got {Money(a.Actual, currency)}");

    public static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void Optional(Utf8JsonWriter w, string name, Option<string> value) =>
        value.Match(v => w.WriteString(name, v), () => w.WriteNull(name));

    private static void OptionalTime(Utf8JsonWriter w, string name, Option<DateTimeOffset> value) =>
        value.Match(v => w.WriteNumber(name, v.ToUnixTimeMilliseconds()), () => w.WriteNull(name));

    // ------------------------------------------------------------ batches

    /// <summary>The batch status as the API spells it, plus MISSING and ERROR for keys without a row.</summary>
    public static string Status(Fin<BatchRow> result) =>
        !result.IsSucc ? "ERROR" : ((BatchRow)result).Match(
            found: _ => "SUCCESS",
            notFound: _ => "NOT_FOUND",
            failed: _ => "FAILED",
            staticQr: _ => "STATIC_QR",
            otherStatus: o => o.Status,
            missing: _ => "MISSING");

    public static string Line(BatchItem item) =>
        !item.Result.IsSucc ? $"error: {Failure(item.Result).Summary}" : ((BatchRow)item.Result).Match(
            found: f => $"paid {Money(f.Transaction.Amount, f.Transaction.Currency)} from {f.Transaction.FromAccountId}",
            notFound: _ => "not found (not paid yet)",
            failed: f => $"failed: {f.Message}",
            staticQr: _ => "static QR: cannot be checked",
            otherStatus: o => $"{o.Status}: {o.Message}",
            missing: _ => "no answer for this key");

    public static void WriteBatchItem(Utf8JsonWriter w, BatchItem item)
    {
        w.WriteStartObject();
        w.WriteString("key", item.Key);
        w.WriteString("status", Status(item.Result));
        if (item.Result.IsSucc)
            ((BatchRow)item.Result).Match(
                found: f => { w.WritePropertyName("transaction"); WriteTransaction(w, f.Transaction); return Prelude.unit; },
                notFound: r => { w.WriteString("message", r.Message); return Prelude.unit; },
                failed: r => { w.WriteString("message", r.Message); return Prelude.unit; },
                staticQr: r => { w.WriteString("message", r.Message); return Prelude.unit; },
                otherStatus: r => { w.WriteString("message", r.Message); return Prelude.unit; },
                missing: _ => Prelude.unit);
        else
        {
            w.WritePropertyName("error");
            WriteError(w, Failure(item.Result));
        }
        w.WriteEndObject();
    }
}
