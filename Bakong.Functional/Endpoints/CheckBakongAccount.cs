using Bakong.Functional.Json;
using Bakong.Functional.Requests;
using LanguageExt;

namespace Bakong.Functional;

/// <summary><c>POST /v1/check_bakong_account</c>: does this Bakong account exist?</summary>
public static class CheckBakongAccount
{
    /// <summary>The endpoint's path.</summary>
    public const string Path = "/v1/check_bakong_account";

    /// <summary>What the API description says about this endpoint.</summary>
    public static BakongOperation Operation { get; } = new(Path, RequiresToken: true, IsRepeatable: true);

    /// <summary><c>true</c> if the account exists, <c>false</c> for errorCode 11; a malformed ID (errorCode 12) is a failure.</summary>
    /// <param name="accountId">An account ID such as <c>name@bank</c>.</param>
    public static Fin<Endpoint<bool>> Create(string? accountId)
    {
        var v = new Validator();
        v.AccountId("accountId", accountId);
        return v.IsValid
            ? new Endpoint<bool>(
                BakongRequest.For(Operation, RequestBody.Object(("accountId", accountId!))),
                Decode)
            : v.Failure;
    }

    private static Fin<bool> Decode(BakongResponse response) =>
        ResponseDecoding.DecodeUnit(response).Match(
            Succ: _ => Fin<bool>.Succ(true),
            Fail: e => e is BakongError.ApiFailure { ErrorCode: ApiErrorCode.AccountNotFound }
                ? Fin<bool>.Succ(false)
                : Fin<bool>.Fail(e));
}
