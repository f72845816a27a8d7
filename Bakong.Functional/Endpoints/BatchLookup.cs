using System.Text.Json;
using Bakong.Functional.Json;
using LanguageExt;
using static Bakong.Functional.Json.TransactionJson;

namespace Bakong.Functional.Endpoints;

/// <summary>
/// What the two batch lookups share: a bare JSON array of keys, and rows matched back to keys by their echo.
/// A row belongs to a requested key only if it echoes that key in the endpoint's own key field (<c>md5</c> for md5_list,
/// <c>hash</c> for hash_list) and its transaction agrees with it: on hash_list the transaction's hash is the key; on
/// md5_list a row that also names a <c>hash</c> must carry a transaction with that hash. A row that disagrees, or a
/// second row for the same key, makes the whole answer a <see cref="BakongError.Decode"/>; a row for a key never asked
/// about is ignored and never given to another key.
/// </summary>
internal static class BatchLookup
{
    internal static Fin<Endpoint<Seq<BatchRow>>> Create(BakongOperation operation, string field, IEnumerable<string?>? keys, int hexLength)
    {
        // One copy, read once: a lazy sequence could yield other keys the second time.
        var list = keys?.ToList();
        var v = new Validator();
        v.HexBatch(field, list, hexLength);
        if (!v.IsValid)
            return v.Failure;
        var requested = list!.Select(k => k!.ToLowerInvariant()).ToArray();
        var body = RequestBody.Write(w =>
        {
            w.WriteStartArray();
            foreach (var k in requested)
                w.WriteStringValue(k);
            w.WriteEndArray();
        });
        return new Endpoint<Seq<BatchRow>>(BakongRequest.For(operation, body), new RowMatcher(requested, byHash: hexLength == 64).Decode);
    }

    /// <summary>Decodes rows straight into request order: one row per requested key, <see cref="BatchRow.Missing"/> for a key left out.</summary>
    private sealed class RowMatcher
    {
        private readonly string[] requested;
        private readonly Dictionary<string, int> positions;
        private readonly JsonReader<BatchRow?[]> readRows;
        // hash_list rows echo "hash", md5_list rows "md5"; the other field never names the key.
        private readonly bool byHash;

        internal RowMatcher(string[] requested, bool byHash)
        {
            this.requested = requested;
            this.byHash = byHash;
            // Built once per request value, not per answer; servers may echo keys in another case.
            positions = new Dictionary<string, int>(requested.Length, StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < requested.Length; i++)
                positions[requested[i]] = i;
            readRows = ReadRows;
        }

        internal Fin<Seq<BatchRow>> Decode(BakongResponse response) =>
            ResponseDecoding.Decode(response, readRows).Map(Complete);

        private Seq<BatchRow> Complete(BatchRow?[] rows)
        {
            var result = new BatchRow[rows.Length];
            for (var i = 0; i < rows.Length; i++)
                result[i] = rows[i] ?? new BatchRow.Missing(requested[i]);
            return result.ToSeq();
        }

        private bool ReadRows(ref Utf8JsonReader r, out BatchRow?[] rows, out DecodeError? error)
        {
            rows = new BatchRow?[requested.Length];
            if (r.TokenType != JsonTokenType.StartArray)
            {
                error = new DecodeError("", $"an array, but found {JsonRead.Describe(r.TokenType)}");
                return false;
            }
            for (var index = 0; r.Read() && r.TokenType != JsonTokenType.EndArray; index++)
            {
                if (!TryReadRow(ref r, out var row, out error))
                {
                    error = error!.At($"[{index}]");
                    return false;
                }
                // Rows for keys never asked about are ignored; a second row for a key is ambiguous.
                var echoed = byHash ? row.Hash : row.Md5;
                if (echoed.IsNone || !positions.TryGetValue((string)echoed, out var at))
                    continue;
                if (rows[at] is not null)
                {
                    error = new DecodeError($"[{index}]{(byHash ? ".hash" : ".md5")}", $"one row per requested key, but {requested[at]} has a second row");
                    return false;
                }
                var key = requested[at];
                if (Disagreement(row, key) is { } disagreement)
                {
                    error = disagreement.At($"[{index}]");
                    return false;
                }
                var message = row.Message.IfNone("");
                rows[at] = row.Status switch
                {
                    RowStatus.Success or RowStatus.Absent when row.Transaction.IsSome => new BatchRow.Found(key, (Transaction)row.Transaction),
                    RowStatus.NotFound => new BatchRow.NotFound(key, message),
                    RowStatus.Failed => new BatchRow.Failed(key, message),
                    RowStatus.StaticQr => new BatchRow.StaticQr(key, message),
                    RowStatus.Other => new BatchRow.OtherStatus(key, row.OtherStatus.IfNone(""), message),
                    _ => null,
                };
                if (rows[at] is null)
                {
                    error = new DecodeError($"[{index}]", row.Status == RowStatus.Absent ? "a status or a transaction" : "a transaction for status SUCCESS");
                    return false;
                }
            }
            error = null;
            return true;
        }

        /// <summary>Why the row's transaction is not the one its echoed key names, or null if it agrees (or has none).</summary>
        private DecodeError? Disagreement(in Row row, string key)
        {
            if (row.Transaction.IsNone)
                return null;
            var hash = ((Transaction)row.Transaction).Hash;
            if (byHash)
                return string.Equals(hash, key, StringComparison.OrdinalIgnoreCase)
                    ? null
                    : new DecodeError(row.TransactionPath + ".hash", $"the hash the row echoes, {key}, but the transaction is {hash}");
            // md5_list: the transaction never echoes the md5; only a row-level hash beside a nested transaction can disagree.
            return row.Hash.IsNone || string.Equals(hash, (string)row.Hash, StringComparison.OrdinalIgnoreCase)
                ? null
                : new DecodeError(row.TransactionPath + ".hash", $"the hash the row names, {(string)row.Hash}, but the transaction is {hash}");
        }
    }
}
