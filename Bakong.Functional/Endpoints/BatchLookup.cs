using System.Text.Json;
using Bakong.Functional.Json;
using LanguageExt;
using static LanguageExt.Prelude;
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
    internal static Fin<Endpoint<Seq<BatchRow>>> Create(BakongOperation operation, string field, IEnumerable<string?>? keys, int hexLength) =>
        Prepare<Seq<BatchRow>>(operation, field, keys, hexLength, static m => m.Decode);

    /// <summary>
    /// The same request, with every row of the answer kept on its own: a row that does not decode, repeats a key or names
    /// a key never asked about spoils only itself, so the watcher can settle each payment on its own rows.
    /// </summary>
    internal static Fin<Endpoint<Seq<ListRow>>> CreateEach(BakongOperation operation, string field, IEnumerable<string?>? keys, int hexLength) =>
        Prepare<Seq<ListRow>>(operation, field, keys, hexLength, static m => m.DecodeEach);

    private static Fin<Endpoint<A>> Prepare<A>(BakongOperation operation, string field, IEnumerable<string?>? keys, int hexLength, Func<RowMatcher, Func<BakongResponse, Fin<A>>> decoder)
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
        return new Endpoint<A>(BakongRequest.For(operation, body), decoder(new RowMatcher(requested, byHash: hexLength == 64)));
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

        internal Fin<Seq<ListRow>> DecodeEach(BakongResponse response) =>
            ResponseDecoding.Decode<Seq<ListRow>>(response, ReadEach);

        /// <summary>Every element of the array as its own <see cref="ListRow"/>; only JSON that is not well formed fails the whole answer.</summary>
        private bool ReadEach(ref Utf8JsonReader r, out Seq<ListRow> rows, out DecodeError? error)
        {
            var list = new List<ListRow>(requested.Length);
            rows = default;
            if (r.TokenType != JsonTokenType.StartArray)
            {
                error = new DecodeError("", $"an array, but found {JsonRead.Describe(r.TokenType)}");
                return false;
            }
            for (var index = 0; r.Read() && r.TokenType != JsonTokenType.EndArray; index++)
            {
                // A copy reads the row; on failure the original skips it whole, so one bad row spoils nothing else.
                var attempt = r;
                if (TryReadRow(ref attempt, out var row, out var rowError))
                {
                    r = attempt;
                    var echoed = byHash ? row.Hash : row.Md5;
                    if (!echoed.TrySome(out var key))
                        list.Add(new ListRow(index, None, None, Some(new DecodeError($"[{index}]", $"a row that names its {(byHash ? "hash" : "md5")}"))));
                    else if (!positions.TryGetValue(key, out var at))
                        list.Add(new ListRow(index, Some(key.ToLowerInvariant()), None, None));
                    else
                    {
                        var problem = RowOf(row, requested[at], out var built);
                        list.Add(new ListRow(index, Some(requested[at]), Optional(built), Optional(problem?.At($"[{index}]"))));
                    }
                }
                else
                {
                    var key = EchoedKey(r);
                    r.Skip();
                    list.Add(new ListRow(index, key.Map(k => positions.TryGetValue(k, out var at) ? requested[at] : k.ToLowerInvariant()), None, Some(rowError!.At($"[{index}]"))));
                }
            }
            rows = list.ToSeq();
            error = null;
            return true;
        }

        /// <summary>The key a row that did not decode names at its top level, if it names one as a string.</summary>
        private Option<string> EchoedKey(Utf8JsonReader r)
        {
            if (r.TokenType != JsonTokenType.StartObject)
                return None;
            var depth = r.CurrentDepth;
            var name = byHash ? "hash"u8 : "md5"u8;
            Option<string> found = None;
            while (r.Read() && r.CurrentDepth > depth)
            {
                if (r.TokenType != JsonTokenType.PropertyName || r.CurrentDepth != depth + 1)
                    continue;
                var isKey = r.ValueTextEquals(name);
                r.Read();
                if (isKey && r.TokenType == JsonTokenType.String)
                {
                    // Two different keys in one row name nobody.
                    var k = r.GetString()!;
                    if (found.TrySome(out var first) && !string.Equals(first, k, StringComparison.OrdinalIgnoreCase))
                        return None;
                    found = k;
                }
                else if (r.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    r.Skip();
                }
            }
            return found;
        }

        /// <summary>The row as the key's answer, or why it cannot be one.</summary>
        private DecodeError? RowOf(in Row row, string key, out BatchRow? built)
        {
            built = null;
            if (Disagreement(row, key) is { } disagreement)
                return disagreement;
            var message = row.Message.IfNone("");
            built = row.Status switch
            {
                RowStatus.Success or RowStatus.Absent when row.Transaction.TrySome(out var transaction) => new BatchRow.Found(key, transaction),
                RowStatus.NotFound => new BatchRow.NotFound(key, message),
                RowStatus.Failed => new BatchRow.Failed(key, message),
                RowStatus.StaticQr => new BatchRow.StaticQr(key, message),
                RowStatus.Other => new BatchRow.OtherStatus(key, row.OtherStatus.IfNone(""), message),
                _ => null,
            };
            return built is null
                ? new DecodeError("", row.Status == RowStatus.Absent ? "a status or a transaction" : "a transaction for status SUCCESS")
                : null;
        }

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
                if (!echoed.TrySome(out var key) || !positions.TryGetValue(key, out var at))
                    continue;
                if (rows[at] is not null)
                {
                    error = new DecodeError($"[{index}]{(byHash ? ".hash" : ".md5")}", $"one row per requested key, but {requested[at]} has a second row");
                    return false;
                }
                if (RowOf(row, requested[at], out rows[at]) is { } problem)
                {
                    error = problem.At($"[{index}]");
                    return false;
                }
            }
            error = null;
            return true;
        }

        /// <summary>Why the row's transaction is not the one its echoed key names, or null if it agrees (or has none).</summary>
        private DecodeError? Disagreement(in Row row, string key)
        {
            if (!row.Transaction.TrySome(out var transaction))
                return null;
            var hash = transaction.Hash;
            if (byHash)
                return string.Equals(hash, key, StringComparison.OrdinalIgnoreCase)
                    ? null
                    : new DecodeError(row.TransactionPath + ".hash", $"the hash the row echoes, {key}, but the transaction is {hash}");
            // md5_list: the transaction never echoes the md5; only a row-level hash beside a nested transaction can disagree.
            return !row.Hash.TrySome(out var named) || string.Equals(hash, named, StringComparison.OrdinalIgnoreCase)
                ? null
                : new DecodeError(row.TransactionPath + ".hash", $"the hash the row names, {named}, but the transaction is {hash}");
        }
    }
}

/// <summary>
/// One row of a batch answer, kept apart from the others: its position, the key it names (lowercased; a requested key in
/// the request's own spelling), the row it reads as, or why it cannot be read. <c>Row</c> is None for a key never asked about.
/// </summary>
internal readonly record struct ListRow(int Index, Option<string> Key, Option<BatchRow> Row, Option<DecodeError> Problem);
