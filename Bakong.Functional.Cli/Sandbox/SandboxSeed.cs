using System.Globalization;
using System.Text.Json;
using Bakong.Functional.Testing;
using LanguageExt;

namespace Bakong.Functional.Cli.Sandbox;

/// <summary>
/// What <c>bakong sandbox --seed FILE</c> loads before serving: accounts, registered e-mails, QRs shown and waiting for
/// payment, and payments already made. Read strictly: an unknown field or a wrong type is an error naming its JSON path,
/// never skipped.
/// </summary>
/// <example>
/// <code>
/// {
///   "accounts": ["shop@devb"],
///   "emails": [{ "email": "dev@example.com", "organization": "Shop", "project": "Checkout" }],
///   "qrs": ["00020101021229180014shop@devb…"],
///   "payments": [{ "qr": "00020101021229…", "amount": 1.5, "currency": "USD", "outcome": "paid", "visibleAfterPolls": 2 }]
/// }
/// </code>
/// </example>
internal sealed record SandboxSeed(Seq<string> Accounts, Seq<(string Email, string Organization, string Project)> Emails, Seq<string> Qrs, Seq<PaymentSeed> Payments)
{
    /// <summary>Nothing to load.</summary>
    public static SandboxSeed Empty { get; } = new(Seq<string>.Empty, Seq<(string, string, string)>.Empty, Seq<string>.Empty, Seq<PaymentSeed>.Empty);

    /// <summary>Reads the seed file; a missing file or bad JSON is an error on <c>--seed</c>.</summary>
    public static Fin<SandboxSeed> Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return Invalid("--seed", $"cannot read {path}: {ex.Message}");
        }
        return Parse(text);
    }

    /// <summary>Parses a seed document, reporting every problem at once, each with its JSON path.</summary>
    public static Fin<SandboxSeed> Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            return Invalid("--seed", $"is not JSON: {ex.Message}");
        }
        using (document)
        {
            var errors = new List<FieldError>();
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return Invalid("$", "must be an object with accounts, emails, qrs and payments");
            var accounts = new List<string>();
            var emails = new List<(string, string, string)>();
            var qrs = new List<string>();
            var payments = new List<PaymentSeed>();
            foreach (var property in root.EnumerateObject())
            {
                var path = "$." + property.Name;
                switch (property.Name)
                {
                    case "accounts":
                        foreach (var (item, at) in Items(property.Value, path, errors))
                            if (Text(item, at, errors) is { } account)
                                accounts.Add(account);
                        break;
                    case "emails":
                        foreach (var (item, at) in Items(property.Value, path, errors))
                            if (Email(item, at, errors) is { } email)
                                emails.Add(email);
                        break;
                    case "qrs":
                        foreach (var (item, at) in Items(property.Value, path, errors))
                            if (Text(item, at, errors) is { } qr)
                                qrs.Add(qr);
                        break;
                    case "payments":
                        foreach (var (item, at) in Items(property.Value, path, errors))
                            if (Payment(item, at, errors) is { } payment)
                                payments.Add(payment);
                        break;
                    default:
                        errors.Add(new FieldError(path, "is not a seed field: use accounts, emails, qrs or payments"));
                        break;
                }
            }
            if (errors.Count > 0)
                return new BakongError.InvalidInput(errors.ToSeq());
            return new SandboxSeed(accounts.ToSeq(), emails.ToSeq(), qrs.ToSeq(), payments.ToSeq());
        }
    }

    /// <summary>Loads everything into <paramref name="emulator"/>; a QR that does not decode is an error naming its place in the file.</summary>
    public Fin<Unit> ApplyTo(BakongEmulator emulator)
    {
        var errors = new List<FieldError>();
        Accounts.Iter(emulator.AddAccount);
        Emails.Iter(e => emulator.RegisterEmail(e.Email, e.Organization, e.Project));
        Qrs.Iter((i, qr) => emulator.ShowQr(qr).IfFail(e =>
            errors.AddRange(BakongError.From(e) is BakongError.InvalidInput bad
                ? bad.Errors.Map(f => new FieldError($"$.qrs[{i}]", $"{f.Field}: {f.Reason}"))
                : [new FieldError($"$.qrs[{i}]", e.Message)])));
        Payments.Iter(p => emulator.AddPayment(p));
        return errors.Count == 0 ? Unit.Default : new BakongError.InvalidInput(errors.ToSeq());
    }

    private static IEnumerable<(JsonElement Item, string Path)> Items(JsonElement array, string path, List<FieldError> errors)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new FieldError(path, "must be an array"));
            yield break;
        }
        var i = 0;
        foreach (var item in array.EnumerateArray())
            yield return (item, $"{path}[{i++}]");
    }

    private static string? Text(JsonElement value, string path, List<FieldError> errors)
    {
        if (value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString()))
            return value.GetString();
        errors.Add(new FieldError(path, "must be a non-empty string"));
        return null;
    }

    private static (string, string, string)? Email(JsonElement value, string path, List<FieldError> errors)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FieldError(path, "must be an object with email, organization and project"));
            return null;
        }
        string? email = null, organization = "Sandbox", project = "Checkout";
        var before = errors.Count;
        foreach (var p in value.EnumerateObject())
        {
            var at = $"{path}.{p.Name}";
            switch (p.Name)
            {
                case "email": email = Text(p.Value, at, errors); break;
                case "organization": organization = Text(p.Value, at, errors); break;
                case "project": project = Text(p.Value, at, errors); break;
                default: errors.Add(new FieldError(at, "is not an e-mail field: use email, organization or project")); break;
            }
        }
        if (email is null && errors.Count == before)
            errors.Add(new FieldError($"{path}.email", "is required"));
        return errors.Count == before ? (email!, organization!, project!) : null;
    }

    private static PaymentSeed? Payment(JsonElement value, string path, List<FieldError> errors)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FieldError(path, "must be an object"));
            return null;
        }
        var seed = new PaymentSeed();
        var before = errors.Count;
        foreach (var p in value.EnumerateObject())
        {
            var at = $"{path}.{p.Name}";
            switch (p.Name)
            {
                case "qr": seed = seed with { Qr = Text(p.Value, at, errors) }; break;
                case "md5":
                    var md5 = Text(p.Value, at, errors);
                    if (md5 is not null && (md5.Length != 32 || !md5.All(char.IsAsciiHexDigit)))
                        errors.Add(new FieldError(at, "must be 32 hexadecimal characters"));
                    seed = seed with { Md5 = md5 };
                    break;
                case "amount":
                    if (Amount(p.Value) is { } amount and >= 0)
                        seed = seed with { Amount = amount };
                    else
                        errors.Add(new FieldError(at, "must be a number, zero or more, such as 1.5"));
                    break;
                case "currency":
                    switch (p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null)
                    {
                        case "USD": seed = seed with { Currency = Currency.USD }; break;
                        case "KHR": seed = seed with { Currency = Currency.KHR }; break;
                        default: errors.Add(new FieldError(at, "must be \"USD\" or \"KHR\"")); break;
                    }
                    break;
                case "outcome":
                    switch (p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null)
                    {
                        case "paid": seed = seed with { Outcome = SeedOutcome.Paid }; break;
                        case "failed": seed = seed with { Outcome = SeedOutcome.Failed }; break;
                        case "static": seed = seed with { Outcome = SeedOutcome.StaticQr }; break;
                        default: errors.Add(new FieldError(at, "must be \"paid\", \"failed\" or \"static\"")); break;
                    }
                    break;
                case "visibleAfterPolls":
                    if (p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt32(out var polls) && polls >= 0)
                        seed = seed with { VisibleAfterPolls = polls };
                    else
                        errors.Add(new FieldError(at, "must be a whole number, zero or more"));
                    break;
                case "fromAccountId": seed = seed with { FromAccountId = Text(p.Value, at, errors) ?? seed.FromAccountId }; break;
                case "toAccountId": seed = seed with { ToAccountId = Text(p.Value, at, errors) ?? seed.ToAccountId }; break;
                case "description": seed = seed with { Description = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : Wrong(at, "must be a string", errors) }; break;
                case "instructionRef": seed = seed with { InstructionRef = Text(p.Value, at, errors) }; break;
                case "externalRef": seed = seed with { ExternalRef = Text(p.Value, at, errors) }; break;
                default:
                    errors.Add(new FieldError(at, "is not a payment field: use qr, md5, amount, currency, outcome, visibleAfterPolls, fromAccountId, toAccountId, description, instructionRef or externalRef"));
                    break;
            }
        }
        if (seed.Qr is null && seed.Md5 is null && errors.Count == before)
            errors.Add(new FieldError(path, "needs a qr or an md5"));
        return errors.Count == before ? seed : null;
    }

    private static string Wrong(string path, string reason, List<FieldError> errors)
    {
        errors.Add(new FieldError(path, reason));
        return "";
    }

    private static decimal? Amount(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var d) ? d
        : value.ValueKind == JsonValueKind.String && decimal.TryParse(value.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var s) ? s
        : null;

    private static Fin<SandboxSeed> Invalid(string field, string reason) =>
        new BakongError.InvalidInput(Seq.create(new FieldError(field, reason)));
}
