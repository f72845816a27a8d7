using Bakong.Functional.Json;
using LanguageExt;
using static LanguageExt.Prelude;

namespace Bakong.Functional.Endpoints;

/// <summary>What the two batch lookups share: a bare JSON array of keys, and rows matched back to keys by their echo.</summary>
internal static class BatchLookup
{
    internal static Either<BakongError, Endpoint<Seq<BatchRow>>> Create(string path, string field, IEnumerable<string?>? keys, int hexLength)
    {
        var v = new Validator();
        v.Batch(field, keys, (name, key) => v.Hex(name, key, hexLength));
        return v.Build(() =>
        {
            var requested = keys!.Select(k => k!.ToLowerInvariant()).ToSeq().Strict();
            var body = RequestBody.Write(w =>
            {
                w.WriteStartArray();
                foreach (var k in requested)
                    w.WriteStringValue(k);
                w.WriteEndArray();
            });
            return new Endpoint<Seq<BatchRow>>(
                BakongRequest.Post(path, body, requiresToken: true),
                r => ResponseDecoding.Decode<Seq<TransactionJson.RawRow>>(r, TransactionJson.ReadRows).Bind(rows => Match(requested, rows, r)));
        });
    }

    /// <summary>One row per requested key, in request order; a key the answer left out is <see cref="BatchRow.Missing"/>.</summary>
    private static Either<BakongError, Seq<BatchRow>> Match(Seq<string> requested, Seq<TransactionJson.RawRow> rows, BakongResponse response)
    {
        var byKey = new Dictionary<string, (int Index, TransactionJson.RawRow Row)>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        foreach (var row in rows)
        {
            // The first row for a key wins; later duplicates are ignored, never merged.
            row.Key.IfSome(k => byKey.TryAdd(k, (i, row)));
            i++;
        }
        var result = new List<BatchRow>(requested.Count);
        foreach (var key in requested)
        {
            if (!byKey.TryGetValue(key, out var found))
            {
                result.Add(new BatchRow.Missing(key));
                continue;
            }
            var (index, raw) = found;
            var status = raw.Status.IfNone("");
            BatchRow? typed = status switch
            {
                // Not Option.Match: LanguageExt 3 throws when a branch returns null.
                "SUCCESS" or "" => raw.Transaction.IsSome ? new BatchRow.Found(key, (Transaction)raw.Transaction) : null,
                "NOT_FOUND" => new BatchRow.NotFound(key, raw.Message),
                "FAILED" => new BatchRow.Failed(key, raw.Message),
                "STATIC_QR" => new BatchRow.StaticQr(key, raw.Message),
                _ => new BatchRow.OtherStatus(key, status, raw.Message),
            };
            if (typed is null)
                return ResponseDecoding.Malformed(new DecodeError($".data[{index}]", status == "" ? "a status or a transaction" : "a transaction for status SUCCESS"), response);
            result.Add(typed);
        }
        return result.ToSeq();
    }
}
