using Bakong.Functional.Endpoints;
using LanguageExt;

namespace Bakong.Functional;

/// <summary><c>POST /v1/check_transaction_by_hash_list</c>: up to 50 full hashes in one call (not in the upstream document; served live).</summary>
public static class CheckTransactionsByHashList
{
    /// <summary>The endpoint's path.</summary>
    public const string Path = "/v1/check_transaction_by_hash_list";

    /// <summary>The most hashes one request may carry.</summary>
    public const int MaxItems = Validator.MaxBatch;

    /// <summary>One typed row per hash, in the order given, matched by the hash each row echoes.</summary>
    /// <param name="hashes">1 to 50 distinct hashes, each 64 hexadecimal characters.</param>
    public static Fin<Endpoint<Seq<BatchRow>>> Create(IEnumerable<string?>? hashes) =>
        BatchLookup.Create(Path, "hashes", hashes, 64);
}
