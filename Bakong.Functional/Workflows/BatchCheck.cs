using Bakong.Functional.Endpoints;
using Bakong.Functional.Runner;
using System.Collections.Concurrent;
using LanguageExt;
using static LanguageExt.Prelude;

namespace Bakong.Functional;

/// <summary>The answer for one input key of a batch check of any size.</summary>
/// <param name="Key">The md5 or hash, lowercased, as given at this position of the input.</param>
/// <param name="Result">The key's row, or the error of the request that carried it; other keys are unaffected.</param>
public sealed record BatchItem(string Key, Fin<BatchRow> Result);

/// <summary>How a batch check of any size runs.</summary>
public sealed record BatchOptions
{
    /// <summary>The default options: 4 list requests at a time, no fallback.</summary>
    public static BatchOptions Default { get; } = new();

    /// <summary>How many list requests (of up to 50 keys each) run at once. Default 4.</summary>
    public int MaxConcurrency { get; init; } = 4;

    /// <summary>
    /// Whether a list request refused with a non-JSON 403 (<see cref="BakongError.Blocked"/>), which production has been
    /// seen to answer to md5_list, is redone as one single lookup per key. Default off.
    /// </summary>
    public bool FallBackToSingleLookups { get; init; }

    /// <summary>How many single lookups of the fallback run at once, across all chunks. Default 4.</summary>
    public int SingleLookupConcurrency { get; init; } = 4;

    /// <summary>Checks every setting, naming each bad one.</summary>
    public Fin<BatchOptions> Validate()
    {
        var v = new Validator();
        v.Ensure(MaxConcurrency is >= 1 and <= 64, nameof(MaxConcurrency), "must be 1 to 64");
        v.Ensure(SingleLookupConcurrency is >= 1 and <= 64, nameof(SingleLookupConcurrency), "must be 1 to 64");
        return v.Result(this);
    }
}

/// <summary>
/// Checks any number of MD5s or hashes: duplicates are removed, the rest split into list requests of at most 50,
/// run with bounded concurrency, and the answer holds one <see cref="BatchItem"/> per input key, in input order.
/// A failed request marks only its own keys with its error.
/// </summary>
/// <example>
/// <code>
/// var items = await client.CheckManyByMd5Async(md5s, new BatchOptions { FallBackToSingleLookups = true });
/// </code>
/// </example>
public static class BatchCheck
{
    /// <summary>
    /// The distinct keys, lowercased, in order of first appearance, cut into chunks of at most <paramref name="size"/>.
    /// Nulls are skipped; a size outside 1 to 50 counts as 50.
    /// </summary>
    public static Seq<Seq<string>> Chunk(IEnumerable<string?>? keys, int size = CheckTransactionsByMd5List.MaxItems)
    {
        if (keys is null)
            return Empty;
        if (size is < 1 or > CheckTransactionsByMd5List.MaxItems)
            size = CheckTransactionsByMd5List.MaxItems;
        var seen = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal);
        var distinct = new List<string>();
        foreach (var key in keys)
            if (key is not null && seen.Add(key.ToLowerInvariant()))
                distinct.Add(key.ToLowerInvariant());
        return distinct.Chunk(size).Select(c => c.ToSeq().Strict()).ToSeq().Strict();
    }

    /// <summary>Checks any number of KHQR MD5s through check_transaction_by_md5_list.</summary>
    /// <param name="client">The client to check with; it needs a token.</param>
    /// <param name="md5s">32-hex MD5s; any count, duplicates allowed. A bad one rejects the whole call before any I/O.</param>
    /// <param name="options">Concurrency and fallback; null means <see cref="BatchOptions.Default"/>.</param>
    /// <param name="cancellationToken">Stops the batch, with <see cref="BakongError.Cancelled"/>.</param>
    public static Task<Fin<Seq<BatchItem>>> CheckManyByMd5Async(
        this BakongClient? client, IEnumerable<string?>? md5s, BatchOptions? options = null, CancellationToken cancellationToken = default) =>
        CheckMany(client, md5s, "md5s", Validator.Md5Length, CheckTransactionsByMd5List.Create, CheckTransactionByMd5.Create, options, cancellationToken);

    /// <summary>The same as <see cref="CheckManyByMd5Async"/>, as an effect for LINQ over <see cref="LanguageExt.Aff{A}"/>.</summary>
    public static Aff<Seq<BatchItem>> CheckManyByMd5(
        this BakongClient? client, IEnumerable<string?>? md5s, BatchOptions? options = null, CancellationToken cancellationToken = default) =>
        Effect.Of(() => client.CheckManyByMd5Async(md5s, options, cancellationToken));

    /// <summary>Checks any number of transaction hashes through check_transaction_by_hash_list.</summary>
    /// <param name="client">The client to check with; it needs a token.</param>
    /// <param name="hashes">64-hex hashes; any count, duplicates allowed. A bad one rejects the whole call before any I/O.</param>
    /// <param name="options">Concurrency and fallback; null means <see cref="BatchOptions.Default"/>.</param>
    /// <param name="cancellationToken">Stops the batch, with <see cref="BakongError.Cancelled"/>.</param>
    public static Task<Fin<Seq<BatchItem>>> CheckManyByHashAsync(
        this BakongClient? client, IEnumerable<string?>? hashes, BatchOptions? options = null, CancellationToken cancellationToken = default) =>
        CheckMany(client, hashes, "hashes", 64, CheckTransactionsByHashList.Create, CheckTransactionByHash.Create, options, cancellationToken);

    /// <summary>The same as <see cref="CheckManyByHashAsync"/>, as an effect for LINQ over <see cref="LanguageExt.Aff{A}"/>.</summary>
    public static Aff<Seq<BatchItem>> CheckManyByHash(
        this BakongClient? client, IEnumerable<string?>? hashes, BatchOptions? options = null, CancellationToken cancellationToken = default) =>
        Effect.Of(() => client.CheckManyByHashAsync(hashes, options, cancellationToken));

    private static async Task<Fin<Seq<BatchItem>>> CheckMany(
        BakongClient? client,
        IEnumerable<string?>? keys,
        string field,
        int hexLength,
        Func<IEnumerable<string?>, Fin<Endpoint<Seq<BatchRow>>>> list,
        Func<string, Fin<Endpoint<Transaction>>> single,
        BatchOptions? options,
        CancellationToken cancellationToken)
    {
        var v = new Validator();
        v.Required("client", client);
        v.Required(field, keys);
        var input = keys?.ToList() ?? [];
        for (var i = 0; i < input.Count; i++)
            v.Hex(field, i, input[i], hexLength);
        var opts = options ?? BatchOptions.Default;
        v.Part("options", opts.Validate());
        if (!v.IsValid)
            return v.Failure;

        var results = new ConcurrentDictionary<string, Fin<BatchRow>>(StringComparer.Ordinal);
        using var lists = new SemaphoreSlim(opts.MaxConcurrency);
        using var singles = new SemaphoreSlim(opts.SingleLookupConcurrency);
        var chunks = Chunk(input);
        await Task.WhenAll(chunks.Map(async chunk =>
        {
            var answer = await Bounded(lists, () => client!.SendAsync(list(chunk), cancellationToken), cancellationToken).ConfigureAwait(false);
            var answered = answer.TrySucc(out var rows, out var error);
            if (error is BakongError.Blocked && opts.FallBackToSingleLookups)
            {
                await Task.WhenAll(chunk.Map(async key =>
                    results[key] = TransactionLookup.AsRow(key, await Bounded(singles, () => client!.SendAsync(single(key), cancellationToken), cancellationToken).ConfigureAwait(false))))
                    .ConfigureAwait(false);
                return;
            }
            if (answered)
                rows!.Iter(row => results[row.Key] = row);
            else
                chunk.Iter(key => results[key] = BakongError.From(error!));
            // A row the decoder did not give back cannot happen, but every key must still get an answer.
            chunk.Iter(key => results.TryAdd(key, new BatchRow.Missing(key)));
        })).ConfigureAwait(false);

        if (cancellationToken.IsCancellationRequested)
            return new BakongError.Cancelled();
        return input.Select(k => k!.ToLowerInvariant()).Select(k => new BatchItem(k, results[k])).ToSeq().Strict();
    }

    /// <summary>Runs <paramref name="call"/> once a slot is free; waiting is cancellable and never throws.</summary>
    private static async Task<Fin<A>> Bounded<A>(SemaphoreSlim slots, Func<Task<Fin<A>>> call, CancellationToken cancellationToken)
    {
        try
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return new BakongError.Cancelled();
        }
        try
        {
            return await call().ConfigureAwait(false);
        }
        finally
        {
            slots.Release();
        }
    }
}
