using Bakong.Functional.Testing.Tests.Support;
using CsCheck;
using Microsoft.Extensions.Time.Testing;
using static Bakong.Functional.Testing.Tests.Support.FinAssert;

namespace Bakong.Functional.Testing.Tests;

/// <summary>Payments seeded from a KHQR: amount, currency and receiving account come from the payload.</summary>
public class KhqrSeedTests
{
    private static readonly DateTimeOffset Now = new(2026, 2, 1, 10, 0, 0, TimeSpan.Zero);

    // khqr.md vector 2: merchant, static, KHR.
    private const string MerchantStatic = "00020101021130400014jonhsmith@nbcq01061234560208Dev Bank5204599953031165802KH5910Jonh Smith6009Siem Reap6215021185512345678991700131739495778722630433E1";

    private static KhqrCode Encode(KhqrRequest request) =>
        Khqr.Encode(request, new FakeTimeProvider(Now)).Match(c => c, e => throw new Xunit.Sdk.XunitException(e.Message));

    private static KhqrCode Merchant(decimal amount, Currency currency) =>
        Encode(new KhqrRequest(new KhqrAccount.Merchant("cafe@aclb", "M-7", "ACLEDA Bank"), "Cafe", currency) { Amount = amount });

    [Fact]
    public void A_seed_from_a_code_takes_the_md5_amount_currency_and_receiving_account()
    {
        var code = Merchant(12500m, Currency.KHR);

        var seed = PaymentSeed.From(code);

        Assert.Equal(code.Payload, seed.Qr);
        Assert.Equal(12500m, seed.Amount);
        Assert.Equal(Currency.KHR, seed.Currency);
        Assert.Equal("cafe@aclb", seed.ToAccountId);
        Assert.Equal(SeedOutcome.Paid, seed.Outcome);
        Assert.Equal(code.Md5, new BakongEmulator().AddPayment(seed).Md5);
    }

    [Fact]
    public void A_different_amount_is_paid_when_asked_and_nothing_else_changes()
    {
        var code = Encode(new KhqrRequest(new KhqrAccount.Individual("dara@abaa"), "Dara", Currency.USD) { Amount = 4.75m });

        Assert.Equal(PaymentSeed.From(code) with { Amount = 4.70m }, PaymentSeed.From(code, amount: 4.70m));
        Assert.Equal(PaymentSeed.From(code), PaymentSeed.From(code.Payload));
    }

    [Fact]
    public void A_static_payload_answers_errorcode_2_as_bakong_does()
    {
        var seed = PaymentSeed.From(MerchantStatic, amount: 8000m);

        Assert.Equal(SeedOutcome.StaticQr, seed.Outcome);
        Assert.Equal("jonhsmith@nbcq", seed.ToAccountId);
        Assert.Equal(Currency.KHR, seed.Currency);
        Assert.Equal(8000m, seed.Amount);
        Assert.Equal(1m, PaymentSeed.From(MerchantStatic).Amount);
        Assert.Equal("c0d2d74726f8e887f37a585cda3b3a79", new BakongEmulator().AddPayment(seed).Md5);
    }

    [Fact]
    public void What_a_payload_does_not_hold_keeps_the_defaults()
    {
        var seed = PaymentSeed.From("not a KHQR");
        var none = PaymentSeed.From((KhqrCode?)null);

        Assert.Equal(new PaymentSeed { Qr = "not a KHQR" }, seed);
        Assert.Equal(new PaymentSeed { Qr = "" }, none);
    }

    [Theory]
    [InlineData(Face.Handler)]
    [InlineData(Face.Server)]
    public async Task A_payment_added_for_a_code_is_found_by_its_md5_as_the_qr_asked(Face face)
    {
        await using var h = await Harness.Start(face);
        var code = Merchant(3.25m, Currency.USD);
        var added = h.Emulator.AddPayment(code);

        var transaction = Succ(await h.Client().SendAsync(CheckTransactionByMd5.Create(code.Md5)));

        Assert.Equal(code.Md5, added.Md5);
        Assert.Equal(("cafe@aclb", Currency.USD, 3.25m), (transaction.ToAccountId, transaction.Currency, transaction.Amount));
    }

    [Fact]
    public async Task An_underpaid_payment_is_found_with_the_amount_paid()
    {
        await using var h = await Harness.Start(Face.Handler);
        var code = Merchant(3.25m, Currency.USD);
        h.Emulator.AddPayment(code, amount: 3.00m);

        var transaction = Succ(await h.Client().SendAsync(CheckTransactionByMd5.Create(code.Md5)));

        Assert.Equal(3.00m, transaction.Amount);
    }

    [Fact]
    public void Seeding_from_any_string_never_throws()
    {
        Gen.String.Sample(text =>
        {
            var seed = PaymentSeed.From(text);
            Assert.Equal(text ?? "", seed.Qr);
            Assert.Equal(Khqr.Md5(text), new BakongEmulator().AddPayment(seed).Md5);
        }, iter: 500);
    }
}
