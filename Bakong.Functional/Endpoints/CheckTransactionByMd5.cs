using Bakong.Functional.Endpoints;
using LanguageExt;

namespace Bakong.Functional;

/// <summary><c>POST /v1/check_transaction_by_md5</c>: has the KHQR with this MD5 been paid?</summary>
public static class CheckTransactionByMd5
{
    /// <summary>The endpoint's path.</summary>
    public const string Path = "/v1/check_transaction_by_md5";

    /// <summary>What the API description says about this endpoint.</summary>
    public static BakongOperation Operation { get; } = new(Path, RequiresToken: true, IsRepeatable: true);

    /// <summary>The lookup for <paramref name="md5"/>, the lowercase hex MD5 of the whole KHQR string. Not found is a failure (errorCode 1); see <see cref="TransactionLookup.OrNone(Endpoint{Transaction})"/>.</summary>
    /// <remarks>A transaction never echoes the md5, so the answer cannot be checked against it here: check what the QR asked for with <see cref="PaymentOutcome.Of"/>.</remarks>
    /// <param name="md5">32 hexadecimal characters; upper case is lowered.</param>
    public static Fin<Endpoint<Transaction>> Create(string? md5)
    {
        var v = new Validator();
        v.Md5("md5", md5);
        return v.IsValid
            ? TransactionLookup.Endpoint(Operation, RequestBody.Object(("md5", md5!.ToLowerInvariant())), disagreement: null)
            : v.Failure;
    }
}
