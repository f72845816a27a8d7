using System.Globalization;
using Bakong.Functional.Tests.KhqrCodec;
using Bakong.Functional.Tests.Support;
using CsCheck;
using Microsoft.Extensions.Time.Testing;

namespace Bakong.Functional.Tests.Workflows;

/// <summary>Waiting with a KHQR: md5 and deadline from the payload, and the transaction confirmed against what the QR asked for.</summary>
public class KhqrPaymentsTests
{
    private const string Shop = "shop@devb";
    private static readonly BackoffSchedule EveryFiveSeconds = BackoffSchedule.Fixed(TimeSpan.FromSeconds(5));

    private static KhqrRequest Asking(decimal amount, Currency currency = Currency.USD, string account = Shop) =>
        new(new KhqrAccount.Individual(account), "Shop", currency) { Amount = amount, Validity = TimeSpan.FromMinutes(2) };

    private static KhqrCode Encode(KhqrRequest request, TimeProvider time) => KhqrAssert.Accepted(Khqr.Encode(request, time));

    /// <summary>A check_transaction_by_md5 answer for a payment of <paramref name="amount"/> to <paramref name="to"/>.</summary>
    private static string Found(decimal amount, Currency currency = Currency.USD, string to = Shop) =>
        $$$"""{"responseCode":0,"responseMessage":"ok","errorCode":null,"data":{"hash":"{{{Envelopes.Hash}}}","fromAccountId":"payer@abaa","toAccountId":"{{{to}}}","currency":"{{{currency}}}","amount":{{{amount.ToString(CultureInfo.InvariantCulture)}}}}}""";

    private static PaymentOutcome Outcome(Fin<PaymentOutcome> result) =>
        result.Match(Succ: o => o, Fail: e => throw new Xunit.Sdk.XunitException($"expected an outcome, got {e}"));

    [Fact]
    public async Task The_exact_payment_is_paid_and_the_md5_polled_is_the_payloads()
    {
        var time = Clock.New();
        var code = Encode(Asking(1.50m), time);
        var fake = new FakeBakong((_, _, n) => Canned.Json(n < 3 ? Envelopes.NotFound : Found(1.5m)));
        var poll = EveryFiveSeconds;
        var client = Clients.For(fake, time);

        var outcome = Outcome(await time.RunUntilDone(client.WaitForPaymentAsync(code, schedule: poll)));

        var paid = Assert.IsType<PaymentOutcome.Paid>(outcome);
        Assert.True(outcome.IsPaid);
        Assert.Equal(1.5m, paid.Transaction.Amount);
        Assert.Equal(3, fake.Count(CheckTransactionByMd5.Path));
        Assert.All(fake.Requests, r => Assert.Equal($$"""{"md5":"{{code.Md5}}"}""", r.Body));
    }

    [Fact]
    public async Task An_underpayment_is_a_mismatch_with_the_amount_difference_never_paid()
    {
        var time = Clock.New();
        var code = Encode(Asking(10.00m), time);
        var client = Clients.For(new FakeBakong((_, _, _) => Canned.Json(Found(9.99m))), time);

        var outcome = Outcome(await client.WaitForPaymentAsync(code));

        var mismatch = Assert.IsType<PaymentOutcome.Mismatch>(outcome);
        Assert.False(outcome.IsPaid);
        Assert.Equal([new PaymentDifference.AmountDiffers(10.00m, 9.99m)], mismatch.Differences.ToArray());
        Assert.Equal(9.99m, mismatch.Transaction.Amount);
        // The QR writes a whole USD amount bare, so the expectation read back from it is 10.
        Assert.Equal("amount: expected 10, got 9.99", mismatch.Differences.Head.ToString());
    }

    [Fact]
    public async Task Another_account_and_currency_are_each_named()
    {
        var time = Clock.New();
        var code = Encode(Asking(6000m, Currency.KHR), time);
        var client = Clients.For(new FakeBakong((_, _, _) => Canned.Json(Found(6000m, Currency.USD, "thief@devb"))), time);

        var mismatch = Assert.IsType<PaymentOutcome.Mismatch>(Outcome(await client.WaitForPaymentAsync(code)));

        Assert.Equal(
            [new PaymentDifference.Account(Shop, "thief@devb"), new PaymentDifference.CurrencyDiffers(Currency.KHR, Currency.USD)],
            mismatch.Differences.ToArray());
    }

    [Fact]
    public async Task An_overpayment_is_a_mismatch_too()
    {
        var time = Clock.New();
        var code = Encode(Asking(5m), time);
        var client = Clients.For(new FakeBakong((_, _, _) => Canned.Json(Found(50m))), time);

        var mismatch = Assert.IsType<PaymentOutcome.Mismatch>(Outcome(await client.WaitForPaymentAsync(code)));

        Assert.Equal([new PaymentDifference.AmountDiffers(5m, 50m)], mismatch.Differences.ToArray());
    }

    [Fact]
    public async Task Unpaid_until_the_qrs_own_expiry_is_expired_at_that_instant()
    {
        var time = Clock.New();
        var start = time.GetUtcNow();
        var code = Encode(Asking(1m) with { Validity = TimeSpan.FromSeconds(12) }, time);
        var fake = new FakeBakong((_, _, _) => Canned.Json(Envelopes.NotFound));
        var poll = EveryFiveSeconds;
        var client = Clients.For(fake, time);

        var outcome = Outcome(await time.RunUntilDone(client.WaitForPaymentAsync(code, schedule: poll)));

        Assert.Equal(new PaymentOutcome.Expired(start.AddSeconds(12)), outcome);
        Assert.Equal(code.ExpiresAt, Prelude.Some(start.AddSeconds(12)));
        // Checks at 0, 5, 10 and, cut short by the expiry, 12 seconds; never after it.
        Assert.Equal(4, fake.Count(CheckTransactionByMd5.Path));
        Assert.Equal(start.AddSeconds(12), time.GetUtcNow());
    }

    [Fact]
    public async Task An_earlier_deadline_wins_and_a_later_one_never_outlives_the_qr()
    {
        var time = Clock.New();
        var start = time.GetUtcNow();
        var code = Encode(Asking(1m) with { Validity = TimeSpan.FromSeconds(30) }, time);
        var poll = EveryFiveSeconds;
        var client = Clients.For(new FakeBakong((_, _, _) => Canned.Json(Envelopes.NotFound)), time);

        var early = Outcome(await time.RunUntilDone(client.WaitForPaymentAsync(code, deadline: start.AddSeconds(7), schedule: poll)));
        var late = Outcome(await time.RunUntilDone(client.WaitForPaymentAsync(code, deadline: time.GetUtcNow().AddHours(1), schedule: poll)));

        Assert.Equal(new PaymentOutcome.Expired(start.AddSeconds(7)), early);
        Assert.Equal(new PaymentOutcome.Expired(start.AddSeconds(30)), late);
        Assert.Equal(start.AddSeconds(30), time.GetUtcNow());
    }

    [Fact]
    public async Task A_failed_transaction_is_its_own_outcome()
    {
        var time = Clock.New();
        var code = Encode(Asking(1m), time);
        var poll = EveryFiveSeconds;
        var client = Clients.For(new FakeBakong((_, _, n) => Canned.Json(n == 1 ? Envelopes.NotFound : Envelopes.Failed)), time);

        var outcome = Outcome(await time.RunUntilDone(client.WaitForPaymentAsync(code, schedule: poll)));

        Assert.Equal(new PaymentOutcome.Failed("Transaction failed."), outcome);
    }

    [Fact]
    public async Task A_static_qr_is_static_at_once_without_a_request()
    {
        var time = Clock.New();
        var code = Encode(KhqrSamples.IndividualStaticUsd, time);
        var fake = new FakeBakong((_, _, _) => Canned.Json(Found(1m)));
        var client = Clients.For(fake, time);

        var outcome = Outcome(await client.WaitForPaymentAsync(code));

        Assert.IsType<PaymentOutcome.StaticQr>(outcome);
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task Errorcode_2_for_a_dynamic_qr_is_static_qr_too()
    {
        var time = Clock.New();
        var code = Encode(Asking(1m), time);
        var client = Clients.For(new FakeBakong((_, _, _) => Canned.Json(Fixture.Failure(2, "Static QR code not supported"))), time);

        Assert.IsType<PaymentOutcome.StaticQr>(Outcome(await client.WaitForPaymentAsync(code)));
    }

    [Fact]
    public async Task An_invalid_payload_fails_naming_each_problem_before_any_request()
    {
        var fake = new FakeBakong((_, _, _) => Canned.Json(Found(500m, Currency.KHR, "jonhsmith@nbcq")));
        var client = Clients.For(fake, Clock.New());
        var vector = KhqrFixture.Vector("khqr-md-1-individual-dynamic.json").Payload;
        var wrongCrc = vector[..^4] + "0000";

        var result = await client.WaitForPaymentAsync(Khqr.Decode(wrongCrc), deadline: Clock.Start.AddMinutes(1));

        var error = result.FailAs<BakongError.InvalidInput, PaymentOutcome>();
        Assert.Equal(["khqr.63"], error.Errors.Map(f => f.Field).ToArray());
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task Missing_client_qr_and_deadline_are_named()
    {
        var time = Clock.New();
        var client = Clients.For(new FakeBakong((_, _, _) => Canned.Json(Envelopes.NotFound)), time);
        var code = Encode(Asking(1m), time);

        Assert.True((await ((BakongClient?)null).WaitForPaymentAsync(code)).FailAs<BakongError.InvalidInput, PaymentOutcome>().Names("client"));
        Assert.True((await client.WaitForPaymentAsync((KhqrCode?)null)).FailAs<BakongError.InvalidInput, PaymentOutcome>().Names("khqr"));
        Assert.True((await client.WaitForPaymentAsync((KhqrDecoded?)null)).FailAs<BakongError.InvalidInput, PaymentOutcome>().Names("khqr"));
        Assert.True((await client.WaitForPaymentAsync(code, schedule: BackoffSchedule.Fixed(TimeSpan.FromDays(2)))).FailAs<BakongError.InvalidInput, PaymentOutcome>().Names("InitialDelay"));
    }

    [Fact]
    public async Task A_qr_without_an_expiration_needs_a_deadline()
    {
        // khqr.md vector 1: dynamic, 500 KHR, with only a creation time, as older QRs are.
        var payload = KhqrFixture.Vector("khqr-md-1-individual-dynamic.json").Payload;
        var time = Clock.New();
        var fake = new FakeBakong((_, _, _) => Canned.Json(Found(500m, Currency.KHR, "jonhsmith@nbcq")));
        var client = Clients.For(fake, time);

        var without = await client.WaitForPaymentAsync(Khqr.Decode(payload));
        var with = await client.WaitForPaymentAsync(Khqr.Decode(payload), deadline: time.GetUtcNow().AddMinutes(5));

        var error = without.FailAs<BakongError.InvalidInput, PaymentOutcome>();
        Assert.Equal([new FieldError("deadline", "is required: the QR carries no expiration (tag 99.01)")], error.Errors.ToArray());
        Assert.IsType<PaymentOutcome.Paid>(Outcome(with));
        Assert.Equal($$"""{"md5":"b1c250304b8594e4c6b53dd44791b57a"}""", Assert.Single(fake.Requests).Body);
    }

    [Fact]
    public async Task Errors_waiting_cannot_fix_stay_in_the_fin()
    {
        var time = Clock.New();
        var code = Encode(Asking(1m), time);
        var client = Clients.For(new FakeBakong((_, _, _) => Canned.Json(Envelopes.Unauthorized, 401)), time);

        var result = await client.WaitForPaymentAsync(code);

        Assert.True(result.IsFail);
        Assert.True(result.Fail().IsUnauthorized);
    }

    [Fact]
    public async Task Cancellation_is_a_failure_not_an_outcome()
    {
        var time = Clock.New();
        var code = Encode(Asking(1m), time);
        var poll = EveryFiveSeconds;
        var client = Clients.For(new FakeBakong((_, _, _) => Canned.Json(Envelopes.NotFound)), time);
        using var cts = new CancellationTokenSource();

        var waiting = client.WaitForPaymentAsync(code, cancellationToken: cts.Token, schedule: poll);
        await cts.CancelAsync();

        Assert.IsType<BakongError.Cancelled>((await waiting).Fail());
    }

    [Fact]
    public async Task The_decoded_payload_and_the_code_wait_alike()
    {
        var time = Clock.New();
        var code = Encode(Asking(2.25m), time);
        var client = Clients.For(new FakeBakong((_, _, _) => Canned.Json(Found(2.25m))), time);

        var fromCode = Outcome(await client.WaitForPaymentAsync(code));
        var fromText = Outcome(await client.WaitForPaymentAsync(Khqr.Decode(code.Payload)));

        Assert.Equal(fromCode, fromText);
    }

    [Fact]
    public async Task The_aff_twin_waits_only_when_run()
    {
        var time = Clock.New();
        var code = Encode(Asking(3m), time);
        var fake = new FakeBakong((_, _, _) => Canned.Json(Found(2m)));
        var client = Clients.For(fake, time);

        var wait = client.WaitForPayment(code);
        Assert.Empty(fake.Requests);
        var outcome = Outcome(await wait.Run());
        var decoded = Outcome(await client.WaitForPayment(Khqr.Decode(code.Payload)).Run());

        Assert.Equal([new PaymentDifference.AmountDiffers(3m, 2m)], Assert.IsType<PaymentOutcome.Mismatch>(outcome).Differences.ToArray());
        Assert.Equal(outcome, decoded);
        Assert.Equal(2, fake.Count(CheckTransactionByMd5.Path));
    }

    [Fact]
    public void The_decoded_qr_says_what_it_expects()
    {
        var dynamic = Khqr.Decode(KhqrFixture.Vector("khqr-md-1-individual-dynamic.json").Payload);
        var merchantStatic = Khqr.Decode(KhqrFixture.Vector("khqr-md-2-merchant-static.json").Payload);

        Assert.Equal(new ExpectedPayment("jonhsmith@nbcq", Currency.KHR, 500m), dynamic.ExpectedPayment);
        Assert.Equal(new ExpectedPayment("jonhsmith@nbcq", Currency.KHR, Option<decimal>.None), merchantStatic.ExpectedPayment);
        Assert.True(Khqr.Decode("not a qr").ExpectedPayment.IsNone);
    }

    [Fact]
    public void Only_the_exact_amount_account_and_currency_is_ever_paid()
    {
        var amount = Gen.Int[1, 1_000_000].Select(cents => cents / 100m);
        var gen =
            from asked in amount
            from paid in Gen.Frequency((1, Gen.Const(asked)), (3, amount))
            from sameAccount in Gen.Bool
            from sameCurrency in Gen.Bool
            select (asked, paid, sameAccount, sameCurrency);

        gen.Sample(x =>
        {
            var time = new FakeTimeProvider(Clock.Start);
            var code = Encode(Asking(x.asked), time);
            // Riel are whole: a payment in the wrong currency is the asked amount at some rate, rounded.
            var paid = x.sameCurrency ? x.paid : Math.Round(x.paid * 4100m);
            var answer = Found(paid, x.sameCurrency ? Currency.USD : Currency.KHR, x.sameAccount ? Shop.ToUpperInvariant() : "other@devb");
            var client = Clients.For(new FakeBakong((_, _, _) => Canned.Json(answer)), time);

            var outcome = Outcome(client.WaitForPaymentAsync(code).GetAwaiter().GetResult());

            var exact = paid == x.asked && x.sameAccount && x.sameCurrency;
            Assert.Equal(exact, outcome.IsPaid);
            Assert.Equal(exact, outcome is PaymentOutcome.Paid);
            if (!exact)
            {
                var differences = Assert.IsType<PaymentOutcome.Mismatch>(outcome).Differences;
                Assert.Equal(paid != x.asked, differences.Exists(d => d == new PaymentDifference.AmountDiffers(x.asked, paid)));
                Assert.Equal(!x.sameAccount, differences.Exists(d => d is PaymentDifference.Account));
                Assert.Equal(!x.sameCurrency, differences.Exists(d => d is PaymentDifference.CurrencyDiffers));
            }
        }, iter: 500);
    }
}
