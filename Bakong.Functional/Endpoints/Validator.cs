using System.Text;
using System.Text.Json;
using LanguageExt;

namespace Bakong.Functional.Endpoints;

/// <summary>
/// The one way input is checked: endpoints, options, KHQR rules, and the watcher's and batch's input. Each rule adds the
/// bad field it finds, in the order checked, so the caller hears about all of them at once as one
/// <see cref="BakongError.InvalidInput"/>.
/// </summary>
internal sealed class Validator
{
    // Created on the first failure: a valid request allocates nothing here.
    private List<FieldError>? errors;

    internal bool IsValid => errors is null;

    /// <summary>Every bad field so far, as one error.</summary>
    internal BakongError Failure => new BakongError.InvalidInput(Errors);

    /// <summary>Every bad field so far, in the order found.</summary>
    internal Seq<FieldError> Errors => errors is null ? Seq<FieldError>.Empty : errors.ToSeq();

    /// <summary>The error, if any field was bad.</summary>
    internal Option<BakongError> Problem => errors is null ? Option<BakongError>.None : Failure;

    /// <summary><paramref name="value"/> if every field was good, else every bad field as one error.</summary>
    internal Fin<A> Result<A>(A value) => errors is null ? value : Failure;

    internal Validator Fail(string field, string reason)
    {
        (errors ??= []).Add(new FieldError(field, reason));
        return this;
    }

    /// <summary>A rule written as a condition: <paramref name="field"/> fails with <paramref name="reason"/> unless <paramref name="ok"/>.</summary>
    internal bool Ensure(bool ok, string field, string reason)
    {
        if (!ok)
            Fail(field, reason);
        return ok;
    }

    /// <summary>A value that must be given.</summary>
    internal bool Required(string field, object? value) => Ensure(value is not null, field, "is required");

    /// <summary>Bad fields found before, kept in their order.</summary>
    internal bool AddAll(Seq<FieldError> found)
    {
        // Nothing to enumerate in the usual case: a Seq's enumerator is an allocation.
        if (found.IsEmpty)
            return true;
        // One by one, not Seq.Concat: Native AOT's IL scanner fails on the generic cycle Concat brings in.
        foreach (var e in found)
            (errors ??= []).Add(e);
        return false;
    }

    /// <summary>
    /// A part checked on its own (a nested options record, say): each of its bad fields is named under
    /// <paramref name="prefix"/> (<c>options.MaxConcurrency</c>), and any other failure names the prefix itself.
    /// </summary>
    /// <remarks>A null <paramref name="prefix"/> keeps the part's names as they are.</remarks>
    internal bool Part<A>(string? prefix, Fin<A> checkedPart)
    {
        if (!checkedPart.TryFail(out var error))
            return true;
        if (error is BakongError.InvalidInput invalid)
            foreach (var f in invalid.Errors)
                Fail(prefix is null ? f.Field : $"{prefix}.{f.Field}", f.Reason);
        else
            Fail(prefix ?? "input", error.Message);
        return false;
    }

    /// <summary>The md5 of a whole KHQR string: 32 hexadecimal characters, in either case.</summary>
    internal bool Md5(string field, string? value) => Hex(field, value, Md5Length);

    /// <summary>The length of an md5 in hexadecimal.</summary>
    internal const int Md5Length = 32;

    /// <summary>
    /// A non-blank string of at most <paramref name="max"/> characters with no control characters, that UTF-8 can carry:
    /// a lone surrogate would otherwise be sent as U+FFFD, a text the caller never wrote.
    /// </summary>
    internal bool Text(string field, string? value, int min, int max)
    {
        if (value is null) { Fail(field, "is required"); return false; }
        if (string.IsNullOrWhiteSpace(value)) { Fail(field, "must not be empty or blank"); return false; }
        if (value.Length < min || value.Length > max)
        {
            Fail(field, min == max ? $"must be exactly {min} characters" : $"must be {min} to {max} characters");
            return false;
        }
        if (value.Any(char.IsControl)) { Fail(field, "must not contain control characters"); return false; }
        if (!IsWellFormed(value)) { Fail(field, "must be valid Unicode text: it holds a lone surrogate, which UTF-8 cannot carry"); return false; }
        return true;
    }

    /// <summary>Whether every surrogate in <paramref name="value"/> is half of a pair.</summary>
    private static bool IsWellFormed(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (!char.IsSurrogate(value[i]))
                continue;
            if (!char.IsHighSurrogate(value[i]) || i + 1 == value.Length || !char.IsLowSurrogate(value[i + 1]))
                return false;
            i++;
        }
        return true;
    }

    /// <summary>Exactly <paramref name="length"/> hexadecimal characters.</summary>
    internal bool Hex(string field, string? value, int length) => Check(field, HexProblem(value, length));

    /// <summary>Item <paramref name="index"/> of a list of keys, named <c>field[index]</c> only when it is bad.</summary>
    internal bool Hex(string field, int index, string? value, int length) => Item(field, index, HexProblem(value, length));

    private bool Item(string field, int index, string? problem)
    {
        if (problem is not null)
            Fail($"{field}[{index}]", problem);
        return problem is null;
    }

    /// <summary>Why <paramref name="value"/> is not <paramref name="length"/> hexadecimal characters, or null if it is.</summary>
    private static string? HexProblem(string? value, int length)
    {
        if (value is null)
            return "is required";
        if (value.Length != length)
            return $"must be {length} hexadecimal characters";
        foreach (var c in value)
            if (!char.IsAsciiHexDigit(c))
                return $"must be {length} hexadecimal characters";
        return null;
    }

    private bool Check(string field, string? problem)
    {
        if (problem is not null)
            Fail(field, problem);
        return problem is null;
    }

    internal bool Email(string field, string? value)
    {
        if (!Text(field, value, 3, 30)) return false;
        var at = value!.IndexOf('@');
        if (at <= 0 || at != value.LastIndexOf('@') || at == value.Length - 1 || value.Any(char.IsWhiteSpace))
        {
            Fail(field, "must be an e-mail address such as you@example.com");
            return false;
        }
        return true;
    }

    /// <summary>A Bakong account ID: <c>name@bank</c>.</summary>
    internal bool AccountId(string field, string? value)
    {
        if (!Text(field, value, 3, 255)) return false;
        var at = value!.IndexOf('@');
        var ok = at > 0 && at == value.LastIndexOf('@') && at < value.Length - 1
                 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or '@');
        if (!ok) Fail(field, "must look like name@bank");
        return ok;
    }

    /// <summary>An amount a transaction in <paramref name="currency"/> can have: the rules KHQR amounts keep (<see cref="MoneyRules"/>).</summary>
    internal bool Money(string field, decimal amount, Currency currency) => AddAll(MoneyRules.Check(field, amount, currency));

    internal bool DefinedCurrency(string field, Currency currency)
    {
        if (currency is Currency.USD or Currency.KHR) return true;
        Fail(field, "must be USD or KHR");
        return false;
    }

    /// <summary>An absolute https URL with a host, as the wallet fetches it (an app icon).</summary>
    internal bool HttpsUrl(string field, string? value)
    {
        if (!Url(field, value, out var uri)) return false;
        if (uri.Scheme != Uri.UriSchemeHttps || uri.Host.Length == 0)
        {
            Fail(field, "must be an https URL");
            return false;
        }
        return true;
    }

    /// <summary>
    /// Where the wallet returns after payment: an absolute https URL, or a custom app scheme such as <c>myapp://paid</c>.
    /// Schemes a browser or the system handles itself (<c>http</c>, <c>javascript</c>, <c>data</c>, <c>file</c> and the like)
    /// are never an app's callback, and are refused.
    /// </summary>
    internal bool AppCallback(string field, string? value)
    {
        if (!Url(field, value, out var uri)) return false;
        if (uri.Scheme == Uri.UriSchemeHttps ? uri.Host.Length > 0 : !NotAppSchemes.Contains(uri.Scheme))
            return true;
        Fail(field, "must be an absolute https URL or your app's own scheme (such as myapp://paid); http, javascript, data, file and other browser schemes are refused");
        return false;
    }

    // Lower case, as Uri reports schemes.
    private static readonly System.Collections.Generic.HashSet<string> NotAppSchemes = new(StringComparer.Ordinal)
    {
        "http", "javascript", "vbscript", "data", "file", "blob", "about", "filesystem", "view-source", "ftp", "ws", "wss",
    };

    /// <summary>
    /// An absolute URI written exactly as it parses: no whitespace anywhere (Uri would trim <c>" javascript:…"</c> into a
    /// script), no backslashes (which Uri turns into slashes), no local file paths.
    /// </summary>
    private bool Url(string field, string? value, out Uri uri)
    {
        uri = null!;
        if (!Text(field, value, 1, 2048)) return false;
        if (value!.Any(c => char.IsWhiteSpace(c) || c == '\\'))
        {
            Fail(field, "must be a URL without spaces or backslashes");
            return false;
        }
        // On Unix "/x" parses as file:///x; a callback or icon is never a local file.
        if (!Uri.TryCreate(value, UriKind.Absolute, out var parsed) || parsed.IsFile || parsed.IsUnc || !HasSchemeSyntax(value))
        {
            Fail(field, "must be an absolute URI");
            return false;
        }
        uri = parsed;
        return true;
    }

    /// <summary>RFC 3986: a scheme is a letter, then letters, digits, <c>+</c>, <c>-</c> or <c>.</c>, then <c>:</c>.</summary>
    private static bool HasSchemeSyntax(string value)
    {
        var colon = value.IndexOf(':');
        if (colon < 1 || !char.IsAsciiLetter(value[0])) return false;
        for (var i = 1; i < colon; i++)
            if (!(char.IsAsciiLetterOrDigit(value[i]) || value[i] is '+' or '-' or '.'))
                return false;
        return true;
    }

    /// <summary>1 to 50 distinct keys, each <paramref name="length"/> hexadecimal characters.</summary>
    internal bool HexBatch(string field, IEnumerable<string?>? keys, int length)
    {
        if (keys is null) { Fail(field, "is required"); return false; }
        var list = keys as IReadOnlyList<string?> ?? keys.ToList();
        if (list.Count is < 1 or > MaxBatch)
        {
            Fail(field, $"must hold 1 to {MaxBatch} items, not {list.Count}");
            return false;
        }
        var ok = true;
        var seen = new System.Collections.Generic.HashSet<string>(list.Count, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < list.Count; i++)
        {
            // Item names are built only for a bad item.
            ok &= Item(field, i, HexProblem(list[i], length) ?? (seen.Add(list[i]!) ? null : "is a duplicate"));
        }
        return ok;
    }

    /// <summary>The most keys one batch request may carry.</summary>
    internal const int MaxBatch = 50;
}

/// <summary>Writes request bodies with <see cref="Utf8JsonWriter"/>: escaping is the writer's job, not string concatenation's.</summary>
internal static class RequestBody
{
    // Relaxed escaping keeps '+' and non-ASCII readable; the body is JSON over HTTP, never embedded in HTML.
    private static readonly JsonWriterOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    internal static string Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options))
            write(writer);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    internal static string Object(params (string Name, string Value)[] fields)
    {
        foreach (var (_, value) in fields)
            if (!IsPlain(value))
                return Written(fields);
        // Hex keys, e-mails and references are plain ASCII: written as they are, without a writer.
        var body = new System.Text.StringBuilder("{");
        foreach (var (name, value) in fields)
            body.Append(body.Length > 1 ? ",\"" : "\"").Append(name).Append("\":\"").Append(value).Append('"');
        return body.Append('}').ToString();
    }

    private static bool IsPlain(string value)
    {
        foreach (var c in value)
            if (c is < ' ' or > '~' or '"' or '\\')
                return false;
        return true;
    }

    private static string Written((string Name, string Value)[] fields) => Write(w =>
    {
        w.WriteStartObject();
        foreach (var (name, value) in fields)
            w.WriteString(name, value);
        w.WriteEndObject();
    });
}
