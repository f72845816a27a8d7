using Bakong.Functional.Json;
using Bakong.Functional.Requests;
using LanguageExt;

namespace Bakong.Functional;

/// <summary><c>POST /v1/request_token</c>: registers your e-mail; Bakong mails a 20-character verification code to it.</summary>
/// <remarks>This sends an e-mail, so it is never retried automatically.</remarks>
public static class RequestToken
{
    /// <summary>The endpoint's path.</summary>
    public const string Path = "/v1/request_token";

    /// <summary>What the API description says about this endpoint.</summary>
    public static BakongOperation Operation { get; } = new(Path, RequiresToken: false, IsRepeatable: false);

    /// <summary>The registration request. Success carries no data: the code arrives by e-mail.</summary>
    /// <param name="email">At most 30 characters.</param>
    /// <param name="organization">1 to 100 characters.</param>
    /// <param name="project">1 to 100 characters.</param>
    public static Fin<Endpoint<Unit>> Create(string? email, string? organization, string? project)
    {
        var v = new Validator();
        v.Email("email", email);
        v.Text("organization", organization, 1, 100);
        v.Text("project", project, 1, 100);
        return v.IsValid
            ? new Endpoint<Unit>(
                BakongRequest.For(Operation, RequestBody.Object(("email", email!), ("organization", organization!), ("project", project!))),
                ResponseDecoding.DecodeUnit)
            : v.Failure;
    }
}
