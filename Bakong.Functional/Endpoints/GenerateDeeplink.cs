using System.Text.Json;
using Bakong.Functional.Endpoints;
using Bakong.Functional.Json;
using LanguageExt;

namespace Bakong.Functional;

/// <summary><c>POST /v1/generate_deeplink_by_qr</c>: a short link that opens the Bakong wallet on a KHQR.</summary>
/// <remarks>
/// The document's sample puts <c>responseCode</c>, <c>errorCode</c> and <c>responseMessage</c> inside <c>data</c>,
/// next to <c>shortLink</c>; that form is accepted as well as the normal envelope.
/// </remarks>
public static class GenerateDeeplink
{
    /// <summary>The endpoint's path.</summary>
    public const string Path = "/v1/generate_deeplink_by_qr";

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
    /// <param name="sourceInfo">Your app; all three fields are required, and the URLs absolute.</param>
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
            v.AbsoluteUri("sourceInfo.appIconUrl", s.AppIconUrl, httpsOnly: true);
            v.Text("sourceInfo.appName", s.AppName, 1, 100);
            v.AbsoluteUri("sourceInfo.appDeepLinkCallback", s.AppDeepLinkCallback, httpsOnly: false);
        });
        return v.IsValid
            ? new Endpoint<Uri>(
                BakongRequest.Once(Path, Body(qr!, sourceInfo), requiresToken: false),
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
        // The nested form: the data object carries the envelope's fields.
        var nested = top.HasData ? top.Data : default;
        var merged = top;
        merged.ResponseCode = top.ResponseCode.IsSome ? top.ResponseCode : nested.ResponseCode;
        merged.ErrorCode = top.ErrorCode.IsSome ? top.ErrorCode : nested.ErrorCode;
        merged.Message = top.Message.IsSome ? top.Message : nested.Message;
        return ResponseDecoding.Interpret(merged, response, Option<LinkData>.None).Bind(data =>
            data.ShortLink.Bind(ParseLink).Match(
                Some: Fin<Uri>.Succ,
                None: () => ResponseDecoding.Malformed(new DecodeError(".data.shortLink", "an absolute http(s) URL"), response)));
    }

    private static Option<Uri> ParseLink(string s) =>
        Uri.TryCreate(s, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri : Option<Uri>.None;

    private struct LinkData
    {
        public Option<string> ShortLink;
        public Option<int> ResponseCode;
        public Option<int> ErrorCode;
        public Option<string> Message;
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
        string path;
        bool ok;
        if (r.ValueTextEquals("shortLink"u8)) { path = ".shortLink"; r.Read(); ok = JsonRead.TryOptionalString(ref r, out d.ShortLink, out error); }
        else if (r.ValueTextEquals("responseCode"u8)) { path = ".responseCode"; r.Read(); ok = JsonRead.TryOptionalInt(ref r, out d.ResponseCode, out error); }
        else if (r.ValueTextEquals("errorCode"u8)) { path = ".errorCode"; r.Read(); ok = JsonRead.TryOptionalInt(ref r, out d.ErrorCode, out error); }
        else if (r.ValueTextEquals("responseMessage"u8)) { path = ".responseMessage"; r.Read(); ok = JsonRead.TryOptionalString(ref r, out d.Message, out error); }
        else { known = false; return true; }
        if (!ok) error = error!.At(path);
        return ok;
    }
}
