using System.Globalization;
using System.Text;
using System.Text.Json;
using Bakong.Functional.Testing;
using LanguageExt;
using Microsoft.AspNetCore.Http;

namespace Bakong.Functional.Cli.Sandbox;

/// <summary>
/// The sandbox's own paths, seen before the emulator's API: the dashboard at <c>/</c> and its actions under
/// <c>/_sandbox/</c>. Each action takes a form (from the dashboard, answered with a redirect or the page with its
/// errors) or JSON (from scripts and tests, answered with JSON).
/// </summary>
internal sealed class SandboxRoutes(SandboxServer sandbox)
{
    /// <summary>Where the sandbox's own endpoints live; the real API has nothing under it.</summary>
    public const string Prefix = "/_sandbox/";

    private const int MaxBody = 64 * 1024;

    /// <summary>Answers the request if it is the sandbox's; false hands it to the emulator's API.</summary>
    public async Task<bool> TryHandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        try
        {
            if (path == "/")
            {
                if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
                    await Page(context, 200, Focus(context), Seq<FieldError>.Empty, null);
                else
                    await Json(context, 405, w => w.WriteString("error", "method_not_allowed"));
                return true;
            }
            if (path == "/favicon.ico")
            {
                context.Response.StatusCode = 204;
                return true;
            }
            if (path.StartsWith(Prefix, StringComparison.Ordinal))
            {
                // Any page the developer visits could post a form here; only the dashboard itself, or no page at all, may act.
                if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
                    && LoopbackGuard.RefuseCrossSite(context.Request) is { } reason)
                {
                    await LoopbackGuard.WriteRefusalAsync(context, 403, "cross_site_request", reason);
                    return true;
                }
                await Route(context, path[Prefix.Length..]);
                return true;
            }
            return false;
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or BadHttpRequestException)
        {
            // The caller left, or the server is stopping.
            context.Abort();
            return true;
        }
    }

    private async Task Route(HttpContext context, string rest)
    {
        var get = HttpMethods.IsGet(context.Request.Method);
        var post = HttpMethods.IsPost(context.Request.Method);
        var parts = rest.Split('/');
        switch (parts)
        {
            case ["state"] when get:
                await Json(context, 200, w => SandboxJson.WriteState(w, sandbox, sandbox.Emulator.Overview()));
                return;
            case ["qr", var file] when get && file.EndsWith(".svg", StringComparison.Ordinal):
                await Svg(context, file[..^4]);
                return;
            case ["qr"] when post:
                await Act(context, QrFields, CreateQr);
                return;
            case ["payments", var md5, "pay"] when post:
                await Act(context, ["amount"], input => Pay(md5, input));
                return;
            case ["payments", var md5, "fail"] when post:
                await Act(context, [], _ => Settled(sandbox.Emulator.Fail(md5)));
                return;
            case ["faults"] when post:
                await Act(context, ["kind", "path", "times", "retryAfter", "status", "delay"], AddFault);
                return;
            case ["faults", "clear"] when post:
                await Act(context, [], _ =>
                {
                    sandbox.Emulator.ClearFaults();
                    return new Done("/#faults", w => w.WriteNumber("faults", 0));
                });
                return;
            case ["tokens"] when post:
                await Act(context, [], _ =>
                {
                    var token = sandbox.IssueToken();
                    return new Done("/#token", w => w.WriteString("token", token.Reveal()));
                });
                return;
            case ["tokens", "expire"] when post:
                await Act(context, [], _ =>
                {
                    var expired = sandbox.Emulator.ExpireTokens();
                    return new Done("/#token", w => w.WriteNumber("expired", expired));
                });
                return;
            case ["state"] or ["qr"] or ["qr", _] or ["payments", _, "pay" or "fail"] or ["faults"] or ["faults", "clear"] or ["tokens"] or ["tokens", "expire"]:
                await Json(context, 405, w => w.WriteString("error", "method_not_allowed"));
                return;
            default:
                await Json(context, 404, w => w.WriteString("error", "not_found"));
                return;
        }
    }

    // ------------------------------------------------------------ actions

    /// <summary>What a successful action says: where the dashboard goes next, and what a script is told.</summary>
    private sealed record Done(string Redirect, Action<Utf8JsonWriter> Write, int Status = 200);

    /// <summary>What <c>/_sandbox/qr</c> takes: the app's own <c>payload</c>, or the fields to build one.</summary>
    private static readonly string[] QrFields = ["payload", "accountId", "merchantName", "amount", "currency", "billNumber", "validity", "merchantCity"];

    private Fin<Done> CreateQr(Input input)
    {
        if (input.Text("payload") is { } payload)
        {
            // The checkout's own KHQR: shown as it is, so its md5 is the one the app waits on.
            if (QrFields.Skip(1).FirstOrDefault(f => input.Text(f) is not null) is { } extra)
                return new BakongError.InvalidInput(Seq.create(new FieldError(extra, "give either payload, or the fields to build a QR, not both")));
            var shown = sandbox.Emulator.ShowQr(payload);
            return shown.IsFail && BakongError.From((LanguageExt.Common.Error)shown) is BakongError.InvalidInput bad
                ? new BakongError.InvalidInput(bad.Errors.Map(f => f with { Field = f.Field.StartsWith("khqr", StringComparison.Ordinal) ? "payload" + f.Field[4..] : f.Field }))
                : Shown(shown);
        }
        var errors = new List<FieldError>();
        var account = input.Text("accountId") ?? SandboxServer.DefaultAccount;
        var name = input.Text("merchantName") ?? SandboxServer.DefaultMerchantName;
        var currency = (input.Text("currency") ?? "USD").ToUpperInvariant() switch
        {
            "USD" => Currency.USD,
            "KHR" => Currency.KHR,
            _ => Error(errors, "currency", "must be USD or KHR", Currency.USD),
        };
        var amount = input.Text("amount") is { } a
            ? decimal.TryParse(a, NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed) ? parsed : Error(errors, "amount", "must be a number such as 1.50", Option<decimal>.None)
            : Option<decimal>.None;
        var validity = input.Text("validity") is { } v
            ? Durations.Parse(v) ?? Error(errors, "validity", "must be a duration such as 10m, 90s or 1h", KhqrRequest.DefaultValidity)
            : KhqrRequest.DefaultValidity;
        if (errors.Count > 0)
            return new BakongError.InvalidInput(errors.ToSeq());
        var request = new KhqrRequest(new KhqrAccount.Individual(account), name, currency)
        {
            Amount = amount,
            MerchantCity = input.Text("merchantCity") ?? "Phnom Penh",
            AdditionalData = input.Text("billNumber") is { } bill ? new KhqrAdditionalData { BillNumber = bill } : KhqrAdditionalData.Empty,
            Validity = validity,
        };
        var encoded = Khqr.Encode(request, sandbox.Emulator.Time);
        if (encoded.IsFail)
            return BakongError.From((LanguageExt.Common.Error)encoded) is BakongError.InvalidInput bad
                ? new BakongError.InvalidInput(bad.Errors.Map(f => f with { Field = FormField(f.Field) }))
                : (LanguageExt.Common.Error)encoded;
        return Shown(sandbox.Emulator.ShowQr(((KhqrCode)encoded).Payload));
    }

    private static Fin<Done> Shown(Fin<EmulatedQr> shown) => shown.Map(qr =>
        new Done($"/?qr={qr.Md5}#qr", w =>
        {
            w.WriteString("md5", qr.Md5);
            w.WriteString("payload", qr.Payload);
            SandboxJson.WriteOptionalTime(w, "expiresAt", qr.ExpiresAt);
            w.WriteString("svg", $"{Prefix}qr/{qr.Md5}.svg");
        }, 201));

    /// <summary>The library names the request's fields; the form names its inputs.</summary>
    private static string FormField(string field) => field switch
    {
        "account.accountId" => "accountId",
        "additionalData.billNumber" => "billNumber",
        _ => field,
    };

    private Fin<Done> Pay(string md5, Input input)
    {
        var amount = Option<decimal>.None;
        if (input.Text("amount") is { } a)
        {
            if (!decimal.TryParse(a, NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed))
                return new BakongError.InvalidInput(Seq.create(new FieldError("amount", "must be a number such as 1.50")));
            amount = parsed;
        }
        return Settled(sandbox.Emulator.Pay(md5, amount));
    }

    private Fin<Done> Settled(Fin<EmulatedPayment> settled) =>
        settled.Map(p => new Done($"/?qr={p.Md5}#payments", w =>
        {
            var view = sandbox.Emulator.Overview(0).Payments.FirstOrDefault(v => string.Equals(v.Md5, p.Md5, StringComparison.OrdinalIgnoreCase));
            if (view is not null)
                SandboxJson.WritePaymentFields(w, view);
        }));

    private Fin<Done> AddFault(Input input)
    {
        var errors = new List<FieldError>();
        var path = input.Text("path") ?? BakongEmulator.AnyPath;
        if (path != BakongEmulator.AnyPath && BakongApi.Find(path).IsNone)
            errors.Add(new FieldError("path", "must be * or an API path such as /v1/check_transaction_by_md5"));
        var always = string.Equals(input.Text("times"), "always", StringComparison.OrdinalIgnoreCase);
        var times = always ? 0
            : input.Text("times") is { } t
                ? int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 1000 ? n : Error(errors, "times", "must be a whole number from 1 to 1000, or always", 1)
                : 1;
        Fault? fault = input.Text("kind") switch
        {
            "geo-block" => new Fault.GeoBlocked(),
            "rate-limit" => new Fault.RateLimited(input.Text("retryAfter") is { } r
                ? Durations.Parse(r) ?? Error(errors, "retryAfter", "must be a duration such as 3s", TimeSpan.Zero)
                : TimeSpan.FromSeconds(3)),
            "server-error" => new Fault.ServerError(input.Text("status") is { } s
                ? int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var status) && status is >= 500 and <= 599 ? status : Error(errors, "status", "must be from 500 to 599", 500)
                : 500),
            "latency" => new Fault.Latency(input.Text("delay") is { } d
                ? Durations.Parse(d) ?? Error(errors, "delay", "must be a duration such as 2s or 500ms", TimeSpan.Zero)
                : TimeSpan.FromSeconds(2)),
            _ => Error<Fault?>(errors, "kind", "must be geo-block, rate-limit, server-error or latency", null),
        };
        if (errors.Count > 0 || fault is null)
            return new BakongError.InvalidInput(errors.ToSeq());
        if (always)
            sandbox.Emulator.InjectAlways(path, fault);
        else
            sandbox.Emulator.Inject(path, fault, times);
        return new Done("/#faults", w =>
        {
            w.WritePropertyName("faults");
            SandboxJson.WriteFaults(w, sandbox.Emulator.Overview(0).Faults);
        });
    }

    private static T Error<T>(List<FieldError> errors, string field, string reason, T fallback)
    {
        errors.Add(new FieldError(field, reason));
        return fallback;
    }

    // ------------------------------------------------------------ plumbing

    private async Task Act(HttpContext context, string[] known, Func<Input, Fin<Done>> action)
    {
        // An unknown field is refused, never ignored: a misspelt "payload" must not make some other QR.
        var input = (await Input.ReadAsync(context.Request, MaxBody, context.RequestAborted)).Bind(i => i.OnlyKnown(known));
        var result = input.Bind(action);
        var isForm = input.Match(i => i.IsForm, _ => context.Request.HasFormContentType);
        if (result.IsSucc)
        {
            var done = (Done)result;
            if (isForm)
            {
                context.Response.StatusCode = 303;
                context.Response.Headers.Location = done.Redirect;
            }
            else
            {
                await Json(context, done.Status, done.Write);
            }
            return;
        }
        var error = BakongError.From((LanguageExt.Common.Error)result);
        var fields = error is BakongError.InvalidInput bad ? bad.Errors : Seq.create(new FieldError("request", error.Summary));
        if (isForm)
            await Page(context, 400, Focus(context), fields, input.IsSucc ? (Input)input : null);
        else
            await Json(context, 400, w =>
            {
                w.WriteString("error", "invalid_input");
                Report.WriteFieldErrors(w, "errors", fields);
            });
    }

    private static Option<string> Focus(HttpContext context) =>
        context.Request.Query["qr"].ToString() is { Length: > 0 } md5 ? md5 : Option<string>.None;

    private async Task Page(HttpContext context, int status, Option<string> focus, Seq<FieldError> errors, Input? input)
    {
        var html = Dashboard.Render(sandbox, sandbox.Emulator.Overview(), focus, errors, input);
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var bytes = Encoding.UTF8.GetBytes(html);
        context.Response.ContentLength = bytes.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    private async Task Svg(HttpContext context, string md5)
    {
        if (sandbox.Emulator.ShownQr(md5).Case is not EmulatedQr qr)
        {
            await Json(context, 404, w => w.WriteString("error", "not_found"));
            return;
        }
        // The same drawing as `bakong khqr encode --svg`.
        var image = QrImages.For(qr.Payload);
        if (image.IsFail)
        {
            await Json(context, 400, w => w.WriteString("error", BakongError.From((LanguageExt.Common.Error)image).Summary));
            return;
        }
        var bytes = Encoding.UTF8.GetBytes(((QrImages)image).Svg());
        context.Response.ContentType = "image/svg+xml";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    private static async Task Json(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            write(w);
            w.WriteEndObject();
        }
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentLength = buffer.Length;
        await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted);
    }
}

/// <summary>An action's input, from a form or a JSON object, as text by name.</summary>
internal sealed class Input
{
    private readonly Dictionary<string, string> values;

    private Input(bool isForm, Dictionary<string, string> values)
    {
        IsForm = isForm;
        this.values = values;
    }

    /// <summary>This input, or an error naming each field not in <paramref name="known"/> and what is accepted.</summary>
    public Fin<Input> OnlyKnown(string[] known)
    {
        var unknown = values.Keys.Where(k => !known.Contains(k, StringComparer.Ordinal)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count == 0)
            return this;
        var accepted = known.Length == 0 ? "this action takes no fields" : "this action takes " + string.Join(", ", known);
        return new BakongError.InvalidInput(unknown.Select(k => new FieldError(k, $"is not a known field: {accepted}")).ToSeq());
    }

    /// <summary>Whether it came from a form, so the answer is a page rather than JSON.</summary>
    public bool IsForm { get; }

    /// <summary>The trimmed value, or null when absent or blank.</summary>
    public string? Text(string name) =>
        values.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    /// <summary>Reads a form, or a JSON object whose values are strings, numbers, booleans or null; an empty body is an empty object.</summary>
    public static async Task<Fin<Input>> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            return new Input(true, form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal));
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
                return Invalid("body", $"must be at most {maxBytes} bytes");
            buffer.Write(chunk, 0, read);
        }
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (buffer.Length == 0)
            return new Input(false, values);
        try
        {
            using var document = JsonDocument.Parse(buffer.ToArray());
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return Invalid("body", "must be a JSON object");
            foreach (var p in document.RootElement.EnumerateObject())
            {
                switch (p.Value.ValueKind)
                {
                    case JsonValueKind.String: values[p.Name] = p.Value.GetString()!; break;
                    case JsonValueKind.Number: values[p.Name] = p.Value.GetRawText(); break;
                    case JsonValueKind.True: values[p.Name] = "true"; break;
                    case JsonValueKind.False: values[p.Name] = "false"; break;
                    case JsonValueKind.Null: values[p.Name] = ""; break;
                    default: return Invalid(p.Name, "must be a string, a number, true, false or null");
                }
            }
        }
        catch (JsonException)
        {
            return Invalid("body", "is not JSON");
        }
        return new Input(false, values);
    }

    private static Fin<Input> Invalid(string field, string reason) =>
        new BakongError.InvalidInput(Seq.create(new FieldError(field, reason)));
}
