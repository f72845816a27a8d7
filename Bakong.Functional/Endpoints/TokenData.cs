using System.Text.Json;
using Bakong.Functional.Json;
using LanguageExt;
using LanguageExt.Common;

namespace Bakong.Functional.Endpoints;

/// <summary>The <c>{token}</c> data that verify and renew_token answer with.</summary>
internal static class TokenData
{
    internal static Endpoint<AccessToken> Endpoint(string path, string body) =>
        new(BakongRequest.Once(path, body, requiresToken: false), Decode);

    /// <summary>An error never keeps a body that may hold the new token: the runner cannot redact a token it never sent.</summary>
    private static Fin<AccessToken> Decode(BakongResponse response)
    {
        var result = ResponseDecoding.Decode(response, Read);
        return result.IsFail && response.Body.Span.IndexOf("\"token\""u8) >= 0
            ? BakongError.From((Error)result).MapResponse(r => r.Withheld())
            : result;
    }

    private struct State
    {
        public Option<string> Token;
    }

    private static readonly JsonReader<AccessToken> Read = (ref Utf8JsonReader r, out AccessToken value, out DecodeError? error) =>
    {
        value = null!;
        var s = new State();
        if (!JsonRead.TryObject(ref r, ref s, ReadField, out error))
            return false;
        var token = s.Token.Bind(t => AccessToken.From(t).ToOption());
        if (token.IsNone)
        {
            error = new DecodeError(".token", "a non-empty token string");
            return false;
        }
        value = (AccessToken)token;
        return true;
    };

    private static bool ReadField(ref Utf8JsonReader r, ref State s, out bool known, out DecodeError? error)
    {
        error = null;
        known = r.ValueTextEquals("token"u8);
        if (!known)
            return true;
        r.Read();
        if (JsonRead.TryOptionalString(ref r, out s.Token, out error))
            return true;
        error = error!.At(".token");
        return false;
    }
}
