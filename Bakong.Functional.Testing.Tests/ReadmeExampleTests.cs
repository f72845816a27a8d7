namespace Bakong.Functional.Testing.Tests;

// The README's example, verbatim, so it keeps compiling and passing.
public class CheckoutTests
{
    [Fact]
    public async Task The_order_is_paid_once_bakong_sees_the_payment()
    {
        var emulator = new BakongEmulator();
        var qr = "000201010212...";                               // the KHQR your code showed
        emulator.AddPayment(new PaymentSeed { Qr = qr, Amount = 1.5m, VisibleAfterPolls = 2 });
        await using var server = await emulator.StartServerAsync();
        using var http = new HttpClient();
        var client = new BakongClient(http, new BakongClientOptions { BaseUrl = server.BaseUrl, Token = emulator.IssueToken() });

        // Two polls say "not yet" (errorCode 1), the third finds the transaction.
        for (var i = 0; i < 2; i++)
            Assert.True((await client.SendAsync(CheckTransactionByMd5.Create(Khqr.Md5(qr)).OrNone())).Match(o => o.IsNone, _ => false));
        var paid = await client.SendAsync(CheckTransactionByMd5.Create(Khqr.Md5(qr)));
        Assert.True(paid.IsSucc);
    }
}

/// <summary>The top-level README's emulator example, verbatim.</summary>
public class TopLevelReadmeExampleTests
{
    [Fact]
    public async Task An_order_is_paid_once_bakong_sees_the_payment()
    {
        // Arrange: a Bakong of your own, on 127.0.0.1, where the payment shows up on the third check.
        var emulator = new BakongEmulator();
        var qr = "00020101021229180014shop@devb520459995303840540525.005802KH5904Shop6010Phnom Penh6304ABCD";
        emulator.AddPayment(new PaymentSeed { Qr = qr, Amount = 25.00m, Currency = Currency.USD, VisibleAfterPolls = 2 });
        await using var server = await emulator.StartServerAsync();
        using var http = new HttpClient();
        var bakong = new BakongClient(http, new BakongClientOptions { BaseUrl = server.BaseUrl, Token = emulator.IssueToken() });

        // Act: your payment code, here the library's own wait.
        var result = await bakong.WaitForPaymentAsync(
            Khqr.Md5(qr), DateTimeOffset.UtcNow.AddSeconds(30), BackoffSchedule.Fixed(TimeSpan.FromMilliseconds(20)));

        // Assert: paid, after three checks, and the token never reached the emulator's log.
        var paid = result.Match(Succ: found => found, Fail: error => throw new Xunit.Sdk.XunitException(error.Message));
        Assert.Equal(25.00m, paid.Map(t => t.Amount).IfNone(0m));
        Assert.Equal(3, emulator.Payment(Khqr.Md5(qr))!.Polls);
        Assert.Equal(3, emulator.Requests.Count(r => r.Path == CheckTransactionByMd5.Path && r.HadBearer));
    }
}
