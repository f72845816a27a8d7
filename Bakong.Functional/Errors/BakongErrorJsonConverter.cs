using System.Text.Json;
using System.Text.Json.Serialization;
using Bakong.Functional.Model;
using LanguageExt;

namespace Bakong.Functional;

/// <summary>
/// Writes a <see cref="BakongError"/> as web JSON, its case named: <c>{"error": "rateLimited", "message": "HTTP 429: …",
/// "status": 429, "retryAfter": "00:00:30"}</c>. Each case writes its own fields (<c>errorCode</c>, <c>responseMessage</c>,
/// <c>redirectTo</c>, <c>reason</c>, <c>after</c>, <c>limitBytes</c>, <c>problem</c>, <c>errors</c>) and the HTTP
/// <c>status</c> when a response came. The response body is never written: it is the server's raw text, not for your
/// clients (the access token never appears in any field). Reads the same shape back strictly, with an empty body;
/// anything else is a <see cref="JsonException"/>.
/// </summary>
public sealed class BakongErrorJsonConverter : JsonConverter<BakongError>
{
    private static readonly string[] Cases =
    [
        "apiFailure", "unknownApiFailure", "unauthorized", "forbidden", "blocked", "endpointNotFound", "rateLimited",
        "clientError", "serverError", "unexpectedStatus", "transport", "timeout", "cancelled", "responseTooLarge", "decode",
        "invalidInput",
    ];

    // By pattern, not the runtime type's name: no reflection, and a renamed record keeps its JSON name.
    private static string CaseName(BakongError error) => error switch
    {
        BakongError.ApiFailure => "apiFailure",
        BakongError.UnknownApiFailure => "unknownApiFailure",
        BakongError.Unauthorized => "unauthorized",
        BakongError.Forbidden => "forbidden",
        BakongError.Blocked => "blocked",
        BakongError.EndpointNotFound => "endpointNotFound",
        BakongError.RateLimited => "rateLimited",
        BakongError.ClientError => "clientError",
        BakongError.ServerError => "serverError",
        BakongError.UnexpectedStatus => "unexpectedStatus",
        BakongError.Transport => "transport",
        BakongError.Timeout => "timeout",
        BakongError.Cancelled => "cancelled",
        BakongError.ResponseTooLarge => "responseTooLarge",
        BakongError.Decode => "decode",
        _ => "invalidInput",
    };

    /// <inheritdoc />
    public override bool CanConvert(Type typeToConvert) => typeof(BakongError).IsAssignableFrom(typeToConvert);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, BakongError value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        var names = new WebJson.Names(options);
        writer.WriteStartObject();
        writer.WriteString(names["Error"], CaseName(value));
        writer.WriteString(names["Message"], value.Summary);
        if (value.Received.Case is ResponseInfo received)
            writer.WriteNumber(names["Status"], received.Status);
        switch (value)
        {
            case BakongError.ApiFailure e:
                writer.WriteNumber(names["ErrorCode"], (int)e.ErrorCode);
                writer.WriteString(names["ResponseMessage"], e.ResponseMessage);
                break;
            case BakongError.UnknownApiFailure e:
                WebJson.Write(writer, names, "ErrorCode", e.ErrorCode);
                writer.WriteString(names["ResponseMessage"], e.ResponseMessage);
                break;
            case BakongError.Forbidden e:
                WebJson.Write(writer, names, "ErrorCode", e.ErrorCode);
                writer.WriteString(names["ResponseMessage"], e.ResponseMessage);
                break;
            case BakongError.RateLimited or BakongError.ServerError:
                WebJson.Write(writer, names, "RetryAfter", value.RequestedWait);
                break;
            case BakongError.UnexpectedStatus e:
                WebJson.Write(writer, names, "RedirectTo", e.RedirectTo.Map(u => u.OriginalString));
                break;
            case BakongError.Transport e:
                writer.WriteString(names["Reason"], e.Reason);
                break;
            case BakongError.Timeout e:
                writer.WriteString(names["After"], WebJson.Duration(e.After));
                break;
            case BakongError.ResponseTooLarge e:
                writer.WriteNumber(names["LimitBytes"], e.LimitBytes);
                break;
            case BakongError.Decode e:
                writer.WriteStartObject(names["Problem"]);
                writer.WriteString(names["Path"], e.Problem.Path);
                writer.WriteString(names["Expected"], e.Problem.Expected);
                writer.WriteEndObject();
                break;
            case BakongError.InvalidInput e:
                writer.WriteStartArray(names["Errors"]);
                foreach (var field in e.Errors)
                {
                    writer.WriteStartObject();
                    writer.WriteString(names["Field"], field.Field);
                    writer.WriteString(names["Reason"], field.Reason);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
                break;
        }
        writer.WriteEndObject();
    }

    /// <inheritdoc />
    public override BakongError Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Read(WebJson.Fields.Read(ref reader, "a Bakong error", options));

    internal static BakongError Read(WebJson.Fields fields)
    {
        ResponseInfo Response() => new(fields.RequiredInt("Status"), "");
        string Message() => fields.RequiredText("ResponseMessage");
        return fields.Case("Error", Cases, c => c) switch
        {
            "apiFailure" => new BakongError.ApiFailure(KnownCode(fields), Message(), Response()),
            "unknownApiFailure" => new BakongError.UnknownApiFailure(fields.Int("ErrorCode"), Message(), Response()),
            "unauthorized" => new BakongError.Unauthorized(Response()),
            "forbidden" => new BakongError.Forbidden(fields.Int("ErrorCode"), Message(), Response()),
            "blocked" => new BakongError.Blocked(Response()),
            "endpointNotFound" => new BakongError.EndpointNotFound(Response()),
            "rateLimited" => new BakongError.RateLimited(fields.Duration("RetryAfter"), Response()),
            "clientError" => new BakongError.ClientError(Response()),
            "serverError" => new BakongError.ServerError(fields.Duration("RetryAfter"), Response()),
            "unexpectedStatus" => new BakongError.UnexpectedStatus(Response())
            {
                RedirectTo = fields.Text("RedirectTo").Map(t =>
                    Uri.TryCreate(t, UriKind.Absolute, out var uri) ? uri : throw fields.Bad("RedirectTo", "an absolute URI")),
            },
            "transport" => new BakongError.Transport(fields.RequiredText("Reason")),
            "timeout" => new BakongError.Timeout(fields.RequiredDuration("After")),
            "cancelled" => new BakongError.Cancelled(),
            "responseTooLarge" => new BakongError.ResponseTooLarge(fields.RequiredInteger("LimitBytes"), Response()),
            "decode" => new BakongError.Decode(Problem(fields), Response()),
            _ => new BakongError.InvalidInput(fields.Array("Errors", f => new FieldError(f.RequiredText("Field"), f.RequiredText("Reason")))),
        };
    }

    private static ApiErrorCode KnownCode(WebJson.Fields fields) =>
        fields.Int("ErrorCode").Case is int code && Enum.IsDefined((ApiErrorCode)code)
            ? (ApiErrorCode)code
            : throw fields.Bad("ErrorCode", "a known Bakong error code");

    private static DecodeError Problem(WebJson.Fields fields)
    {
        var problem = fields.Element("Problem").Case is JsonElement e
            ? WebJson.Fields.Of(e, "a decode error's problem", fields.Options)
            : throw new JsonException($"{fields.What} needs \"problem\"");
        return new DecodeError(problem.RequiredText("Path"), problem.RequiredText("Expected"));
    }
}
