using Bakong.Functional.Testing.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static Bakong.Functional.Testing.Tests.Support.FinAssert;

namespace Bakong.Functional.Testing.Tests;

/// <summary>
/// The customer's side: a QR shown stays pending until the customer pays it, pays another amount, or the bank fails
/// it; the overview says where each payment stands.
/// </summary>
public class ShownQrTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    private static KhqrCode Qr(TimeProvider clock, decimal? amount = 2.50m, Currency currency = Currency.USD) =>
        Succ(Khqr.Encode(new KhqrRequest(new KhqrAccount.Individual("shop@devb"), "Dev Shop", currency)
        {
            Amount = amount is { } a ? a : Option<decimal>.None,
            Validity = TimeSpan.FromMinutes(5),
        }, clock));

    [Fact]
    public async Task A_shown_qr_is_not_found_until_the_customer_pays_it_then_found_as_the_qr_asked()
    {
        var clock = new FakeTimeProvider(Start);
        await using var h = await Harness.Start(Face.Handler, new BakongEmulator(null, clock));
        var code = Qr(clock);

        var shown = Succ(h.Emulator.ShowQr(code.Payload));
        Assert.Equal((code.Md5, "shop@devb", Currency.USD, Option<decimal>.Some(2.50m), "Dev Shop", Start, Option<DateTimeOffset>.Some(Start.AddMinutes(5))),
            (shown.Md5, shown.ToAccountId, shown.Currency, shown.Amount, shown.MerchantName, shown.ShownAt, shown.ExpiresAt));
        Assert.Equal(ApiErrorCode.TransactionNotFound, ApiCode(await h.Client().SendAsync(CheckTransactionByMd5.Create(code.Md5))));
        Assert.Equal(PaymentStatus.Pending, Assert.Single(h.Emulator.Overview().Payments).Status);

        var paid = Succ(h.Emulator.Pay(code.Md5));

        var found = Succ(await h.Client().SendAsync(CheckTransactionByMd5.Create(code.Md5)));
        Assert.Equal((2.50m, Currency.USD, "shop@devb", BakongEmulator.CustomerAccountId, paid.Hash),
            (found.Amount, found.Currency, found.ToAccountId, found.FromAccountId, found.Hash));
        var view = Assert.Single(h.Emulator.Overview().Payments);
        Assert.Equal((PaymentStatus.Paid, 2), (view.Status, view.Checks));
        Assert.Empty(view.Differences);
    }

    [Fact]
    public async Task Another_amount_is_paid_as_given_and_the_library_calls_it_a_mismatch()
    {
        var emulator = new BakongEmulator();
        await using var server = await emulator.StartServerAsync();
        using var http = new HttpClient();
        var client = new BakongClient(http, new BakongClientOptions { BaseUrl = server.BaseUrl, Token = emulator.IssueToken() });
        var code = Qr(TimeProvider.System);
        Succ(emulator.ShowQr(code.Payload));

        Succ(emulator.Pay(code.Md5, 2.00m));

        var outcome = Assert.IsType<PaymentOutcome.Mismatch>(Succ(await client.WaitForPaymentAsync(code)));
        Assert.Equal([new PaymentDifference.AmountDiffers(2.50m, 2.00m)], outcome.Differences.ToArray());
        var view = Assert.Single(emulator.Overview().Payments);
        Assert.Equal(PaymentStatus.Mismatched, view.Status);
        Assert.Equal([new PaymentDifference.AmountDiffers(2.50m, 2.00m)], view.Differences.ToArray());
    }

    [Fact]
    public async Task A_failed_payment_answers_error_code_3()
    {
        var clock = new FakeTimeProvider(Start);
        await using var h = await Harness.Start(Face.Handler, new BakongEmulator(null, clock));
        var code = Qr(clock);
        Succ(h.Emulator.ShowQr(code.Payload));

        Succ(h.Emulator.Fail(code.Md5));

        Assert.Equal(ApiErrorCode.TransactionFailed, ApiCode(await h.Client().SendAsync(CheckTransactionByMd5.Create(code.Md5))));
        Assert.Equal(PaymentStatus.Failed, Assert.Single(h.Emulator.Overview().Payments).Status);
    }

    [Fact]
    public void The_customer_is_refused_as_a_banking_app_would_refuse_naming_the_field()
    {
        var clock = new FakeTimeProvider(Start);
        var emulator = new BakongEmulator(null, clock);
        var settled = Qr(clock, 1.00m);
        var expiring = Qr(clock, 3.00m);
        var dynamicKhr = Qr(clock, 5000m, Currency.KHR);
        var staticQr = Qr(clock, amount: null);
        foreach (var code in new[] { settled, expiring, dynamicKhr, staticQr })
            Succ(emulator.ShowQr(code.Payload));
        Succ(emulator.Pay(settled.Md5));
        clock.Advance(TimeSpan.FromMinutes(4));

        Assert.Equal("md5", Field(emulator.Pay(Khqr.Md5("never shown"))));
        Assert.Equal("md5", Field(emulator.Pay(null)));
        Assert.Equal("md5", Field(emulator.Pay(settled.Md5)));
        Assert.Equal("md5", Field(emulator.Fail(settled.Md5)));
        Assert.Equal("amount", Field(emulator.Pay(staticQr.Md5)));
        Assert.Equal("amount", Field(emulator.Pay(dynamicKhr.Md5, 4999.5m)));
        Assert.Equal("amount", Field(emulator.Pay(expiring.Md5, 0m)));
        Assert.Equal("amount", Field(emulator.Pay(expiring.Md5, 1.001m)));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("md5", Field(emulator.Pay(expiring.Md5)));
        Assert.Equal("khqr", Assert.IsType<BakongError.InvalidInput>(Fail(emulator.ShowQr("not a KHQR"))).Errors.Head.Field);

        var statuses = emulator.Overview().Payments.ToDictionary(v => v.Md5, v => v.Status);
        Assert.Equal(PaymentStatus.Paid, statuses[settled.Md5]);
        Assert.Equal(PaymentStatus.Expired, statuses[expiring.Md5]);
        Assert.Equal(PaymentStatus.Expired, statuses[dynamicKhr.Md5]);
        Assert.Equal(PaymentStatus.Pending, statuses[staticQr.Md5]);
    }

    [Fact]
    public async Task A_static_qr_is_paid_any_amount_and_bakong_cannot_check_it_by_md5()
    {
        var clock = new FakeTimeProvider(Start);
        await using var h = await Harness.Start(Face.Handler, new BakongEmulator(null, clock));
        var code = Qr(clock, amount: null);
        Assert.True(Succ(h.Emulator.ShowQr(code.Payload)).Amount.IsNone);

        Assert.Equal(7.00m, Succ(h.Emulator.Pay(code.Md5, 7.00m)).Amount);

        Assert.Equal(ApiErrorCode.StaticQrNotSupported, ApiCode(await h.Client().SendAsync(CheckTransactionByMd5.Create(code.Md5))));
        Assert.Equal(PaymentStatus.StaticQr, Assert.Single(h.Emulator.Overview().Payments).Status);
    }

    [Fact]
    public async Task Expiring_every_token_makes_each_one_unauthorized_and_a_new_one_works()
    {
        await using var h = await Harness.Start(Face.Handler);
        var first = h.Emulator.IssueToken();
        var second = h.Emulator.IssueToken();
        h.Emulator.RevokeToken(second);

        Assert.Equal(1, h.Emulator.ExpireTokens());

        Assert.IsType<BakongError.Unauthorized>(Fail(await h.Client(token: first).SendAsync(CheckTransactionByMd5.Create(Khqr.Md5("x")))));
        Assert.Equal(0, h.Emulator.Overview().ValidTokens);
        Assert.Equal(ApiErrorCode.TransactionNotFound, ApiCode(await h.Client().SendAsync(CheckTransactionByMd5.Create(Khqr.Md5("x")))));
    }

    [Fact]
    public async Task The_overview_holds_the_inbox_the_faults_and_the_latest_requests_newest_first()
    {
        await using var h = await Harness.Start(Face.Handler);
        Succ(await h.Client(authorized: false).SendAsync(RequestToken.Create("dev@example.com", "Shop", "Checkout")));
        h.Emulator.Inject(CheckTransactionByMd5.Path, new Fault.GeoBlocked(), times: 2);
        h.Emulator.InjectAlways(BakongEmulator.AnyPath, new Fault.Latency(TimeSpan.Zero));
        h.Emulator.AddPayment(Khqr.Md5("seeded"), 1m);

        var overview = h.Emulator.Overview(recentRequests: 1);

        var mail = Assert.Single(overview.Inbox);
        Assert.Equal(("dev@example.com", "Shop", "Checkout", h.Emulator.VerificationCodeFor("dev@example.com")), (mail.To, mail.Organization, mail.Project, mail.Code));
        Assert.Equal(
            [new InjectedFault(CheckTransactionByMd5.Path, new Fault.GeoBlocked(), 2), new InjectedFault(BakongEmulator.AnyPath, new Fault.Latency(TimeSpan.Zero), Option<int>.None)],
            overview.Faults);
        Assert.Equal(RequestToken.Path, Assert.Single(overview.RecentRequests).Path);
        Assert.Equal(1, overview.RequestCount);
        var seeded = Assert.Single(overview.Payments);
        Assert.Equal((PaymentStatus.Paid, true), (seeded.Status, seeded.Qr.IsNone));
        Assert.Equal("recentRequests", Assert.Throws<ArgumentOutOfRangeException>(() => h.Emulator.Overview(-1)).ParamName);
    }

    private static string Field<A>(Fin<A> result) =>
        Assert.Single(Assert.IsType<BakongError.InvalidInput>(Fail(result)).Errors).Field;
}
