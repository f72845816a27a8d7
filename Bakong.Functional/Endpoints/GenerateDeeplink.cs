using System.Text.Json;
using Bakong.Functional.Endpoints;
using Bakong.Functional.Json;
using LanguageExt;

namespace Bakong.Functional;

/// <summary><c>POST /v1/generate_deeplink_by_qr</c>: a short link that opens the Bakong wallet on a KHQR.</summary>
/// <remarks>
/// The document's sample puts <c>responseCode</c>, <c>errorCode</c> and <c>responseMessage</c> inside <c>data</c>,
/// next to <c>shortLink</c>; that form is accepted as well as the normal envelope. When both levels carry a code they
/// must agree: an outer success over a nested failure (or the reverse) is <see cref="BakongError.Decode"/> at
/// <c>.data.responseCode</c> or <c>.data.errorCode</c>, never a link. The link itself must be an absolute https URL
/// with a host and no user name (<c>https://bakong.page.link@evil.example/</c> is refused), written without spaces;
/// anything else, <c>http</c>, <c>javascript:</c>, <c>data:</c> and <c>file:</c> included, is
/// <see cref="BakongError.Decode"/> at <c>.data.shortLink</c>.
/// </remarks>
public static class GenerateDeeplink
{
    /// <summary>The endpoint's path.</summary>
    public const string Path = "/v1/generate_deeplink_by_qr";

    /// <summary>What the API description says about this endpoint.</summary>
    public static BakongOperation Operation { get; } = new(Path, RequiresToken: false, IsRepeatable: false);

    /// <summary>The deep link request, without app information.</summary>
    /// <param name="qr">The KHQR string.</param>
    public static Fin<Endpoint<Uri>> Create(string? qr) => Create(qr, Option<SourceInfo>.None);

    /// <summary>The deep link request for a KHQR made by <see cref="Khqr.Encode"/>, without app information.</summary>
    /// <param name="code">The KHQR; its payload is sent.</param>
    /// <example><code>Fin&lt;Endpoint&lt;Uri&gt;&gt; link = Khqr.Encode(request).Bind(GenerateDeeplink.Create);</code></example>
    public static Fin<Endpoint<Uri>> Create(KhqrCode? code) =>
        code is null ? Invalid("code", "is required") : Create(code.Payload, Option<SourceInfo>.None);

    /// <summary>The deep link request for a KHQR made by <see cref="Khqr.Encode"/>, with the app the wallet returns to after payment.</summary>
    /// <param name="code">The KHQR; its payload is sent.</param>
    /// <param name="sourceInfo">Your app; see <see cref="Create(string, SourceInfo)"/>.</param>
    public static Fin<Endpoint<Uri>> Create(KhqrCode? code, SourceInfo? sourceInfo) =>
        code is null ? Invalid("code", "is required") : Create(code.Payload, sourceInfo);

    /// <summary>The deep link request, with the app the wallet returns to after payment.</summary>
    /// <param name="qr">The KHQR string.</param>
    /// <param name="sourceInfo">
    /// Your app; all three fields are required. The icon must be an absolute https URL; the callback an absolute https URL
    /// or your app's own scheme (<c>myapp://paid</c>). <c>http</c>, <c>javascript:</c>, <c>data:</c>, <c>file:</c> and
    /// other browser schemes are never sent.
    /// </param>
    public static Fin<Endpoint<Uri>> Create(string? qr, SourceInfo? sourceInfo) =>
        sourceInfo is null
            ? Invalid("sourceInfo", "must not be null; use the overload without it")
            : Create(qr, Option<SourceInfo>.Some(sourceInfo));

    private static Fin<Endpoint<Uri>> Invalid(string field, string reason) =>
        BakongError.InvalidInput.Of(field, reason);

    private static Fin<Endpoint<Uri>> Create(string? qr, Option<SourceInfo> sourceInfo)
    {
        var v = new Validator();
        v.Text("qr", qr, 1, 4096);
        sourceInfo.IfSome(s =>
        {
            v.HttpsUrl("sourceInfo.appIconUrl", s.AppIconUrl);
            v.Text("sourceInfo.appName", s.AppName, 1, 100);
            v.AppCallback("sourceInfo.appDeepLinkCallback", s.AppDeepLinkCallback);
        });
        return v.IsValid
            ? new Endpoint<Uri>(
                BakongRequest.For(Operation, Body(qr!, sourceInfo)),
                Decode)
            : v.Failure;
    }

    private static string Body(string qr, Option<SourceInfo> sourceInfo) => RequestBody.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("qr", qr);
        sourceInfo.IfSome(s =>
        {
            w.WriteStartObject("sourceInfo");
            w.WriteString("appIconUrl", s.AppIconUrl);
            w.WriteString("appName", s.AppName);
            w.WriteString("appDeepLinkCallback", s.AppDeepLinkCallback);
            w.WriteEndObject();
        });
        w.WriteEndObject();
    });

    private static Fin<Uri> Decode(BakongResponse response)
    {
        if (ResponseDecoding.StatusError(response) is { } statusError)
            return statusError;
        if (!Envelope<LinkData>.TryRead(response.Body.Span, ReadData, out var top, out var error))
            return ResponseDecoding.Malformed(error!, response);
        // The nested form: the data object carries the envelope's fields; where both levels speak, they must agree.
        var nested = top.HasData ? top.Data : default;
        // Without outer codes, a data object that did not read leaves nothing to go on: its own error says why.
        if (top.ResponseCode.IsNone && top.DataError is { } nestedError)
            return ResponseDecoding.Malformed(nestedError, response);
        if ((Disagreement("responseCode", top.ResponseCode, nested.ResponseCode) ?? Disagreement("errorCode", top.ErrorCode, nested.ErrorCode)) is { } disagreement)
            return ResponseDecoding.Malformed(disagreement, response);
        var merged = top;
        merged.ResponseCode = top.ResponseCode.IsSome ? top.ResponseCode : nested.ResponseCode;
        merged.ErrorCode = top.ErrorCode.IsSome ? top.ErrorCode : nested.ErrorCode;
        merged.Message = top.Message.IsSome ? top.Message : nested.Message;
        return ResponseDecoding.Interpret(merged, response, Option<LinkData>.None).Bind(data =>
            data.ShortLink.Bind(ParseLink).Match(
                Some: Fin<Uri>.Succ,
                None: () => ResponseDecoding.Malformed(new DecodeError(".data.shortLink", "an absolute https URL with a host and no user name"), response)));
    }

    /// <summary>Why the envelope's code and the nested one differ, when both are given.</summary>
    private static DecodeError? Disagreement(string field, Option<int> outer, Option<int> nested) =>
        outer.TrySome(out var o) && nested.TrySome(out var n) && o != n
            ? new DecodeError($".data.{field}", $"the envelope's {field}, {o}, but found {n}")
            : null;

    /// <summary>An https link exactly as written: Uri would trim spaces and turn backslashes into slashes.</summary>
    private static Option<Uri> ParseLink(string s) =>
        !s.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == '\\')
        && s.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        && Uri.TryCreate(s, UriKind.Absolute, out var uri)
        && uri.Scheme == Uri.UriSchemeHttps && uri.Host.Length > 0 && uri.UserInfo.Length == 0
            ? uri
            : Option<Uri>.None;

    private struct LinkData
    {
        public Option<string> ShortLink;
        public Option<int> ResponseCode;
        public Option<int> ErrorCode;
        public Option<string> Message;
        // One bit per field read, to refuse a repeated one.
        public int Seen;
    }

    private static readonly JsonReader<LinkData> ReadData = (ref Utf8JsonReader r, out LinkData value, out DecodeError? error) =>
    {
        value = default;
        return JsonRead.TryObject(ref r, ref value, ReadField, out error);
    };

    private static bool ReadField(ref Utf8JsonReader r, ref LinkData d, out bool known, out DecodeError? error)
    {
        known = true;
        error = null;
        var bit = r.ValueTextEquals("shortLink"u8) ? 1 : r.ValueTextEquals("responseCode"u8) ? 2 : r.ValueTextEquals("errorCode"u8) ? 4 : r.ValueTextEquals("responseMessage"u8) ? 8 : 0;
        if (bit == 0) { known = false; return true; }
        var path = bit switch { 1 => ".shortLink", 2 => ".responseCode", 4 => ".errorCode", _ => ".responseMessage" };
        if ((d.Seen & bit) != 0)
        {
            error = JsonRead.Repeated(path);
            return false;
        }
        d.Seen |= bit;
        r.Read();
        var ok = bit switch
        {
            1 => JsonRead.TryOptionalString(ref r, out d.ShortLink, out error),
            2 => JsonRead.TryOptionalInt(ref r, out d.ResponseCode, out error),
            4 => JsonRead.TryOptionalInt(ref r, out d.ErrorCode, out error),
            _ => JsonRead.TryOptionalText(ref r, out d.Message, out _, out error),
        };
        if (!ok) error = error!.At(path);
        return ok;
    }
}
