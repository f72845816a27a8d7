using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using LanguageExt;

namespace Bakong.Functional.Benchmarks;

/// <summary>Building a KHQR from a request and reading one back, with their allocations; the md5 alone is the floor.</summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class KhqrBenchmarks
{
    /// <summary>A clock that always reads the same, so every encode builds the same payload.</summary>
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static readonly TimeProvider Clock = new FixedClock(new DateTimeOffset(2026, 3, 1, 9, 30, 15, 250, TimeSpan.Zero));

    private static readonly KhqrRequest Minimal =
        new(new KhqrAccount.Individual("dara@abaa"), "Dara", Currency.USD) { Amount = 1.5m };

    private static readonly KhqrRequest EveryTag =
        new(new KhqrAccount.Merchant("coffee_shop@aclb", "M-000123", "ACLEDA Bank"), "Riverside Coffee", Currency.KHR)
        {
            Amount = 25000m,
            MerchantCategoryCode = "5812",
            UnionPayMerchantAccount = "6211234567890123",
            AdditionalData = new KhqrAdditionalData
            {
                BillNumber = "INV-2026-0301", MobileNumber = "85512345678", StoreLabel = "Riverside", TerminalLabel = "Till 2", PurposeOfTransaction = "Coffee and cake",
            },
            AlternateLanguage = new KhqrAlternateLanguage("km", "កាហ្វេមាត់ទន្លេ", "ភ្នំពេញ"),
        };

    private static readonly KhqrRequest Invalid =
        new(new KhqrAccount.Merchant("shop", "", "Dev Bank"), new string('N', 30), Currency.KHR) { Amount = -1.5m, MerchantCity = "" };

    /// <summary>khqr.md, vector 1.</summary>
    private const string Vector1 = "00020101021229180014jonhsmith@nbcq52045999530311654035005802KH5910Jonh Smith6010PHNOM PENH99170013173949577872263046894";

    private static readonly string EveryTagPayload = Khqr.Encode(EveryTag, Clock).Match(c => c.Payload, _ => "");

    private static readonly string WrongCrc = Vector1[..^1] + "5";

    private static readonly string Garbage = new('\u1780', 300);

    private static readonly KhqrDecoded DecodedVector1 = Khqr.Decode(Vector1);

    [Benchmark(Description = "encode: individual, 1.50 USD")]
    [BenchmarkCategory("encode")]
    public Fin<KhqrCode> EncodeMinimal() => Khqr.Encode(Minimal, Clock);

    [Benchmark(Description = "encode: every tag, Khmer in tag 64")]
    [BenchmarkCategory("encode")]
    public Fin<KhqrCode> EncodeEveryTag() => Khqr.Encode(EveryTag, Clock);

    [Benchmark(Description = "encode: refuse a request with 6 broken rules")]
    [BenchmarkCategory("encode")]
    public Fin<KhqrCode> EncodeInvalid() => Khqr.Encode(Invalid, Clock);

    [Benchmark(Baseline = true, Description = "md5 of the every-tag payload (floor)")]
    [BenchmarkCategory("encode")]
    public string Md5EveryTag() => Khqr.Md5(EveryTagPayload);

    [Benchmark(Description = "decode: khqr.md vector 1")]
    [BenchmarkCategory("decode")]
    public KhqrDecoded DecodeVector1() => Khqr.Decode(Vector1);

    [Benchmark(Description = "decode: every tag, Khmer in tag 64")]
    [BenchmarkCategory("decode")]
    public KhqrDecoded DecodeEveryTag() => Khqr.Decode(EveryTagPayload);

    [Benchmark(Description = "decode: wrong CRC")]
    [BenchmarkCategory("decode")]
    public KhqrDecoded DecodeWrongCrc() => Khqr.Decode(WrongCrc);

    [Benchmark(Description = "decode: 300 characters of garbage")]
    [BenchmarkCategory("decode")]
    public KhqrDecoded DecodeGarbage() => Khqr.Decode(Garbage);

    [Benchmark(Description = "re-encode a decoded payload")]
    [BenchmarkCategory("decode")]
    public KhqrCode Reencode() => DecodedVector1.ToCode();

    [Benchmark(Baseline = true, Description = "md5 of vector 1 (floor)")]
    [BenchmarkCategory("decode")]
    public string Md5Vector1() => Khqr.Md5(Vector1);
}
