using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Bakong.Functional.Json;
using LanguageExt;
using static LanguageExt.Prelude;

namespace Bakong.Functional.Redis;

/// <summary>
/// The JSON a pending payment and an outcome travel in through Redis. Written and read by hand (no reflection), every
/// case of <see cref="PaymentOutcome"/> and <see cref="BakongError"/> round-trips to an equal value.
/// </summary>
internal static class OutcomeJson
{
    // ---- pending payments ------------------------------------------------------------------------------------------

    /// <summary>A registration: who gets the outcome, the deadline, and what the QR asked for.</summary>
    internal sealed record Registration(string Owner, DateTimeOffset Deadline, Option<ExpectedPayment> Expected);

    internal static string Write(Registration r) => Json(w =>
    {
        w.WriteString("owner", r.Owner);
        w.WriteNumber("deadline", r.Deadline.ToUnixTimeMilliseconds());
        r.Expected.IfSome(e =>
        {
            w.WriteString("to", e.ToAccountId);
            w.WriteString("currency", e.Currency.ToString());
            e.Amount.IfSome(a => w.WriteString("amount", Text(a)));
        });
    });

    internal static Option<Registration> ReadRegistration(string? json) => Parse(json, root =>
    {
        var expected = Str(root, "to").Map(to => new ExpectedPayment(to, Cur(root, "currency"), Str(root, "amount").Map(Dec)));
        return new Registration(Str(root, "owner").IfNone(""), Time(root, "deadline"), expected);
    });

    // ---- outcomes --------------------------------------------------------------------------------------------------

    internal static string Write(PaymentOutcome outcome) => Json(w => outcome.Match<Unit>(
        paid: p => { w.WriteString("kind", "paid"); WriteTransaction(w, p.Transaction); return unit; },
        mismatch: m =>
        {
            w.WriteString("kind", "mismatch");
            WriteTransaction(w, m.Transaction);
            w.WriteStartArray("differences");
            foreach (var d in m.Differences)
            {
                w.WriteStartObject();
                d.Match<Unit>(
                    account: a => { w.WriteString("kind", "account"); w.WriteString("expected", a.Expected); w.WriteString("actual", a.Actual); return unit; },
                    currency: c => { w.WriteString("kind", "currency"); w.WriteString("expected", c.Expected.ToString()); w.WriteString("actual", c.Actual.ToString()); return unit; },
                    amount: a => { w.WriteString("kind", "amount"); w.WriteString("expected", Text(a.Expected)); w.WriteString("actual", Text(a.Actual)); return unit; });
                w.WriteEndObject();
            }
            w.WriteEndArray();
            return unit;
        },
        failed: f => { w.WriteString("kind", "failed"); w.WriteString("reason", f.Reason); return unit; },
        staticQr: _ => { w.WriteString("kind", "static"); return unit; },
        expired: e => { w.WriteString("kind", "expired"); w.WriteNumber("deadline", e.Deadline.ToUnixTimeMilliseconds()); return unit; },
        unconfirmed: u =>
        {
            w.WriteString("kind", "unconfirmed");
            w.WriteString("why", u.Why == UnconfirmedReason.Ambiguous ? "ambiguous" : "notHeard");
            w.WriteNumber("deadline", u.Deadline.ToUnixTimeMilliseconds());
            w.WriteNumber("untrusted", u.UntrustedAnswers);
            u.LastError.IfSome(e => { w.WritePropertyName("error"); WriteError(w, e); });
            return unit;
        },
        error: e => { w.WriteString("kind", "error"); w.WritePropertyName("error"); WriteError(w, e.Reason); return unit; }));

    internal static Option<PaymentOutcome> ReadOutcome(string? json) => Parse<PaymentOutcome>(json, root => Str(root, "kind").IfNone("") switch
    {
        "paid" => new PaymentOutcome.Paid(ReadTransaction(root)),
        "mismatch" => new PaymentOutcome.Mismatch(ReadTransaction(root), root.GetProperty("differences").EnumerateArray().Select(ReadDifference).ToSeq().Strict()),
        "failed" => new PaymentOutcome.Failed(Str(root, "reason").IfNone("")),
        "static" => new PaymentOutcome.StaticQr(),
        "expired" => new PaymentOutcome.Expired(Time(root, "deadline")),
        "unconfirmed" => new PaymentOutcome.Unconfirmed(
            Str(root, "why").IfNone("") == "ambiguous" ? UnconfirmedReason.Ambiguous : UnconfirmedReason.NotHeard,
            Time(root, "deadline"),
            root.TryGetProperty("error", out var last) ? Some(ReadError(last)) : None,
            root.GetProperty("untrusted").GetInt32()),
        "error" => new PaymentOutcome.Error(ReadError(root.GetProperty("error"))),
        var other => throw new JsonException($"unknown outcome '{other}'"),
    });

    private static PaymentDifference ReadDifference(JsonElement d) => Str(d, "kind").IfNone("") switch
    {
        "account" => new PaymentDifference.Account(Str(d, "expected").IfNone(""), Str(d, "actual").IfNone("")),
        "currency" => new PaymentDifference.CurrencyDiffers(Cur(d, "expected"), Cur(d, "actual")),
        "amount" => new PaymentDifference.AmountDiffers(Dec(Str(d, "expected").IfNone("0")), Dec(Str(d, "actual").IfNone("0"))),
        var other => throw new JsonException($"unknown difference '{other}'"),
    };

    private static void WriteTransaction(Utf8JsonWriter w, Transaction t)
    {
        w.WriteStartObject("transaction");
        w.WriteString("hash", t.Hash);
        w.WriteString("from", t.FromAccountId);
        w.WriteString("to", t.ToAccountId);
        w.WriteString("currency", t.Currency.ToString());
        w.WriteString("amount", Text(t.Amount));
        t.Description.IfSome(v => w.WriteString("description", v));
        t.CreatedAt.IfSome(v => w.WriteNumber("created", v.ToUnixTimeMilliseconds()));
        t.AcknowledgedAt.IfSome(v => w.WriteNumber("acknowledged", v.ToUnixTimeMilliseconds()));
        t.TrackingStatus.IfSome(v => w.WriteString("trackingStatus", v));
        t.ReceiverBank.IfSome(v => w.WriteString("receiverBank", v));
        t.ReceiverBankAccount.IfSome(v => w.WriteString("receiverBankAccount", v));
        t.InstructionRef.IfSome(v => w.WriteString("instructionRef", v));
        t.ExternalRef.IfSome(v => w.WriteString("externalRef", v));
        w.WriteEndObject();
    }

    private static Transaction ReadTransaction(JsonElement root)
    {
        var t = root.GetProperty("transaction");
        return new Transaction(
            Str(t, "hash").IfNone(""), Str(t, "from").IfNone(""), Str(t, "to").IfNone(""), Cur(t, "currency"), Dec(Str(t, "amount").IfNone("0")),
            Str(t, "description"), OptTime(t, "created"), OptTime(t, "acknowledged"), Str(t, "trackingStatus"),
            Str(t, "receiverBank"), Str(t, "receiverBankAccount"), Str(t, "instructionRef"), Str(t, "externalRef"));
    }

    private static void WriteError(Utf8JsonWriter w, BakongError error)
    {
        w.WriteStartObject();
        error.Match<Unit>(
            api: a => a.Match<Unit>(
                failure: f => { w.WriteString("case", "api"); w.WriteNumber("code", (int)f.ErrorCode); w.WriteString("message", f.ResponseMessage); Response(w, f.Response); return unit; },
                unknown: u => { w.WriteString("case", "unknownApi"); u.ErrorCode.IfSome(c => w.WriteNumber("code", c)); w.WriteString("message", u.ResponseMessage); Response(w, u.Response); return unit; }),
            http: h => h.Match<Unit>(
                unauthorized: e => Case(w, "unauthorized", e.Response),
                forbidden: e => { w.WriteString("case", "forbidden"); e.ErrorCode.IfSome(c => w.WriteNumber("code", c)); w.WriteString("message", e.ResponseMessage); Response(w, e.Response); return unit; },
                blocked: e => Case(w, "blocked", e.Response),
                endpointNotFound: e => Case(w, "notFound", e.Response),
                rateLimited: e => { e.RetryAfter.IfSome(r => w.WriteNumber("retryAfterMs", (long)r.TotalMilliseconds)); return Case(w, "rateLimited", e.Response); },
                clientError: e => Case(w, "clientError", e.Response),
                serverError: e => { e.RetryAfter.IfSome(r => w.WriteNumber("retryAfterMs", (long)r.TotalMilliseconds)); return Case(w, "serverError", e.Response); },
                unexpectedStatus: e => Case(w, "unexpectedStatus", e.Response)),
            network: n => n.Match<Unit>(
                transport: t => { w.WriteString("case", "transport"); w.WriteString("reason", t.Reason); return unit; },
                timeout: t => { w.WriteString("case", "timeout"); w.WriteNumber("afterMs", (long)t.After.TotalMilliseconds); return unit; },
                cancelled: _ => { w.WriteString("case", "cancelled"); return unit; }),
            response: r => r.Match<Unit>(
                tooLarge: t => { w.WriteNumber("limit", t.LimitBytes); return Case(w, "tooLarge", t.Response); },
                decode: d => { w.WriteString("path", d.Problem.Path); w.WriteString("expected", d.Problem.Expected); return Case(w, "decode", d.Response); }),
            invalidInput: i =>
            {
                w.WriteString("case", "invalidInput");
                w.WriteStartArray("fields");
                foreach (var f in i.Errors)
                {
                    w.WriteStartObject();
                    w.WriteString("field", f.Field);
                    w.WriteString("reason", f.Reason);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                return unit;
            });
        w.WriteEndObject();
    }

    private static Unit Case(Utf8JsonWriter w, string name, ResponseInfo response)
    {
        w.WriteString("case", name);
        Response(w, response);
        return unit;
    }

    private static void Response(Utf8JsonWriter w, ResponseInfo response)
    {
        w.WriteNumber("status", response.Status);
        w.WriteString("body", response.Body);
    }

    private static BakongError ReadError(JsonElement e)
    {
        ResponseInfo R() => new(e.GetProperty("status").GetInt32(), Str(e, "body").IfNone(""));
        Option<int> Code() => e.TryGetProperty("code", out var c) ? Some(c.GetInt32()) : None;
        string Msg() => Str(e, "message").IfNone("");
        Option<TimeSpan> After() => e.TryGetProperty("retryAfterMs", out var r) ? Some(TimeSpan.FromMilliseconds(r.GetInt64())) : None;
        return Str(e, "case").IfNone("") switch
        {
            "api" => new BakongError.ApiFailure((ApiErrorCode)Code().IfNone(0), Msg(), R()),
            "unknownApi" => new BakongError.UnknownApiFailure(Code(), Msg(), R()),
            "unauthorized" => new BakongError.Unauthorized(R()),
            "forbidden" => new BakongError.Forbidden(Code(), Msg(), R()),
            "blocked" => new BakongError.Blocked(R()),
            "notFound" => new BakongError.EndpointNotFound(R()),
            "rateLimited" => new BakongError.RateLimited(After(), R()),
            "clientError" => new BakongError.ClientError(R()),
            "serverError" => new BakongError.ServerError(After(), R()),
            "unexpectedStatus" => new BakongError.UnexpectedStatus(R()),
            "transport" => new BakongError.Transport(Str(e, "reason").IfNone("")),
            "timeout" => new BakongError.Timeout(TimeSpan.FromMilliseconds(e.GetProperty("afterMs").GetInt64())),
            "cancelled" => new BakongError.Cancelled(),
            "tooLarge" => new BakongError.ResponseTooLarge(e.GetProperty("limit").GetInt64(), R()),
            "decode" => new BakongError.Decode(new DecodeError(Str(e, "path").IfNone(""), Str(e, "expected").IfNone("")), R()),
            "invalidInput" => new BakongError.InvalidInput(e.GetProperty("fields").EnumerateArray()
                .Select(f => new FieldError(Str(f, "field").IfNone(""), Str(f, "reason").IfNone(""))).ToSeq().Strict()),
            var other => throw new JsonException($"unknown error case '{other}'"),
        };
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    private static string Json(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Anything unreadable is <c>None</c>: a corrupt entry is skipped and logged, never thrown.</summary>
    private static Option<A> Parse<A>(string? json, Func<JsonElement, A> read)
    {
        if (string.IsNullOrEmpty(json))
            return None;
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind == JsonValueKind.Object ? Some(read(doc.RootElement)) : None;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            return None;
        }
    }

    private static Option<string> Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? Some(v.GetString()!) : None;

    private static DateTimeOffset Time(JsonElement e, string name) => DateTimeOffset.FromUnixTimeMilliseconds(e.GetProperty(name).GetInt64());

    private static Option<DateTimeOffset> OptTime(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? Some(DateTimeOffset.FromUnixTimeMilliseconds(v.GetInt64())) : None;

    // Exactly the names Write gives: Enum.TryParse would also take "1" or "5", a currency nobody wrote.
    private static Currency Cur(JsonElement e, string name) => Str(e, name).IfNone("") switch
    {
        "USD" => Currency.USD,
        "KHR" => Currency.KHR,
        _ => throw new FormatException($"unknown currency in {name}"),
    };

    /// <summary>The core's strict reading of an amount: no separators, plus signs, spaces or exponents, and never rounded.</summary>
    private static decimal Dec(string s) =>
        ExactNumber.TryParse(Encoding.UTF8.GetBytes(s), allowExponent: false, out var d) ? d : throw new FormatException("not an exact amount");

    private static string Text(decimal d) => d.ToString(CultureInfo.InvariantCulture);
}
