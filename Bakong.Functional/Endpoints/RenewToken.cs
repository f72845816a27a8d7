using Bakong.Functional.Endpoints;
using Bakong.Functional.Requests;
using LanguageExt;

namespace Bakong.Functional;

/// <summary><c>POST /v1/renew_token</c>: a fresh access token for a registered e-mail.</summary>
public static class RenewToken
{
    /// <summary>The endpoint's path.</summary>
    public const string Path = "/v1/renew_token";

    /// <summary>What the API description says about this endpoint.</summary>
    public static BakongOperation Operation { get; } = new(Path, RequiresToken: false, IsRepeatable: false);

    /// <summary>The renewal request. An unregistered e-mail answers errorCode 10.</summary>
    /// <param name="email">The registered e-mail, at most 30 characters.</param>
    public static Fin<Endpoint<AccessToken>> Create(string? email)
    {
        var v = new Validator();
        v.Email("email", email);
        return v.IsValid
            ? TokenData.Endpoint(Operation, RequestBody.Object(("email", email!)))
            : v.Failure;
    }
}
