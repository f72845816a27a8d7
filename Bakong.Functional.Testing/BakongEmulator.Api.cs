using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Bakong.Functional.Testing;

// The API itself: one request in, one reply out. Both faces call ReceiveAsync; nothing here knows about sockets.
public sealed partial class BakongEmulator
{
    /// <summary>The most keys a batch request may carry; more is answered with errorCode 5 on HTTP 200.</summary>
    public const int MaxBatch = 50;

    private const string BearerPrefix = "Bearer ";

    /// <summary>Logs the request, applies its fault, and computes the answer, as the server sees it (no network delay).</summary>
    /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> fires during a delay or a never-answer fault.</exception>
    private async Task<EmulatorReply> ReceiveAtServerAsync(string method, string path, string? authorization, byte[] body, CancellationToken cancellationToken)
    {
        var bearer = authorization is not null && authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
            ? authorization[BearerPrefix.Length..].Trim()
            : null;
        Fault? fault;
        lock (gate)
        {
            fault = TakeFault(path);
            log.Add(new RequestLogEntry(Time.GetUtcNow(), method, path, RedactedBody(body, bearer), bearer is not null, fault));
        }
        switch (fault)
        {
            case Fault.Latency l when l.Delay > TimeSpan.Zero:
                await Task.Delay(Limit(l.Delay), Time, cancellationToken).ConfigureAwait(false);
                break;
            case Fault.NeverAnswer:
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
                break;
            case Fault.ConnectionReset:
                // Dropped before the API saw it: no state changes.
                return new EmulatorReply(0, null, [], [], fault);
        }
        if (fault is not null && EmulatorReply.ForFault(fault, Time.GetUtcNow()) is { } replaced)
            return replaced;
        EmulatorReply reply;
        lock (gate)
            reply = Respond(method, path, bearer, body);
        reply = AnswerFaults.Shape(fault, reply);
        return fault is Fault.TruncatedBody or Fault.SlowDrip ? reply with { Delivery = fault } : reply;
    }

    /// <summary>Task.Delay refuses delays over about 49 days; a day is "forever" for a test.</summary>
    internal static TimeSpan Limit(TimeSpan delay) => delay > TimeSpan.FromDays(1) ? TimeSpan.FromDays(1) : delay;

    private static string RedactedBody(byte[] body, string? bearer)
    {
        var text = Encoding.UTF8.GetString(body);
        return string.IsNullOrEmpty(bearer) ? text : text.Replace(bearer, RequestLogEntry.Redacted, StringComparison.Ordinal);
    }

    private EmulatorReply Respond(string method, string path, string? bearer, byte[] body)
    {
        if (!handlers.TryGetValue(path, out var handler))
            return EmulatorReply.Json(404, Encoding.UTF8.GetBytes("{\"status\":404,\"error\":\"Not Found\",\"path\":" + JsonSerializerSafe(path) + "}"));
        if (!string.Equals(method, handler.Operation.Method, StringComparison.OrdinalIgnoreCase))
            return EmulatorReply.Json(405, Encoding.UTF8.GetBytes("{\"status\":405,\"error\":\"Method Not Allowed\"}"));
        if (NeedsToken(handler.Operation) && !TokenIsValid(bearer))
            return EmulatorReply.Json(401, Failure(6, "Unauthorized"));
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return EmulatorReply.Json(400, Failure(5, "Missing required fields: the body is not JSON"));
        }
        using (document)
            return EmulatorReply.Json(200, handler.Answer(document.RootElement));
    }

    private static string JsonSerializerSafe(string s) => "\"" + JsonEncodedText.Encode(s).ToString() + "\"";

    /// <summary>One handler per endpoint of <see cref="BakongApi.Operations"/>, keyed by path; any other path is a 404.</summary>
    private sealed record Handler(BakongOperation Operation, Func<JsonElement, byte[]> Answer);

    private Dictionary<string, Handler> Handlers()
    {
        var byOperation = new Dictionary<BakongOperation, Func<JsonElement, byte[]>>
        {
            [Functional.RequestToken.Operation] = RequestToken,
            [VerifyToken.Operation] = Verify,
            [Functional.RenewToken.Operation] = Renew,
            [GenerateDeeplink.Operation] = Deeplink,
            [CheckBakongAccount.Operation] = Account,
            [CheckTransactionByMd5.Operation] = root => Lookup(root, "md5", FindByMd5, poll: true),
            [CheckTransactionByHash.Operation] = root => Lookup(root, "hash", FindByHash, poll: false),
            [CheckTransactionByShortHash.Operation] = ShortHash,
            [CheckTransactionByInstructionRef.Operation] = root => Lookup(root, "instructionRef", FindByInstructionRef, poll: false),
            [CheckTransactionByExternalRef.Operation] = root => Lookup(root, "externalRef", FindByExternalRef, poll: false),
            [CheckTransactionsByMd5List.Operation] = root => Batch(root, "md5"),
            [CheckTransactionsByHashList.Operation] = root => Batch(root, "hash"),
        };
        // An endpoint of the API description without a handler here answers 404; a test posts to every one.
        return BakongApi.Operations
            .Where(byOperation.ContainsKey)
            .ToDictionary(o => o.Path, o => new Handler(o, byOperation[o]), StringComparer.Ordinal);
    }

    /// <summary>The live service answers check_bakong_account without a token; <see cref="EmulatorOptions.AccountCheckRequiresToken"/> chooses.</summary>
    private bool NeedsToken(BakongOperation operation) =>
        operation == CheckBakongAccount.Operation ? Options.AccountCheckRequiresToken : operation.RequiresToken;

    private bool TokenIsValid(string? bearer) =>
        bearer is not null && tokens.TryGetValue(bearer, out var t) && Time.GetUtcNow() < t.ExpiresAt;

    // ---------------------------------------------------------------- endpoints

    private byte[] RequestToken(JsonElement root)
    {
        var (email, organization, project) = (Str(root, "email"), Str(root, "organization"), Str(root, "project"));
        if (IsBlank(email) || IsBlank(organization) || IsBlank(project))
            return Failure(5, "Missing required fields");
        if (registrations.ContainsKey(email!))
            return Failure(8, "Email already registered");
        Register(email!, organization!, project!);
        return Success("Email has been sent", null);
    }

    private byte[] Verify(JsonElement root)
    {
        var code = Str(root, "code");
        if (IsBlank(code))
            return Failure(5, "Missing required fields");
        // The spec names no code for a wrong verification code; 6 (Unauthorized) is this emulator's choice.
        if (!codes.TryGetValue(code!, out var email))
            return Failure(6, "Unauthorized");
        var token = Issue(email, Time.GetUtcNow(), Options.TokenLifetime);
        return Success("Token has been issued", w => w.WriteString("token", token.Reveal()));
    }

    private byte[] Renew(JsonElement root)
    {
        var email = Str(root, "email");
        if (IsBlank(email))
            return Failure(5, "Missing required fields");
        if (!registrations.ContainsKey(email!))
        {
            if (!RegistersOnFirstUse)
                return Failure(10, "Not registered yet");
            Register(email!, "Sandbox", "Registered on first use");
        }
        var token = Issue(email, Time.GetUtcNow(), Options.TokenLifetime);
        return Success("Token has been renewed", w => w.WriteString("token", token.Reveal()));
    }

    private byte[] Deeplink(JsonElement root)
    {
        var qr = Str(root, "qr");
        var ok = !IsBlank(qr);
        if (ok && root.TryGetProperty("sourceInfo", out var source) && source.ValueKind != JsonValueKind.Null)
            ok = source.ValueKind == JsonValueKind.Object
                 && !IsBlank(Str(source, "appIconUrl")) && !IsBlank(Str(source, "appName")) && !IsBlank(Str(source, "appDeepLinkCallback"));
        string? link = null;
        if (ok)
        {
            var n = ++sequence;
            // The sandbox shows a checkout's QR once the checkout asks for its deep link; an invalid one stays unshown.
            if (ShowsDeeplinkedQrs)
                _ = ShowQr(qr);
            link = new Uri(Options.ShortLinkBase ?? new Uri("https://bakong.page.link/"), Khqr.Md5(qr + ":" + n)[..12]).AbsoluteUri;
        }
        if (Options.DeeplinkForm == DeeplinkForm.Standard)
            return ok ? Success("Success", w => w.WriteString("shortLink", link)) : Failure(5, "Missing required fields");
        // The doc's sample form: everything inside data.
        return Write(w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("data");
            if (ok) w.WriteString("shortLink", link); else w.WriteNull("shortLink");
            w.WriteNumber("responseCode", ok ? 0 : 1);
            if (ok) w.WriteNull("errorCode"); else w.WriteNumber("errorCode", 5);
            w.WriteString("responseMessage", ok ? "Success" : "Missing required fields");
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    private byte[] Account(JsonElement root)
    {
        var id = Str(root, "accountId");
        if (IsBlank(id))
            return Failure(5, "Missing required fields");
        if (!IsAccountId(id!))
            return Failure(12, "Account ID invalid");
        return accounts.Contains(id!) ? Success("Account ID exists", null) : Failure(11, "Account ID not found");
    }

    private static bool IsAccountId(string id)
    {
        var at = id.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at == id.LastIndexOf('@') && at < id.Length - 1
               && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or '@');
    }

    private byte[] Lookup(JsonElement root, string field, Func<string?, PaymentState?> find, bool poll)
    {
        var key = Str(root, field);
        if (IsBlank(key))
            return Failure(5, "Missing required fields");
        return Answer(find(key), poll);
    }

    private byte[] ShortHash(JsonElement root)
    {
        var hash = Str(root, "hash");
        var currency = Str(root, "currency");
        if (IsBlank(hash) || IsBlank(currency) || !TryAmount(root, out var amount))
            return Failure(5, "Missing required fields");
        return Answer(FindByShortHash(hash, amount, currency), poll: false);
    }

    private static bool TryAmount(JsonElement root, out decimal amount)
    {
        amount = 0;
        if (!root.TryGetProperty("amount", out var a))
            return false;
        return a.ValueKind == JsonValueKind.Number ? a.TryGetDecimal(out amount)
            : a.ValueKind == JsonValueKind.String && decimal.TryParse(a.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out amount);
    }

    /// <summary>The single-lookup answer for a payment (or none); an md5 poll of an unseen payment counts toward its visibility.</summary>
    private byte[] Answer(PaymentState? p, bool poll)
    {
        switch (Status(p, poll))
        {
            case "SUCCESS":
                return Success("Transaction found", w => WriteTransactionFields(w, p!, writeHash: true));
            case "FAILED":
                return Failure(3, "Transaction failed");
            case "STATIC_QR":
                return Failure(2, "Static QR code not supported");
            default:
                return Failure(1, "Transaction could not be found. Please check and try again.");
        }
    }

    private string Status(PaymentState? p, bool poll)
    {
        if (p is null)
            return "NOT_FOUND";
        RefreshVisibility(p);
        if (p.VisibleSince is null)
        {
            if (poll)
                p.Polls++;
            return "NOT_FOUND";
        }
        if (poll)
            p.Polls++;
        return p.Seed.Outcome switch
        {
            SeedOutcome.Paid => "SUCCESS",
            SeedOutcome.Failed => "FAILED",
            SeedOutcome.StaticQr => "STATIC_QR",
        };
    }

    private byte[] Batch(JsonElement root, string keyField)
    {
        if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() == 0
            || root.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String || IsBlank(e.GetString())))
            return Failure(5, "Missing required fields");
        if (root.GetArrayLength() > MaxBatch)
            return Failure(5, $"Missing required fields: at most {MaxBatch} items per request");
        var keys = root.EnumerateArray().Select(e => e.GetString()!).ToList();
        var rows = keys.Select(key =>
        {
            var p = keyField == "md5"
                ? FindByMd5(key)
                : FindByHash(key);
            return (Key: key, Payment: p, Status: Status(p, poll: keyField == "md5"));
        }).ToList();
        return Success("Success", w =>
        {
            w.WriteStartArray("data");
            foreach (var (key, p, status) in rows)
            {
                w.WriteStartObject();
                w.WriteString(keyField, key);
                w.WriteString("status", status);
                w.WriteString("message", status switch
                {
                    "SUCCESS" => "Transaction found",
                    "FAILED" => "Transaction failed",
                    "STATIC_QR" => "Static QR code not supported",
                    _ => "Transaction could not be found",
                });
                if (status == "SUCCESS")
                {
                    switch (Options.BatchRowForm)
                    {
                        case BatchRowForm.UnderData: WriteTransaction(w, "data", p!); break;
                        case BatchRowForm.UnderTransaction: WriteTransaction(w, "transaction", p!); break;
                        case BatchRowForm.Inline: WriteTransactionFields(w, p!, writeHash: keyField != "hash"); break;
                    }
                }
                else if (Options.BatchRowForm == BatchRowForm.UnderData)
                {
                    w.WriteNull("data");
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }, dataWritten: true);
    }

    // ---------------------------------------------------------------- JSON

    private void WriteTransaction(Utf8JsonWriter w, string name, PaymentState p)
    {
        w.WriteStartObject(name);
        WriteTransactionFields(w, p, writeHash: true);
        w.WriteEndObject();
    }

    private void WriteTransactionFields(Utf8JsonWriter w, PaymentState p, bool writeHash)
    {
        var s = p.Seed;
        var created = (s.CreatedAt ?? p.VisibleSince ?? Time.GetUtcNow()).ToUnixTimeMilliseconds();
        var acknowledged = Math.Max(created, (p.VisibleSince ?? Time.GetUtcNow()).ToUnixTimeMilliseconds());
        if (writeHash) w.WriteString("hash", p.Hash);
        w.WriteString("fromAccountId", s.FromAccountId);
        w.WriteString("toAccountId", s.ToAccountId);
        w.WriteString("currency", CurrencyText(s.Currency));
        if (Options.AmountForm == AmountForm.String)
            w.WriteString("amount", s.Amount.ToString(CultureInfo.InvariantCulture));
        else
            w.WriteNumber("amount", s.Amount);
        w.WriteString("description", s.Description);
        w.WriteNumber("createdDateMs", created);
        w.WriteNumber("acknowledgedDateMs", acknowledged);
        WriteOptional(w, "trackingStatus", s.TrackingStatus);
        WriteOptional(w, "receiverBank", s.ReceiverBank);
        WriteOptional(w, "receiverBankAccount", s.ReceiverBankAccount);
        WriteOptional(w, "instructionRef", s.InstructionRef);
        WriteOptional(w, "externalRef", s.ExternalRef);
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
            w.WriteString(name, value);
    }

    private static string CurrencyText(Currency c) => c == Currency.KHR ? "KHR" : "USD";

    /// <summary>The success envelope; <paramref name="data"/> writes the <c>data</c> property's value, or null for <c>"data":null</c>.</summary>
    private static byte[] Success(string message, Action<Utf8JsonWriter>? data, bool dataWritten = false) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("responseCode", 0);
        w.WriteString("responseMessage", message);
        w.WriteNull("errorCode");
        if (data is null)
        {
            w.WriteNull("data");
        }
        else if (dataWritten)
        {
            data(w);
        }
        else
        {
            w.WriteStartObject("data");
            data(w);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    });

    private static byte[] Failure(int errorCode, string message) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("responseCode", 1);
        w.WriteString("responseMessage", message);
        w.WriteNumber("errorCode", errorCode);
        w.WriteNull("data");
        w.WriteEndObject();
    });

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
            write(w);
        return buffer.ToArray();
    }

    private static string? Str(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static bool IsBlank(string? s) => string.IsNullOrWhiteSpace(s);

    private static bool Same(string? a, string? b) => a is not null && b is not null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
