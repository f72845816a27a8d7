using Bakong.Functional.Endpoints;
using Bakong.Functional.Requests;
using LanguageExt;

namespace Bakong.Functional;

/// <summary><c>POST /v1/check_transaction_by_hash_list</c>: up to 50 full hashes in one call (not in the upstream document; served live).</summary>
public static class CheckTransactionsByHashList
{
    /// <summary>The endpoint's path.</summary>
    public const string Path = "/v1/check_transaction_by_hash_list";

    /// <summary>What the API description says about this endpoint.</summary>
    public static BakongOperation Operation { get; } = new(Path, RequiresToken: true, IsRepeatable: true);

    /// <summary>The most hashes one request may carry.</summary>
    public const int MaxItems = Validator.MaxBatch;

    /// <summary>One typed row per hash, in the order given, matched by the hash each row echoes.</summary>
    /// <param name="hashes">1 to 50 distinct hashes, each 64 hexadecimal characters.</param>
    public static Fin<Endpoint<Seq<BatchRow>>> Create(IEnumerable<string?>? hashes) =>
        BatchLookup.Create(Operation, "hashes", hashes, 64);
}
