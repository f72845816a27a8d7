using System.Text.Json;
using Bakong.Functional.Testing;
using LanguageExt;

namespace Bakong.Functional.Cli.Sandbox;

/// <summary>The sandbox's JSON, written by hand (no reflection), and the words the dashboard and the JSON share.</summary>
internal static class SandboxJson
{
    /// <summary>The status as the JSON and the page's <c>data-status</c> spell it.</summary>
    public static string Status(PaymentStatus status) => status switch
    {
        PaymentStatus.Pending => "pending",
        PaymentStatus.Paid => "paid",
        PaymentStatus.Mismatched => "mismatched",
        PaymentStatus.Failed => "failed",
        PaymentStatus.Expired => "expired",
        PaymentStatus.StaticQr => "static",
    };

    /// <summary>A fault in a few words: <c>HTTP 429, Retry-After 3 s</c>.</summary>
    public static string Describe(Fault fault) => fault switch
    {
        Fault.GeoBlocked => "geo-block: HTTP 403 with an HTML page",
        Fault.RateLimited r => $"HTTP 429, Retry-After {Durations.Format(r.RetryAfter)}",
        Fault.ServerError s => $"HTTP {s.Status} with an HTML page",
        Fault.Latency l => $"latency {Durations.Format(l.Delay)}",
        _ => fault.GetType().Name,
    };

    public static void WriteState(Utf8JsonWriter w, SandboxServer sandbox, EmulatorOverview overview)
    {
        w.WriteString("at", overview.At);
        w.WriteString("baseUrl", sandbox.BaseUrl.AbsoluteUri);
        w.WriteString("token", sandbox.Token.Reveal());
        w.WriteNumber("latencyMs", (long)sandbox.Latency.TotalMilliseconds);
        sandbox.Counters.Write(w);
        Report.WriteObjects(w, "payments", overview.Payments, WritePaymentFields);
        Report.WriteObjects(w, "inbox", overview.Inbox, (w, mail) =>
        {
            w.WriteString("email", mail.To);
            w.WriteString("organization", mail.Organization);
            w.WriteString("project", mail.Project);
            w.WriteString("code", mail.Code);
        });
        w.WritePropertyName("faults");
        WriteFaults(w, overview.Faults);
        w.WriteNumber("validTokens", overview.ValidTokens);
        w.WriteNumber("requestCount", overview.RequestCount);
        Report.WriteObjects(w, "recentRequests", overview.RecentRequests, (w, r) =>
        {
            w.WriteString("at", r.At);
            w.WriteString("method", r.Method);
            w.WriteString("path", r.Path);
            w.WriteBoolean("hadBearer", r.HadBearer);
            if (r.Fault is { } f)
                w.WriteString("fault", Describe(f));
            else
                w.WriteNull("fault");
        });
    }

    public static void WritePaymentFields(Utf8JsonWriter w, PaymentView view)
    {
        w.WriteString("md5", view.Md5);
        w.WriteString("status", Status(view.Status));
        w.WriteNumber("checks", view.Checks);
        w.WriteStartArray("differences");
        foreach (var d in view.Differences)
            w.WriteStringValue(d.ToString());
        w.WriteEndArray();
        if (view.Qr.Case is EmulatedQr qr)
        {
            w.WriteStartObject("qr");
            w.WriteString("payload", qr.Payload);
            w.WriteString("toAccountId", qr.ToAccountId);
            w.WriteString("currency", qr.Currency == Currency.KHR ? "KHR" : "USD");
            if (qr.Amount.Case is decimal amount)
                w.WriteNumber("amount", amount);
            else
                w.WriteNull("amount");
            w.WriteString("merchantName", qr.MerchantName);
            w.WriteString("shownAt", qr.ShownAt);
            WriteOptionalTime(w, "expiresAt", qr.ExpiresAt);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("qr");
        }
        if (view.Payment.Case is EmulatedPayment p)
        {
            w.WriteStartObject("payment");
            w.WriteNumber("amount", p.Amount);
            w.WriteString("currency", p.Currency == Currency.KHR ? "KHR" : "USD");
            w.WriteString("hash", p.Hash);
            w.WriteString("fromAccountId", p.Seed.FromAccountId);
            w.WriteString("toAccountId", p.Seed.ToAccountId);
            w.WriteBoolean("visible", p.IsVisible);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("payment");
        }
    }

    public static void WriteFaults(Utf8JsonWriter w, IReadOnlyList<InjectedFault> faults)
    {
        w.WriteStartArray();
        foreach (var f in faults)
        {
            w.WriteStartObject();
            w.WriteString("path", f.Path);
            w.WriteString("fault", Describe(f.Fault));
            if (f.Remaining.Case is int n)
                w.WriteNumber("remaining", n);
            else
                w.WriteNull("remaining");
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    public static void WriteOptionalTime(Utf8JsonWriter w, string name, Option<DateTimeOffset> time)
    {
        if (time.Case is DateTimeOffset t)
            w.WriteString(name, t);
        else
            w.WriteNull(name);
    }
}
