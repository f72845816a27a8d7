using System.Text.Json;
using Bakong.Functional.Json;
using Bakong.Functional.Model;
using Bakong.Functional.Requests;
using LanguageExt;
using LanguageExt.Common;

namespace Bakong.Functional.Endpoints;

/// <summary>
/// The <c>{token}</c> data that verify and renew_token answer with. A token a bearer header cannot carry (RFC 6750
/// <c>b64token</c>: spaces, quotes, line breaks, non-ASCII) is <see cref="BakongError.Decode"/> at <c>.data.token</c>
/// here, where it arrives, rather than a failure on every later call. A repeated <c>token</c> key is refused too.
/// </summary>
internal static class TokenData
{
    internal static Endpoint<AccessToken> Endpoint(BakongOperation operation, string body) =>
        new(BakongRequest.For(operation, body), Decode);

    /// <summary>An error never keeps a body that may hold the new token: the runner cannot redact a token it never sent.</summary>
    private static Fin<AccessToken> Decode(BakongResponse response)
    {
        var result = ResponseDecoding.Decode(response, Read);
        return result.TryFail(out var error) && response.Body.Span.IndexOf("\"token\""u8) >= 0
            ? BakongError.From(error).MapResponse(r => r.Withheld())
            : result;
    }

    private struct State
    {
        public Option<string> Token;
        public bool Seen;
    }

    private static readonly JsonReader<AccessToken> Read = (ref Utf8JsonReader r, out AccessToken value, out DecodeError? error) =>
    {
        value = null!;
        var s = new State();
        if (!JsonRead.TryObject(ref r, ref s, ReadField, out error))
            return false;
        if (!s.Token.TrySome(out var text))
        {
            error = new DecodeError(".token", "a non-empty token string");
            return false;
        }
        if (!AccessToken.From(text).TrySucc(out var token, out _))
        {
            // The reason never quotes the token: it is a secret even when malformed.
            error = new DecodeError(".token", "a bearer token (RFC 6750 b64token: letters, digits and -._~+/ then optional = padding)");
            return false;
        }
        value = token;
        return true;
    };

    private static bool ReadField(ref Utf8JsonReader r, ref State s, out bool known, out DecodeError? error)
    {
        error = null;
        known = r.ValueTextEquals("token"u8);
        if (!known)
            return true;
        if (s.Seen)
        {
            error = JsonRead.Repeated(".token");
            return false;
        }
        s.Seen = true;
        r.Read();
        if (JsonRead.TryOptionalString(ref r, out s.Token, out error))
            return true;
        error = error!.At(".token");
        return false;
    }
}
