using Bakong.Functional.Endpoints;
using LanguageExt;

namespace Bakong.Functional;

/// <summary><c>POST /v1/check_transaction_by_md5_list</c>: up to 50 KHQR MD5s in one call (not in the upstream document; served live).</summary>
public static class CheckTransactionsByMd5List
{
    /// <summary>The endpoint's path.</summary>
    public const string Path = "/v1/check_transaction_by_md5_list";

    /// <summary>What the API description says about this endpoint.</summary>
    public static BakongOperation Operation { get; } = new(Path, RequiresToken: true, IsRepeatable: true);

    /// <summary>The most MD5s one request may carry.</summary>
    public const int MaxItems = Validator.MaxBatch;

    /// <summary>One typed row per MD5, in the order given, matched by the MD5 each row echoes.</summary>
    /// <param name="md5s">1 to 50 distinct MD5s, each 32 hexadecimal characters.</param>
    public static Fin<Endpoint<Seq<BatchRow>>> Create(IEnumerable<string?>? md5s) =>
        BatchLookup.Create(Operation, "md5s", md5s, Validator.Md5Length);

    /// <summary>The same request with each row of the answer kept apart, for checks that settle each payment on its own rows.</summary>
    internal static Fin<Endpoint<Seq<ListRow>>> CreateEach(IEnumerable<string?>? md5s) =>
        BatchLookup.CreateEach(Operation, "md5s", md5s, Validator.Md5Length);
}
