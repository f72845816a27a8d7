using System.Text.Json;
using Bakong.Functional.Json;
using LanguageExt;
using static LanguageExt.Prelude;

namespace Bakong.Functional.Requests;

/// <summary>The decoding every endpoint shares: HTTP status first, then the envelope, then the endpoint's data.</summary>
internal static class ResponseDecoding
{
    private static readonly JsonReader<Unit> IgnoreData = (ref Utf8JsonReader r, out Unit value, out DecodeError? error) =>
    {
        value = unit;
        error = null;
        r.Skip();
        return true;
    };

    /// <summary>The error for a status other than 2xx, or null for 2xx.</summary>
    internal static BakongError? StatusError(BakongResponse response)
    {
        var status = response.Status;
        if (status is >= 200 and < 300)
            return null;
        var info = response.ToResponseInfo();
        return status switch
        {
            401 => new BakongError.Unauthorized(info),
            403 => Envelope<Unit>.TryRead(response.Body.Span, IgnoreData, out var e, out _)
                   && (e.ResponseCode.IsSome || e.ErrorCode.IsSome || e.Message.IsSome)
                ? new BakongError.Forbidden(e.ErrorCode, e.Message.IfNone(""), info)
                : new BakongError.Blocked(info),
            404 => new BakongError.EndpointNotFound(info),
            429 => new BakongError.RateLimited(response.RetryAfter, info),
            >= 400 and < 500 => new BakongError.ClientError(info),
            >= 500 and < 600 => new BakongError.ServerError(response.RetryAfter, info),
            _ => new BakongError.UnexpectedStatus(info),
        };
    }

    /// <summary>The standard answer: data on <c>responseCode: 0</c>, an API failure on 1.</summary>
    internal static Fin<A> Decode<A>(BakongResponse response, JsonReader<A> readData)
    {
        if (StatusError(response) is { } statusError)
            return statusError;
        if (!Envelope<A>.TryRead(response.Body.Span, readData, out var envelope, out var error))
            return Malformed(error!, response);
        return Interpret(envelope, response, Option<A>.None);
    }

    /// <summary>An answer whose data is ignored: success is the envelope's <c>responseCode: 0</c>.</summary>
    internal static Fin<Unit> DecodeUnit(BakongResponse response)
    {
        if (StatusError(response) is { } statusError)
            return statusError;
        if (!Envelope<Unit>.TryRead(response.Body.Span, IgnoreData, out var envelope, out var error))
            return Malformed(error!, response);
        return Interpret(envelope, response, Some(unit));
    }

    /// <summary>
    /// Reads the envelope's codes; <paramref name="noData"/> is the value when success carries no data. An envelope that
    /// says both success (<c>responseCode: 0</c>) and failure (any <c>errorCode</c>, 0 included, rather than null or
    /// nothing) is a <see cref="DecodeError"/> at <c>.errorCode</c>: ambiguity is never success.
    /// </summary>
    internal static Fin<A> Interpret<A>(in Envelope<A> envelope, BakongResponse response, Option<A> noData)
    {
        var code = envelope.ResponseCode;
        if (code.IsSome && (int)code == 0)
        {
            if (envelope.ErrorCode.IsSome)
                return Malformed(new DecodeError(".errorCode", $"null when responseCode is 0, but found {(int)envelope.ErrorCode}: the answer says both success and failure"), response);
            if (envelope.DataError is { } dataError)
                return Malformed(dataError, response);
            if (envelope.HasData)
                return envelope.Data;
            return noData.Match(
                Some: Fin<A>.Succ,
                None: () => Malformed(new DecodeError(".data", "an object, but found null or nothing"), response));
        }
        if (code.IsSome && (int)code == 1)
            return ApiFailure(envelope.ErrorCode, envelope.Message.IfNone(""), response);
        return Malformed(new DecodeError(".responseCode", code.IsNone ? "0 or 1, but the field is missing or null" : "0 or 1"), response);
    }

    internal static BakongError ApiFailure(Option<int> errorCode, string message, BakongResponse response)
    {
        var info = response.ToResponseInfo();
        if (errorCode.IsSome && (int)errorCode is var c and >= (int)ApiErrorCode.TransactionNotFound and <= (int)ApiErrorCode.AccountInvalid)
            return new BakongError.ApiFailure((ApiErrorCode)c, message, info);
        return new BakongError.UnknownApiFailure(errorCode, message, info);
    }

    internal static BakongError Malformed(DecodeError error, BakongResponse response) =>
        new BakongError.Decode(error, response.ToResponseInfo());
}
