using Bakong.Functional.Endpoints;
using Bakong.Functional.Requests;
using LanguageExt;

namespace Bakong.Functional;

/// <summary><c>POST /v1/verify</c>: exchanges the e-mailed verification code for an access token.</summary>
public static class VerifyToken
{
    /// <summary>The endpoint's path.</summary>
    public const string Path = "/v1/verify";

    /// <summary>What the API description says about this endpoint.</summary>
    public static BakongOperation Operation { get; } = new(Path, RequiresToken: false, IsRepeatable: false);

    /// <summary>The verification request.</summary>
    /// <param name="code">The 20-character code from the e-mail.</param>
    public static Fin<Endpoint<AccessToken>> Create(string? code)
    {
        var v = new Validator();
        if (v.Text("code", code, 20, 20) && code!.Any(char.IsWhiteSpace))
            v.Fail("code", "must not contain spaces");
        return v.IsValid
            ? TokenData.Endpoint(Operation, RequestBody.Object(("code", code!)))
            : v.Failure;
    }
}
