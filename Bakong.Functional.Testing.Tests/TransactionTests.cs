using Bakong.Functional.Testing.Tests.Support;
using CsCheck;
using Microsoft.Extensions.Time.Testing;
using static Bakong.Functional.Testing.Tests.Support.FinAssert;

namespace Bakong.Functional.Testing.Tests;

public class TransactionTests
{
    private const string Qr = "00020101021229180014merchant@emul5204599953038405405 1.505802KH5912Test Merchant6010Phnom Penh99170013170000000000063041234";

    private static PaymentSeed Full => new()
    {
        Qr = Qr,
        Amount = 1.5m,
        Currency = Currency.USD,
        FromAccountId = "alice@aclb",
        ToAccountId = "shop@devb",
        Description = "coffee",
        InstructionRef = "INS-1",
        ExternalRef = "EXT-1",
        ReceiverBank = "Dev Bank",
        ReceiverBankAccount = "000123",
    };

    [Fact]
    public void Khqr_md5_is_lowercase_hex_of_the_utf8_string()
    {
        Assert.Equal("900150983cd24fb0d6963f7d28e17f72", Khqr.Md5("abc"));
        Assert.Equal("d41d8cd98f00b204e9800998ecf8427e", Khqr.Md5(null));
    }

    [Theory]
    [InlineData(Face.Handler)]
    [InlineData(Face.Server)]
    public async Task A_payment_is_found_by_md5_hash_short_hash_and_both_refs(Face face)
    {
        await using var h = await Harness.Start(face);
        var paid = h.Emulator.AddPayment(Full);
        var client = h.Client();
        Assert.Equal(Khqr.Md5(Qr), paid.Md5);
        Assert.Matches("^[0-9a-f]{64}$", paid.Hash);

        var byMd5 = Succ(await client.SendAsync(CheckTransactionByMd5.Create(paid.Md5)));
        Assert.Equal(paid.Hash, byMd5.Hash);
        Assert.Equal("alice@aclb", byMd5.FromAccountId);
        Assert.Equal("shop@devb", byMd5.ToAccountId);
        Assert.Equal(1.5m, byMd5.Amount);
        Assert.Equal(Currency.USD, byMd5.Currency);
        Assert.Equal("coffee", byMd5.Description.IfNone(""));
        Assert.True(byMd5.CreatedAt.IsSome && byMd5.AcknowledgedAt.IsSome);
        Assert.Equal("ACKNOWLEDGED_BY_FI", byMd5.TrackingStatus.IfNone(""));
        Assert.Equal("Dev Bank", byMd5.ReceiverBank.IfNone(""));
        Assert.Equal("000123", byMd5.ReceiverBankAccount.IfNone(""));

        Assert.Equal(byMd5, Succ(await client.SendAsync(CheckTransactionByHash.Create(paid.Hash))));
        Assert.Equal(byMd5, Succ(await client.SendAsync(CheckTransactionByShortHash.Create(paid.ShortHash, 1.5m, Currency.USD))));
        Assert.Equal(byMd5, Succ(await client.SendAsync(CheckTransactionByInstructionRef.Create("INS-1"))));
        Assert.Equal(byMd5, Succ(await client.SendAsync(CheckTransactionByExternalRef.Create("EXT-1"))));
    }

    [Theory]
    [InlineData(Face.Handler)]
    [InlineData(Face.Server)]
    public async Task Short_hash_needs_amount_and_currency_to_match(Face face)
    {
        await using var h = await Harness.Start(face);
        var paid = h.Emulator.AddPayment(Qr, 2m, Currency.USD);
        var client = h.Client();
        Assert.Equal(ApiErrorCode.TransactionNotFound, ApiCode(await client.SendAsync(CheckTransactionByShortHash.Create(paid.ShortHash, 2.01m, Currency.USD))));
        Assert.Equal(ApiErrorCode.TransactionNotFound, ApiCode(await client.SendAsync(CheckTransactionByShortHash.Create(paid.ShortHash, 2m, Currency.KHR))));
        Assert.Equal(ApiErrorCode.TransactionNotFound, ApiCode(await client.SendAsync(CheckTransactionByHash.Create(new string('f', 64)))));
        Assert.Equal(ApiErrorCode.TransactionNotFound, ApiCode(await client.SendAsync(CheckTransactionByInstructionRef.Create("nope"))));
        Assert.Equal(ApiErrorCode.TransactionNotFound, ApiCode(await client.SendAsync(CheckTransactionByExternalRef.Create("nope"))));
    }

    [Theory]
    [InlineData(Face.Handler)]
    [InlineData(Face.Server)]
    public async Task Failed_and_static_qr_payments_answer_codes_3_and_2(Face face)
    {
        await using var h = await Harness.Start(face);
        var failed = h.Emulator.AddPayment(new PaymentSeed { Qr = "failed", Outcome = SeedOutcome.Failed });
        var staticQr = h.Emulator.AddPayment(new PaymentSeed { Qr = "static", Outcome = SeedOutcome.StaticQr });
        var client = h.Client();
        Assert.Equal(ApiErrorCode.TransactionFailed, ApiCode(await client.SendAsync(CheckTransactionByMd5.Create(failed.Md5))));
        Assert.Equal(ApiErrorCode.TransactionFailed, ApiCode(await client.SendAsync(CheckTransactionByHash.Create(failed.Hash))));
        Assert.Equal(ApiErrorCode.StaticQrNotSupported, ApiCode(await client.SendAsync(CheckTransactionByMd5.Create(staticQr.Md5))));
    }

    [Theory]
    [InlineData(Face.Handler)]
    [InlineData(Face.Server)]
    public async Task A_payment_becomes_paid_after_n_polls(Face face)
    {
        await using var h = await Harness.Start(face);
        var pending = h.Emulator.AddPayment(new PaymentSeed { Qr = Qr, VisibleAfterPolls = 2 });
        var client = h.Client();

        Assert.True(Succ(await client.SendAsync(CheckTransactionByMd5.Create(pending.Md5).OrNone())).IsNone);
        // Not visible yet by hash either, and that does not count as a poll.
        Assert.Equal(ApiErrorCode.TransactionNotFound, ApiCode(await client.SendAsync(CheckTransactionByHash.Create(pending.Hash))));
        Assert.True(Succ(await client.SendAsync(CheckTransactionByMd5.Create(pending.Md5).OrNone())).IsNone);
        Assert.True(Succ(await client.SendAsync(CheckTransactionByMd5.Create(pending.Md5).OrNone())).IsSome);
        Assert.Equal(3, h.Emulator.Payment(pending.Md5)!.Polls);
        Assert.True(h.Emulator.Payment(pending.Md5)!.IsVisible);
    }

    [Fact]
    public async Task A_payment_becomes_paid_at_a_given_time()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var h = await Harness.Start(Face.Handler, new BakongEmulator(null, clock));
        var pending = h.Emulator.AddPayment(new PaymentSeed { Qr = Qr, VisibleAt = clock.GetUtcNow().AddMinutes(5) });
        var client = h.Client();

        Assert.True(Succ(await client.SendAsync(CheckTransactionByMd5.Create(pending.Md5).OrNone())).IsNone);
        clock.Advance(TimeSpan.FromMinutes(5));
        var paid = Succ(await client.SendAsync(CheckTransactionByMd5.Create(pending.Md5)));
        Assert.Equal(clock.GetUtcNow(), paid.CreatedAt.IfNone(DateTimeOffset.MinValue));
    }

    [Fact]
    public async Task Amounts_can_be_sent_as_strings()
    {
        await using var h = await Harness.Start(Face.Handler, new BakongEmulator(new EmulatorOptions { AmountForm = AmountForm.String }));
        var paid = h.Emulator.AddPayment(Qr, 4000m, Currency.KHR);
        var (_, body) = await h.Post(CheckTransactionByMd5.Path, $$"""{"md5":"{{paid.Md5}}"}""", h.Emulator.IssueToken());
        Assert.Equal(System.Text.Json.JsonValueKind.String, body.GetProperty("data").GetProperty("amount").ValueKind);
        Assert.Equal(4000m, Succ(await h.Client().SendAsync(CheckTransactionByMd5.Create(paid.Md5))).Amount);
    }

    [Fact]
    public async Task Lookups_with_missing_fields_answer_code_5()
    {
        await using var h = await Harness.Start(Face.Handler);
        var token = h.Emulator.IssueToken();
        foreach (var path in new[] { CheckTransactionByMd5.Path, CheckTransactionByHash.Path, CheckTransactionByShortHash.Path, CheckTransactionByInstructionRef.Path, CheckTransactionByExternalRef.Path })
        {
            var (status, body) = await h.Post(path, "{}", token);
            Assert.Equal(200, status);
            Assert.Equal(5, body.GetProperty("errorCode").GetInt32());
        }
        var (badStatus, _) = await h.Post(CheckTransactionByMd5.Path, "not json", token);
        Assert.Equal(400, badStatus);
    }

    [Fact]
    public async Task Any_seeded_amount_round_trips_through_the_client_and_short_hash_matches_it_exactly()
    {
        var emulator = new BakongEmulator();
        using var http = new HttpClient(emulator.CreateHandler());
        var client = new BakongClient(http, new BakongClientOptions { BaseUrl = new Uri("http://127.0.0.1/"), Token = emulator.IssueToken() });
        await Gen.Int[1, 100_000_000].Select(cents => cents / 100m).SampleAsync(async amount =>
        {
            // USD: cents are whole units of its minor unit, where KHR has none (the lookup refuses fractional riel before I/O).
            var paid = emulator.AddPayment(new PaymentSeed { Amount = amount, Currency = Currency.USD });
            var found = await client.SendAsync(CheckTransactionByShortHash.Create(paid.ShortHash, amount, Currency.USD));
            var off = await client.SendAsync(CheckTransactionByShortHash.Create(paid.ShortHash, amount + 0.01m, Currency.USD));
            return found.Match(Succ: t => t.Amount == amount && t.Hash == paid.Hash, Fail: _ => false)
                && off.Match(Succ: _ => false, Fail: e => e is BakongError.ApiFailure { ErrorCode: ApiErrorCode.TransactionNotFound });
        }, iter: 1000);
    }
}
