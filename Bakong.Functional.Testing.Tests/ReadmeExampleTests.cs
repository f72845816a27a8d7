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

/// <summary>The emulator example of docs/sandbox.md, verbatim.</summary>
public class TopLevelReadmeExampleTests
{
    [Fact]
    public async Task An_order_is_paid_once_bakong_sees_the_payment()
    {
        // Arrange: a Bakong of your own, on 127.0.0.1, where the payment shows up on the third check.
        var emulator = new BakongEmulator();
        var qr = Khqr.Encode(new KhqrRequest(new KhqrAccount.Individual("shop@devb"), "Shop", Currency.USD) { Amount = 25.00m })
            .Match(code => code.Payload, error => throw new Xunit.Sdk.XunitException(error.Message));
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

// The Testing README's other examples, verbatim.
public class UnderpaymentTests
{
    [Fact]
    public async Task An_underpaid_qr_is_a_mismatch_never_paid()
    {
        var emulator = new BakongEmulator();
        var code = (KhqrCode)Khqr.Encode(new KhqrRequest(new KhqrAccount.Individual("shop@devb"), "Shop", Currency.USD) { Amount = 2.50m });
        emulator.ShowQr(code.Payload);                             // your checkout shows the QR
        await using var server = await emulator.StartServerAsync();
        using var http = new HttpClient();
        var client = new BakongClient(http, new BakongClientOptions { BaseUrl = server.BaseUrl, Token = emulator.IssueToken() });

        emulator.Pay(code.Md5, 2.00m);                             // the customer pays less than asked
        var outcome = (PaymentOutcome)await client.WaitForPaymentAsync(code);

        Assert.IsType<PaymentOutcome.Mismatch>(outcome);
        Assert.Equal(PaymentStatus.Mismatched, emulator.Overview().Payments[0].Status);
    }
}

public class FaultExampleTests
{
    [Fact]
    public async Task A_geo_block_then_a_rate_limit_then_the_answer()
    {
        var emulator = new BakongEmulator();
        var md5 = emulator.AddPayment(Khqr.Md5("order-1"), 1.00m).Md5;
        emulator.Inject(CheckTransactionByMd5.Path, new Fault.GeoBlocked());                          // HTML 403
        emulator.Inject(CheckTransactionByMd5.Path, new Fault.RateLimited(TimeSpan.FromSeconds(3)));  // then 429, Retry-After: 3
        using var http = new HttpClient(emulator.CreateHandler());
        var client = new BakongClient(http, new BakongClientOptions
        {
            BaseUrl = new Uri("http://127.0.0.1/"), Token = emulator.IssueToken(), Retry = RetryPolicy.None,
        });

        var blocked = await client.SendAsync(CheckTransactionByMd5.Create(md5));
        var limited = await client.SendAsync(CheckTransactionByMd5.Create(md5));
        var paid = await client.SendAsync(CheckTransactionByMd5.Create(md5));

        Assert.True(blocked.Match(_ => false, e => BakongError.From(e) is BakongError.Blocked));
        Assert.True(limited.Match(_ => false, e => BakongError.From(e).RequestedWait == TimeSpan.FromSeconds(3)));
        Assert.True(paid.IsSucc);
    }
}

/// <summary>Every C# block of the Testing README is in this file, character for character, so the README cannot drift from what compiles.</summary>
public class ReadmeBlocksAreTestsTests
{
    [Fact]
    public void Every_csharp_block_of_the_testing_readme_is_a_test_in_this_file()
    {
        // Both files are copied beside the test assembly: a deterministic CI build maps source paths away.
        var docs = Path.Combine(AppContext.BaseDirectory, "Docs");
        var readme = File.ReadAllText(Path.Combine(docs, "TestingReadme.md")).ReplaceLineEndings("\n");
        var tests = File.ReadAllText(Path.Combine(docs, "ReadmeExampleTests.cs.txt")).ReplaceLineEndings("\n");
        var blocks = System.Text.RegularExpressions.Regex.Matches(readme, "```csharp\n(.*?)```", System.Text.RegularExpressions.RegexOptions.Singleline);
        Assert.Equal(3, blocks.Count);
        // A block's own using lines make it compile alone in a new project (Bakong.Functional.Docs.Tests); this file has them globally.
        Assert.All(blocks, block => Assert.Contains(
            System.Text.RegularExpressions.Regex.Replace(block.Groups[1].Value, @"\A(using [^\n]*\n)+\n", ""), tests, StringComparison.Ordinal));
    }

}
