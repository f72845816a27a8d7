using System.Globalization;
using Bakong.Functional.Testing.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static Bakong.Functional.Testing.Tests.Support.FinAssert;

namespace Bakong.Functional.Testing.Tests;

/// <summary>
/// Lookups among many seeded payments find the same payment a newest-first search would; the simulated network delay
/// holds each answer for its round trip on the emulator's clock. Speed is measured by the benchmark program, not here.
/// </summary>
public class ScaleAndNetworkDelayTests
{
    private static string Md5(int i) => i.ToString("x32", CultureInfo.InvariantCulture);

    private static BakongEmulator Seeded(int count, TimeProvider? clock = null, EmulatorOptions? options = null)
    {
        var emulator = new BakongEmulator(options, clock);
        for (var i = 0; i < count; i++)
            emulator.AddPayment(new PaymentSeed
            {
                Md5 = Md5(i),
                Amount = 1m + i,
                InstructionRef = $"INS-{i}",
                ExternalRef = $"EXT-{i}",
            });
        return emulator;
    }

    [Fact]
    public async Task Every_key_finds_its_own_payment_among_ten_thousand()
    {
        var emulator = Seeded(10_000);
        await using var h = await Harness.Start(Face.Handler, emulator);
        var client = h.Client();
        foreach (var i in new[] { 0, 1, 4_999, 9_999 })
        {
            var seeded = emulator.Payment(Md5(i))!;
            var byMd5 = Succ(await client.SendAsync(CheckTransactionByMd5.Create(Md5(i))));
            Assert.Equal(seeded.Hash, byMd5.Hash);
            Assert.Equal(1m + i, byMd5.Amount);
            Assert.Equal(byMd5, Succ(await client.SendAsync(CheckTransactionByHash.Create(seeded.Hash.ToUpperInvariant()))));
            Assert.Equal(byMd5, Succ(await client.SendAsync(CheckTransactionByShortHash.Create(seeded.ShortHash, 1m + i, Currency.USD))));
            Assert.Equal(byMd5, Succ(await client.SendAsync(CheckTransactionByInstructionRef.Create($"ins-{i}"))));
            Assert.Equal(byMd5, Succ(await client.SendAsync(CheckTransactionByExternalRef.Create($"EXT-{i}"))));
        }
        var rows = Succ(await client.SendAsync(CheckTransactionsByMd5List.Create(Enumerable.Range(9_950, 50).Select(Md5))));
        Assert.All(rows, r => Assert.IsType<BatchRow.Found>(r));
        Assert.Equal(ApiErrorCode.TransactionNotFound, ApiCode(await client.SendAsync(CheckTransactionByMd5.Create(Md5(10_000)))));
    }

    [Fact]
    public async Task The_newest_payment_under_a_key_wins_as_before()
    {
        var emulator = new BakongEmulator();
        emulator.AddPayment(new PaymentSeed { Md5 = Md5(7), Amount = 1m, ExternalRef = "same" });
        var newer = emulator.AddPayment(new PaymentSeed { Md5 = Md5(7).ToUpperInvariant(), Amount = 2m, ExternalRef = "same" });
        await using var h = await Harness.Start(Face.Handler, emulator);
        var client = h.Client();
        Assert.Equal(2m, Succ(await client.SendAsync(CheckTransactionByMd5.Create(Md5(7)))).Amount);
        Assert.Equal(2m, Succ(await client.SendAsync(CheckTransactionByExternalRef.Create("same"))).Amount);
        Assert.Equal(2m, emulator.Payment(Md5(7))!.Amount);
        Assert.Equal(newer.Hash, emulator.Payment(Md5(7))!.Hash);
    }

    [Fact]
    public async Task Payments_sharing_a_short_hash_are_told_apart_by_amount_and_currency()
    {
        var emulator = new BakongEmulator();
        const string prefix = "abcdef01";
        emulator.AddPayment(new PaymentSeed { Md5 = Md5(1), Hash = prefix + new string('1', 56), Amount = 1m });
        emulator.AddPayment(new PaymentSeed { Md5 = Md5(2), Hash = prefix + new string('2', 56), Amount = 2m });
        emulator.AddPayment(new PaymentSeed { Md5 = Md5(3), Hash = prefix + new string('3', 56), Amount = 2m, Currency = Currency.KHR });
        await using var h = await Harness.Start(Face.Handler, emulator);
        var client = h.Client();
        Assert.EndsWith("1111", Succ(await client.SendAsync(CheckTransactionByShortHash.Create(prefix, 1m, Currency.USD))).Hash);
        Assert.EndsWith("2222", Succ(await client.SendAsync(CheckTransactionByShortHash.Create(prefix, 2m, Currency.USD))).Hash);
        Assert.EndsWith("3333", Succ(await client.SendAsync(CheckTransactionByShortHash.Create(prefix, 2m, Currency.KHR))).Hash);
        Assert.Equal(ApiErrorCode.TransactionNotFound, ApiCode(await client.SendAsync(CheckTransactionByShortHash.Create(prefix, 3m, Currency.USD))));
    }

    [Fact]
    public async Task A_static_qr_is_found_by_md5_only()
    {
        var emulator = new BakongEmulator();
        emulator.AddPayment(new PaymentSeed { Md5 = Md5(1), Outcome = SeedOutcome.StaticQr });
        await using var h = await Harness.Start(Face.Handler, emulator);
        var client = h.Client();
        Assert.Equal(ApiErrorCode.StaticQrNotSupported, ApiCode(await client.SendAsync(CheckTransactionByMd5.Create(Md5(1)))));
        Assert.Equal(ApiErrorCode.TransactionNotFound, ApiCode(await client.SendAsync(CheckTransactionByHash.Create(new string('0', 64)))));
    }

    [Fact]
    public async Task The_network_delay_holds_the_answer_for_the_round_trip_and_the_api_sees_the_state_halfway()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var start = clock.GetUtcNow();
        var emulator = new BakongEmulator(new EmulatorOptions { NetworkDelay = TimeSpan.FromMilliseconds(30) }, clock);
        emulator.AddPayment(new PaymentSeed { Md5 = Md5(1), VisibleAt = start.AddMilliseconds(15) });
        using var http = new HttpClient(emulator.CreateHandler());
        var client = new BakongClient(http, new BakongClientOptions
        {
            BaseUrl = new Uri("http://127.0.0.1/"),
            Token = emulator.IssueToken(),
            TimeProvider = clock,
            Retry = RetryPolicy.None,
        });

        var call = client.SendAsync(CheckTransactionByMd5.Create(Md5(1)));
        await Task.Delay(20);
        Assert.False(call.IsCompleted);
        Assert.Empty(emulator.Requests);
        clock.Advance(TimeSpan.FromMilliseconds(15));
        await Until(() => emulator.Requests.Count == 1);
        Assert.Equal(start.AddMilliseconds(15), emulator.Requests[0].At);
        Assert.False(call.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(15));
        Assert.Equal(1m, Succ(await call.WaitAsync(TimeSpan.FromSeconds(10))).Amount);
    }

    [Fact]
    public async Task No_network_delay_by_default_and_a_negative_one_counts_as_none()
    {
        var clock = new FakeTimeProvider();
        foreach (var options in new[] { new EmulatorOptions(), new EmulatorOptions { NetworkDelay = TimeSpan.FromSeconds(-1) } })
        {
            var emulator = new BakongEmulator(options, clock);
            using var http = new HttpClient(emulator.CreateHandler());
            var client = new BakongClient(http, new BakongClientOptions { BaseUrl = new Uri("http://127.0.0.1/"), Token = emulator.IssueToken(), TimeProvider = clock });
            var answer = await client.SendAsync(CheckTransactionByMd5.Create(Md5(1))).WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(ApiErrorCode.TransactionNotFound, ApiCode(answer));
        }
        Assert.Equal(TimeSpan.Zero, new EmulatorOptions().NetworkDelay);
    }

    private static async Task Until(Func<bool> condition)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition() && DateTime.UtcNow < until)
            await Task.Delay(1);
        Assert.True(condition());
    }
}
