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
        Assert.True(paid.IsRight);
    }
}
