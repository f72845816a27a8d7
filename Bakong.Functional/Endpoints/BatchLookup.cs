using System.Text.Json;
using Bakong.Functional.Json;
using LanguageExt;
using static Bakong.Functional.Json.TransactionJson;

namespace Bakong.Functional.Endpoints;

/// <summary>What the two batch lookups share: a bare JSON array of keys, and rows matched back to keys by their echo.</summary>
internal static class BatchLookup
{
    internal static Fin<Endpoint<Seq<BatchRow>>> Create(string path, string field, IEnumerable<string?>? keys, int hexLength)
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
        return new Endpoint<Seq<BatchRow>>(BakongRequest.Lookup(path, body), new RowMatcher(requested).Decode);
    }

    /// <summary>Decodes rows straight into request order: one row per requested key, <see cref="BatchRow.Missing"/> for a key left out.</summary>
    private sealed class RowMatcher
    {
        private readonly string[] requested;
        private readonly Dictionary<string, int> positions;
        private readonly JsonReader<BatchRow?[]> readRows;

        internal RowMatcher(string[] requested)
        {
            this.requested = requested;
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
                // The first row for a key wins; rows for keys never asked about are ignored.
                if (row.Key.IsNone || !positions.TryGetValue((string)row.Key, out var at) || rows[at] is not null)
                    continue;
                var key = requested[at];
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
    }
}
