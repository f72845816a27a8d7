using System.Globalization;
using System.Net;
using System.Text;
using Bakong.Functional.Testing;
using LanguageExt;

namespace Bakong.Functional.Cli.Sandbox;

/// <summary>
/// The dashboard page: plain HTML with forms, so every action works without JavaScript. The one script refreshes the
/// sections marked <c>data-live</c> from the same page every second, without reloading.
/// </summary>
internal static class Dashboard
{
    public static string Render(SandboxServer sandbox, EmulatorOverview overview, Option<string> focus, Seq<FieldError> errors, Input? input)
    {
        var shown = overview.Payments.Where(p => p.Qr.IsSome).ToList();
        // The QR in the spotlight: the one asked for, else the newest shown.
        var spotlight = focus.Case is string md5
            ? shown.FirstOrDefault(p => string.Equals(p.Md5, md5, StringComparison.OrdinalIgnoreCase))
            : shown.FirstOrDefault();
        var h = new StringBuilder(16 * 1024);
        h.Append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        h.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        h.Append("<link rel=\"icon\" href=\"data:,\"><title>Bakong sandbox</title><style>").Append(Css).Append("</style></head>");
        h.Append("<body data-live-url=\"").Append(E(spotlight is null ? "/" : $"/?qr={spotlight.Md5}")).Append("\">");

        h.Append("<header><h1>Bakong sandbox</h1><p>A local Bakong Open API for developing your checkout. Point your client at the base URL with the token below; pay its QRs here.</p>");
        h.Append("<dl id=\"token\" data-live><dt>Base URL</dt><dd><code id=\"base-url\">").Append(E(sandbox.BaseUrl.AbsoluteUri)).Append("</code></dd>");
        h.Append("<dt>Token</dt><dd><code id=\"ready-token\" class=\"secret\">").Append(E(sandbox.Token.Reveal())).Append("</code></dd>");
        h.Append("<dt>Tokens accepted</dt><dd>").Append(overview.ValidTokens).Append("</dd>");
        h.Append("<dt>Network latency</dt><dd>").Append(sandbox.Latency > TimeSpan.Zero ? E(Durations.Format(sandbox.Latency)) : "none").Append("</dd>");
        h.Append("<dt>Requests</dt><dd>").Append(overview.RequestCount).Append("</dd></dl></header>");

        if (!errors.IsEmpty)
        {
            h.Append("<div class=\"errors\" role=\"alert\" id=\"errors\"><strong>That did not work:</strong><ul>");
            foreach (var e in errors)
                h.Append("<li data-field=\"").Append(E(e.Field)).Append("\"><code>").Append(E(e.Field)).Append("</code> ").Append(E(e.Reason)).Append("</li>");
            h.Append("</ul></div>");
        }

        h.Append("<main>");
        CreateForm(h, input);
        Spotlight(h, spotlight, overview.At);
        Payments(h, overview);
        Inbox(h, overview);
        Faults(h, overview);
        Requests(h, overview);
        sandbox.Counters.Render(h);
        h.Append("</main><script>").Append(Script).Append("</script></body></html>");
        return h.ToString();
    }

    private static void CreateForm(StringBuilder h, Input? input)
    {
        string Value(string name, string fallback) => E(input?.Text(name) ?? fallback);
        var currency = input?.Text("currency") ?? "USD";
        h.Append("<section id=\"create\"><h2>Make a KHQR</h2>");
        h.Append("<form method=\"post\" action=\"").Append(SandboxRoutes.Prefix).Append("qr\" id=\"create-form\">");
        h.Append("<label>Receiving account <input name=\"accountId\" id=\"accountId\" value=\"").Append(Value("accountId", SandboxServer.DefaultAccount)).Append("\" required></label>");
        h.Append("<label>Merchant name <input name=\"merchantName\" id=\"merchantName\" maxlength=\"25\" value=\"").Append(Value("merchantName", SandboxServer.DefaultMerchantName)).Append("\" required></label>");
        h.Append("<div class=\"row\"><label>Amount <input name=\"amount\" id=\"amount\" inputmode=\"decimal\" placeholder=\"empty: a static QR\" value=\"").Append(Value("amount", "1.00")).Append("\"></label>");
        h.Append("<label>Currency <select name=\"currency\" id=\"currency\">");
        foreach (var c in new[] { "USD", "KHR" })
            h.Append("<option").Append(c == currency ? " selected" : "").Append('>').Append(c).Append("</option>");
        h.Append("</select></label></div>");
        h.Append("<div class=\"row\"><label>Bill number <input name=\"billNumber\" id=\"billNumber\" maxlength=\"25\" value=\"").Append(Value("billNumber", "")).Append("\"></label>");
        h.Append("<label>Valid for <input name=\"validity\" id=\"validity\" value=\"").Append(Value("validity", "10m")).Append("\"></label></div>");
        h.Append("<button type=\"submit\" id=\"create-qr\">Make the QR</button></form>");
        // The checkout's own KHQR, pasted: shown as it is, so the md5 the app waits on is the one paid here.
        h.Append("<form method=\"post\" action=\"").Append(SandboxRoutes.Prefix).Append("qr\" id=\"show-form\"><label>Or show your app's KHQR ")
            .Append("<textarea name=\"payload\" id=\"payload\" rows=\"3\" placeholder=\"000201010212…\" required>").Append(Value("payload", "")).Append("</textarea></label>");
        h.Append("<button type=\"submit\" id=\"show-qr\">Show this QR</button></form></section>");
    }

    private static void Spotlight(StringBuilder h, PaymentView? view, DateTimeOffset now)
    {
        h.Append("<section id=\"qr\"><h2>The QR</h2>");
        if (view?.Qr.Case is not EmulatedQr qr)
        {
            h.Append("<p class=\"empty\">No QR yet: make one with the form.</p></section>");
            return;
        }
        h.Append("<div class=\"qr\" data-md5=\"").Append(qr.Md5).Append("\"><img src=\"").Append(SandboxRoutes.Prefix).Append("qr/").Append(qr.Md5)
            .Append(".svg\" width=\"240\" height=\"240\" alt=\"KHQR for ").Append(E(Asked(qr))).Append("\"><div>");
        h.Append("<p class=\"ask\">").Append(E(Asked(qr))).Append(" to <code>").Append(E(qr.ToAccountId)).Append("</code></p>");
        h.Append("<p>md5 <code id=\"qr-md5\">").Append(qr.Md5).Append("</code></p>");
        h.Append("<p>").Append(E(Expiry(qr, now))).Append("</p>");
        h.Append("<details open><summary>Payload</summary><code id=\"qr-payload\" class=\"payload\">").Append(E(qr.Payload)).Append("</code></details>");
        h.Append("</div></div></section>");
    }

    private static void Payments(StringBuilder h, EmulatorOverview overview)
    {
        h.Append("<section id=\"payments\" data-live><h2>Payments</h2>");
        if (overview.Payments.Count == 0)
        {
            h.Append("<p class=\"empty\">None yet. Make a QR, then pay it here as the customer would.</p></section>");
            return;
        }
        h.Append("<table><thead><tr><th>Status</th><th>Asked</th><th>Paid</th><th>md5</th><th>Checks</th><th>Expiry</th><th>As the customer</th></tr></thead><tbody>");
        foreach (var view in overview.Payments)
        {
            var status = SandboxJson.Status(view.Status);
            h.Append("<tr data-md5=\"").Append(view.Md5).Append("\" data-status=\"").Append(status).Append("\">");
            h.Append("<td><span class=\"status ").Append(status).Append("\">").Append(status).Append("</span>");
            foreach (var d in view.Differences)
                h.Append("<div class=\"difference\">").Append(E(Difference(d, view))).Append("</div>");
            h.Append("</td>");
            h.Append("<td class=\"money\">").Append(view.Qr.Case is EmulatedQr q ? E(Asked(q)) : "—").Append("</td>");
            h.Append("<td class=\"money\">").Append(view.Payment.Case is EmulatedPayment p && p.Outcome != SeedOutcome.Failed ? E(Report.Money(p.Amount, p.Currency)) : "—").Append("</td>");
            h.Append("<td><a href=\"/?qr=").Append(view.Md5).Append("#qr\"><code>").Append(view.Md5[..Math.Min(12, view.Md5.Length)]).Append("…</code></a></td>");
            h.Append("<td class=\"checks\">").Append(view.Checks).Append("</td>");
            h.Append("<td>").Append(view.Qr.Case is EmulatedQr e && view.Payment.IsNone ? E(Expiry(e, overview.At)) : "—").Append("</td><td><div class=\"actions\">");
            if (view.Status == PaymentStatus.Pending && view.Payment.IsNone && view.Qr.Case is EmulatedQr pending)
                Actions(h, view.Md5, pending);
            h.Append("</div></td></tr>");
        }
        h.Append("</tbody></table></section>");
    }

    private static void Actions(StringBuilder h, string md5, EmulatedQr qr)
    {
        var action = $"{SandboxRoutes.Prefix}payments/{md5}";
        if (qr.Amount.Case is decimal amount)
            h.Append("<form method=\"post\" action=\"").Append(action).Append("/pay\"><button class=\"pay\" data-action=\"pay\">Pay ")
                .Append(E(Report.Money(amount, qr.Currency))).Append("</button></form>");
        h.Append("<form method=\"post\" action=\"").Append(action).Append("/pay\" class=\"other\"><input name=\"amount\" inputmode=\"decimal\" aria-label=\"Amount\" placeholder=\"")
            .Append("amount").Append("\" required>")
            .Append("<button data-action=\"pay-other\">").Append(qr.Amount.IsSome ? "Pay a different amount" : "Pay").Append("</button></form>");
        h.Append("<form method=\"post\" action=\"").Append(action).Append("/fail\"><button class=\"fail\" data-action=\"fail\">Fail</button></form>");
    }

    private static void Inbox(StringBuilder h, EmulatorOverview overview)
    {
        h.Append("<section id=\"inbox\" data-live><h2>Inbox</h2><p class=\"hint\">The verification codes request_token would have e-mailed.</p>");
        if (overview.Inbox.Count == 0)
            h.Append("<p class=\"empty\">No e-mail yet: call request_token (<code>bakong token request</code>).</p>");
        else
        {
            h.Append("<table><thead><tr><th>To</th><th>Code</th></tr></thead><tbody>");
            foreach (var mail in overview.Inbox)
                h.Append("<tr data-email=\"").Append(E(mail.To)).Append("\"><td>").Append(E(mail.To)).Append("<div class=\"hint\">").Append(E(mail.Organization)).Append(" / ").Append(E(mail.Project))
                    .Append("</div></td><td><code class=\"code\">").Append(E(mail.Code)).Append("</code></td></tr>");
            h.Append("</tbody></table>");
        }
        h.Append("</section>");
    }

    private static void Faults(StringBuilder h, EmulatorOverview overview)
    {
        h.Append("<section id=\"faults\"><h2>Faults</h2><p class=\"hint\">What production does to your client, on the next requests.</p>");
        h.Append("<form method=\"post\" action=\"").Append(SandboxRoutes.Prefix).Append("faults\" id=\"fault-form\"><div class=\"row\">");
        h.Append("<label>Fault <select name=\"kind\" id=\"fault-kind\">");
        h.Append("<option value=\"geo-block\">Geo-block: HTTP 403, HTML</option><option value=\"rate-limit\">HTTP 429 with Retry-After</option>");
        h.Append("<option value=\"server-error\">HTML 5xx</option><option value=\"latency\">Latency</option></select></label>");
        h.Append("<label>On <select name=\"path\"><option value=\"*\">every endpoint</option>");
        foreach (var operation in BakongApi.Operations)
            h.Append("<option>").Append(E(operation.Path)).Append("</option>");
        h.Append("</select></label></div><div class=\"row\">");
        h.Append("<label>Times <input name=\"times\" value=\"1\" size=\"6\" title=\"a number, or always\"></label>");
        h.Append("<label>Retry-After <input name=\"retryAfter\" value=\"3s\" size=\"6\"></label>");
        h.Append("<label>Status <input name=\"status\" value=\"503\" size=\"4\"></label>");
        h.Append("<label>Delay <input name=\"delay\" value=\"2s\" size=\"6\"></label></div>");
        h.Append("<button type=\"submit\">Add the fault</button></form>");
        h.Append("<div class=\"row buttons\"><form method=\"post\" action=\"").Append(SandboxRoutes.Prefix).Append("tokens/expire\"><button id=\"expire-tokens\">Expire every token now</button></form>");
        h.Append("<form method=\"post\" action=\"").Append(SandboxRoutes.Prefix).Append("tokens\"><button id=\"issue-token\">Issue a new token</button></form>");
        h.Append("<form method=\"post\" action=\"").Append(SandboxRoutes.Prefix).Append("faults/clear\"><button id=\"clear-faults\">Clear the faults</button></form></div>");
        h.Append("<div id=\"fault-list\" data-live>");
        if (overview.Faults.Count == 0)
            h.Append("<p class=\"empty\">No faults waiting.</p>");
        else
        {
            h.Append("<ul>");
            foreach (var f in overview.Faults)
                h.Append("<li>").Append(E(SandboxJson.Describe(f.Fault))).Append(" on <code>").Append(E(f.Path == BakongEmulator.AnyPath ? "every endpoint" : f.Path))
                    .Append("</code>, ").Append(f.Remaining.Case is int n ? $"{n} more time{(n == 1 ? "" : "s")}" : "until cleared").Append("</li>");
            h.Append("</ul>");
        }
        h.Append("</div></section>");
    }

    private static void Requests(StringBuilder h, EmulatorOverview overview)
    {
        h.Append("<section id=\"requests\" data-live><h2>Latest requests</h2>");
        if (overview.RecentRequests.Count == 0)
            h.Append("<p class=\"empty\">None yet.</p>");
        else
        {
            h.Append("<table><tbody>");
            foreach (var r in overview.RecentRequests)
                h.Append("<tr><td>").Append(r.At.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)).Append("</td><td><code>").Append(E(r.Method)).Append(' ').Append(E(r.Path))
                    .Append("</code></td><td>").Append(r.HadBearer ? "with token" : "no token").Append("</td><td>").Append(r.Fault is { } f ? E(SandboxJson.Describe(f)) : "").Append("</td></tr>");
            h.Append("</tbody></table>");
        }
        h.Append("</section>");
    }

    /// <summary>A difference as the merchant would say it: <c>underpaid: 1.50 USD of 2.00 USD</c>.</summary>
    private static string Difference(PaymentDifference difference, PaymentView view)
    {
        var currency = view.Qr.Map(q => q.Currency).IfNone(Currency.USD);
        return difference.Match(
            account: a => $"paid to {a.Actual}, not {a.Expected}",
            currency: c => $"paid in {(c.Actual == Currency.KHR ? "KHR" : "USD")}, not {(c.Expected == Currency.KHR ? "KHR" : "USD")}",
            amount: a => $"{(a.Actual < a.Expected ? "underpaid" : "overpaid")}: {Report.Money(a.Actual, currency)} of {Report.Money(a.Expected, currency)}");
    }

    private static string Asked(EmulatedQr qr) =>
        qr.Amount.Case is decimal amount ? Report.Money(amount, qr.Currency) : $"any amount in {(qr.Currency == Currency.KHR ? "KHR" : "USD")} (static)";

    private static string Expiry(EmulatedQr qr, DateTimeOffset now)
    {
        if (qr.ExpiresAt.Case is not DateTimeOffset at)
            return "never expires";
        var left = at - now;
        if (left <= TimeSpan.Zero)
            return "expired";
        return left.TotalMinutes >= 1
            ? $"{(int)left.TotalMinutes} min {left.Seconds} s left"
            : $"{left.Seconds} s left";
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);

    private const string Css = """
        :root{--ink:#1d232b;--muted:#5d6673;--line:#dde2e8;--bg:#f5f7fa;--card:#fff;--accent:#b4232a}
        *{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
        header{background:var(--accent);color:#fff;padding:16px 24px}header h1{margin:0 0 4px;font-size:22px}header p{margin:0 0 10px;opacity:.9}
        header dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:0}header dt{opacity:.8}header dd{margin:0}
        header code{background:rgba(255,255,255,.15);padding:1px 5px;border-radius:4px}.secret{word-break:break-all;font-size:12px}
        main{display:grid;grid-template-columns:minmax(300px,380px) 1fr;gap:16px;padding:16px 24px}
        section{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:14px 16px}
        #payments,#requests{grid-column:1/-1}h2{font-size:16px;margin:0 0 10px}
        label{display:block;margin:0 0 8px;color:var(--muted);font-size:13px}#show-form{margin-top:14px;border-top:1px solid var(--line);padding-top:10px}textarea{font:12px monospace;word-break:break-all}input,select,textarea{display:block;width:100%;font:inherit;padding:5px 7px;border:1px solid #c4cbd4;border-radius:5px;color:var(--ink)}
        .row{display:flex;gap:10px}.row label{flex:1}button{font:inherit;padding:6px 12px;border-radius:5px;border:1px solid #9aa3ad;background:#fff;cursor:pointer}
        button[type=submit],button.pay{background:#1f7a3f;border-color:#1f7a3f;color:#fff}button.fail{border-color:#b4232a;color:#b4232a}
        .buttons{margin-top:10px;flex-wrap:wrap}.buttons form{flex:none}
        table{width:100%;border-collapse:collapse}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}th{font-size:12px;color:var(--muted);font-weight:600}
        .actions{display:flex;gap:6px;flex-wrap:wrap}.actions form{display:flex;gap:4px}.actions input{width:110px}
        .status{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;text-transform:uppercase;letter-spacing:.03em}
        .pending{background:#fff1c2;color:#7a5a00}.paid{background:#d6f3df;color:#17603a}.mismatched{background:#ffe0cc;color:#9a3b00}
        .failed{background:#fbd5d5;color:#9b1c1c}.expired{background:#e4e7eb;color:#4b5563}.static{background:#dbe7ff;color:#1e429f}
        .money{white-space:nowrap}.hint{font-size:13px}.difference{color:#9a3b00;font-size:12px;margin-top:3px}
        .qr{display:flex;gap:16px;align-items:flex-start}.qr img{border:1px solid var(--line);border-radius:6px;flex:none}.ask{font-size:18px;font-weight:600;margin-top:0}
        .payload{display:block;word-break:break-all;font-size:12px;background:var(--bg);padding:6px;border-radius:4px}
        .errors{margin:16px 24px 0;padding:10px 14px;border:1px solid #e0a3a3;background:#fdeaea;border-radius:8px}.errors ul{margin:4px 0 0}
        .empty,.hint{color:var(--muted)}.code{font-size:14px}
        @media (max-width:800px){main{grid-template-columns:1fr}}
        """;

    // Live updates: fetch this page again each second and swap in the sections marked data-live, unless the user is typing in one.
    private const string Script = """
        (function () {
          var busy = false;
          document.documentElement.setAttribute('data-loaded', String(Date.now()));
          function refresh() {
            if (busy || document.hidden) return;
            busy = true;
            fetch(document.body.getAttribute('data-live-url'), { cache: 'no-store' })
              .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
              .then(function (html) {
                var fresh = new DOMParser().parseFromString(html, 'text/html');
                document.querySelectorAll('[data-live]').forEach(function (el) {
                  var next = fresh.getElementById(el.id);
                  if (!next || el.contains(document.activeElement)) return;
                  if (el.innerHTML !== next.innerHTML) el.innerHTML = next.innerHTML;
                });
                document.documentElement.setAttribute('data-refreshed', String(Date.now()));
              })
              .catch(function () {})
              .then(function () { busy = false; });
          }
          setInterval(refresh, 1000);
        })();
        """;
}
