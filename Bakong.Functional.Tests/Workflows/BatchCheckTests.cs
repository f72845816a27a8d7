using System.Text.Json;
using Bakong.Functional.Tests.Support;
using CsCheck;

namespace Bakong.Functional.Tests.Workflows;

public class BatchCheckTests
{
    private static string[] Keys(string body) => JsonSerializer.Deserialize<string[]>(body)!;

    [Fact]
    public void Chunking_keeps_every_distinct_key_exactly_once_in_input_order()
    {
        // A small alphabet, so duplicates (in either case) are common.
        var keys = Gen.Int[0, 80].Select(i => i % 2 == 0 ? $"k{i}" : $"K{i - 1}").Null().Array[0, 300];
        Gen.Select(keys, Gen.Int[-3, 60]).Sample((list, size) =>
        {
            var chunks = BatchCheck.Chunk(list, size);
            var expected = list.OfType<string>().Select(k => k.ToLowerInvariant()).Distinct().ToList();
            var flat = chunks.SelectMany(c => c).ToList();
            var limit = size is >= 1 and <= 50 ? size : 50;
            // Every distinct key exactly once, in order of first appearance; only the last chunk may be short.
            return flat.SequenceEqual(expected)
                && flat.Count == flat.Distinct().Count()
                && chunks.ForAll(c => c.Count >= 1 && c.Count <= limit)
                && chunks.Take(Math.Max(chunks.Count - 1, 0)).ForAll(c => c.Count == limit);
        }, iter: Generators.Many);
    }

    [Fact]
    public void Chunking_cuts_at_fifty_and_skips_nulls()
    {
        var chunks = BatchCheck.Chunk(Enumerable.Range(0, 120).Select(Envelopes.Md5).Concat(new string?[] { null }));
        Assert.Equal(new[] { 50, 50, 20 }, chunks.Map(c => c.Count).ToArray());
        Assert.Empty(BatchCheck.Chunk(null));
    }

    [Fact]
    public async Task A_large_batch_is_deduplicated_chunked_and_answered_per_input_key_in_order()
    {
        var fake = new FakeBakong((path, body, _) => Canned.Json(Envelopes.Rows(Keys(body), k => k.EndsWith('0'))));
        var input = Enumerable.Range(0, 120).Select(Envelopes.Md5).Concat([Envelopes.Md5(3).ToUpperInvariant(), Envelopes.Md5(10)]).ToList();

        var result = await Clients.For(fake).CheckManyByMd5Async(input);

        var items = result.Succ();
        Assert.Equal(input.Select(k => k.ToLowerInvariant()), items.Map(i => i.Key));
        Assert.Equal(new[] { 50, 50, 20 }, fake.Requests.Select(r => Keys(r.Body).Length).OrderDescending().ToArray());
        Assert.All(fake.Requests, r => Assert.Equal(CheckTransactionsByMd5List.Path, r.Path));
        var found = Assert.IsType<BatchRow.Found>((BatchRow)items[16].Result);
        Assert.Equal(1.5m, found.Transaction.Amount);
        var missing = Assert.IsType<BatchRow.NotFound>((BatchRow)items[3].Result);
        Assert.Equal("Transaction could not be found.", missing.Message);
        Assert.Equal(items[3].Result, items[120].Result);
    }

    [Fact]
    public async Task A_failed_chunk_marks_only_its_own_keys()
    {
        var input = Enumerable.Range(0, 75).Select(Envelopes.Md5).ToList();
        var fake = new FakeBakong((_, body, _) => Keys(body).Contains(Envelopes.Md5(60))
            ? new Canned(500, "boom", "text/plain")
            : Canned.Json(Envelopes.Rows(Keys(body), _ => true)));

        var items = (await Clients.For(fake).CheckManyByMd5Async(input)).Succ();

        Assert.Equal(75, items.Count);
        Assert.All(items.Take(50), i => Assert.IsType<BatchRow.Found>((BatchRow)i.Result));
        Assert.All(items.Skip(50), i =>
        {
            var error = Assert.IsType<BakongError.ServerError>(i.Result.Fail());
            Assert.Equal(new ResponseInfo(500, "boom"), error.Response);
        });
    }

    [Fact]
    public async Task A_blocked_md5_list_falls_back_to_single_lookups_when_asked()
    {
        var input = Enumerable.Range(0, 6).Select(Envelopes.Md5).ToList();
        var fake = new FakeBakong((path, body, _) => path == CheckTransactionsByMd5List.Path
            ? new Canned(403, "<html>Forbidden</html>", "text/html")
            : Canned.Json(body.Contains(Envelopes.Md5(2), StringComparison.Ordinal) ? Envelopes.Found()
                : body.Contains(Envelopes.Md5(4), StringComparison.Ordinal) ? Envelopes.Failed
                : Envelopes.NotFound));

        var items = (await Clients.For(fake).CheckManyByMd5Async(input, new BatchOptions { FallBackToSingleLookups = true, SingleLookupConcurrency = 2 })).Succ();

        Assert.Equal(1, fake.Count(CheckTransactionsByMd5List.Path));
        Assert.Equal(6, fake.Count(CheckTransactionByMd5.Path));
        Assert.Equal(input, items.Map(i => i.Key));
        Assert.IsType<BatchRow.Found>((BatchRow)items[2].Result);
        Assert.Equal(new BatchRow.Failed(Envelopes.Md5(4), "Transaction failed."), (BatchRow)items[4].Result);
        Assert.Equal(new BatchRow.NotFound(Envelopes.Md5(0), "Transaction could not be found."), (BatchRow)items[0].Result);
    }

    [Fact]
    public async Task Without_the_fallback_a_blocked_chunk_carries_the_blocked_error()
    {
        var fake = new FakeBakong((_, _, _) => new Canned(403, "<html>Forbidden</html>", "text/html"));

        var items = (await Clients.For(fake).CheckManyByMd5Async([Envelopes.Md5(1), Envelopes.Md5(2)])).Succ();

        Assert.All(items, i => Assert.Equal(403, Assert.IsType<BakongError.Blocked>(i.Result.Fail()).Response.Status));
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task List_requests_run_with_bounded_concurrency()
    {
        var inFlight = 0;
        var most = 0;
        var fake = new FakeBakong(async (_, body, _) =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref most, now);
            await Task.Delay(20);
            Interlocked.Decrement(ref inFlight);
            return Canned.Json(Envelopes.Rows(Keys(body), _ => false, "hash"));
        });
        var hashes = Enumerable.Range(0, 300).Select(i => i.ToString("x64", System.Globalization.CultureInfo.InvariantCulture));

        var items = (await Clients.For(fake).CheckManyByHashAsync(hashes, new BatchOptions { MaxConcurrency = 2 })).Succ();

        Assert.Equal(300, items.Count);
        Assert.Equal(6, fake.Count(CheckTransactionsByHashList.Path));
        Assert.InRange(most, 1, 2);
    }

    [Fact]
    public async Task Bad_keys_and_options_are_all_named_before_any_request()
    {
        var fake = new FakeBakong((_, _, _) => Canned.Json(Envelopes.NotFound));

        var result = await Clients.For(fake).CheckManyByMd5Async([Envelopes.Md5(1), "nope", null], new BatchOptions { MaxConcurrency = 0 });

        var error = Assert.IsType<BakongError.InvalidInput>(result.Fail());
        Assert.Equal(new[] { "md5s[1]", "md5s[2]", "options.MaxConcurrency" }, error.Errors.Map(e => e.Field).ToArray());
        Assert.Empty(fake.Requests);
        Assert.True(Assert.IsType<BakongError.InvalidInput>((await Clients.For(fake).CheckManyByMd5Async(null)).Fail()).Names("md5s"));
    }

    [Fact]
    public async Task An_empty_batch_answers_empty_without_a_request()
    {
        var fake = new FakeBakong((_, _, _) => Canned.Json(Envelopes.NotFound));
        Assert.Equal(Seq<BatchItem>.Empty, (await Clients.For(fake).CheckManyByMd5Async([])).Succ());
        Assert.Empty(fake.Requests);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
