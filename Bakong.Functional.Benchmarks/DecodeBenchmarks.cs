using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using LanguageExt;

namespace Bakong.Functional.Benchmarks;

/// <summary>From UTF-8 bytes to a result: the library's decoders against source-generated DTOs and a bare reader pass.</summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class DecodeBenchmarks
{
    private static readonly Endpoint<Transaction> ByMd5 = Samples.Valid(CheckTransactionByMd5.Create(Samples.Md5));
    private static readonly Endpoint<Seq<BatchRow>> ByMd5List = Samples.Valid(CheckTransactionsByMd5List.Create(Samples.BatchKeys));
    private static readonly BakongResponse Single = new(200, Samples.Md5Success, "application/json", Option<TimeSpan>.None);
    private static readonly BakongResponse Batch = new(200, Samples.Batch50, "application/json", Option<TimeSpan>.None);

    [Benchmark(Description = "md5 envelope: Bakong.Functional")]
    [BenchmarkCategory("md5")]
    public Fin<Transaction> LibrarySingle() => ByMd5.Decode(Single);

    [Benchmark(Baseline = true, Description = "md5 envelope: STJ source-gen DTO (a)")]
    [BenchmarkCategory("md5")]
    public EnvelopeDto<TransactionDto>? SourceGenSingle() => JsonSerializer.Deserialize(Samples.Md5Success, BaselineJson.Default.EnvelopeDtoTransactionDto);

    [Benchmark(Description = "md5 envelope: Utf8JsonReader pass (b)")]
    [BenchmarkCategory("md5")]
    public int ReaderSingle() => ReaderFloor.CountTokens(Samples.Md5Success);

    [Benchmark(Description = "50-row batch: Bakong.Functional")]
    [BenchmarkCategory("batch")]
    public Fin<Seq<BatchRow>> LibraryBatch() => ByMd5List.Decode(Batch);

    [Benchmark(Baseline = true, Description = "50-row batch: STJ source-gen DTO (a)")]
    [BenchmarkCategory("batch")]
    public EnvelopeDto<List<BatchRowDto>>? SourceGenBatch() => JsonSerializer.Deserialize(Samples.Batch50, BaselineJson.Default.EnvelopeDtoListBatchRowDto);

    [Benchmark(Description = "50-row batch: Utf8JsonReader pass (b)")]
    [BenchmarkCategory("batch")]
    public int ReaderBatch() => ReaderFloor.CountTokens(Samples.Batch50);
}

/// <summary>What building and validating a request costs, next to a call.</summary>
[MemoryDiagnoser]
public class RequestBuildingBenchmarks
{
    private static readonly string[] Keys = Samples.BatchKeys;

    [Benchmark(Description = "build + validate check_transaction_by_md5")]
    public Fin<Endpoint<Transaction>> Md5() => CheckTransactionByMd5.Create(Samples.Md5);

    [Benchmark(Description = "build + validate check_transaction_by_short_hash")]
    public Fin<Endpoint<Transaction>> ShortHash() => CheckTransactionByShortHash.Create("8465d722", 1.5m, Currency.USD);

    [Benchmark(Description = "build + validate 50-key md5 list")]
    public Fin<Endpoint<Seq<BatchRow>>> Md5List() => CheckTransactionsByMd5List.Create(Keys);

    [Benchmark(Description = "reject an invalid md5")]
    public Fin<Endpoint<Transaction>> Invalid() => CheckTransactionByMd5.Create("not-an-md5");
}
