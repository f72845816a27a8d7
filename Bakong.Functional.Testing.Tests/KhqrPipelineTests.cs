using static Bakong.Functional.Testing.Tests.Support.FinAssert;
using static LanguageExt.Prelude;

namespace Bakong.Functional.Testing.Tests;

/// <summary>
/// The whole KHQR pipeline against the emulator over loopback: encode, deep link, the payer pays from the payload,
/// wait with the payload, confirm. Both endings: underpaid is a mismatch, paid as asked is paid.
/// </summary>
public class KhqrPipelineTests
{
    private static readonly BackoffSchedule Quick = BackoffSchedule.Fixed(TimeSpan.FromMilliseconds(20));

    private static BakongClient Client(BakongEmulator emulator, EmulatorServer server, HttpClient http) =>
        new(http, new BakongClientOptions { BaseUrl = server.BaseUrl, Token = emulator.IssueToken() });

    private static KhqrRequest Order(decimal amount) =>
        new(new KhqrAccount.Merchant("shop@devb", "M-000042", "Dev Bank"), "Dev Shop", Currency.USD)
        {
            Amount = amount,
            AdditionalData = new KhqrAdditionalData { BillNumber = "INV-42" },
        };

    [Fact]
    public async Task An_underpaid_khqr_ends_as_a_mismatch_with_the_amount_difference()
    {
        var emulator = new BakongEmulator();
        await using var server = await emulator.StartServerAsync();
        using var http = new HttpClient();
        var client = Client(emulator, server, http);

        var code = Succ(Khqr.Encode(Order(10.00m)));
        var link = Succ(await client.SendAsync(GenerateDeeplink.Create(code)));
        emulator.AddPayment(PaymentSeed.From(code.Payload, amount: 9.00m) with { VisibleAfterPolls = 2 });
        var outcome = Succ(await client.WaitForPaymentAsync(Khqr.Decode(code.Payload), schedule: Quick));

        Assert.Equal("https", link.Scheme);
        var mismatch = Assert.IsType<PaymentOutcome.Mismatch>(outcome);
        Assert.False(outcome.IsPaid);
        Assert.Equal([new PaymentDifference.AmountDiffers(10.00m, 9.00m)], mismatch.Differences.ToArray());
        Assert.Equal(("shop@devb", Currency.USD, 9.00m), (mismatch.Transaction.ToAccountId, mismatch.Transaction.Currency, mismatch.Transaction.Amount));
        Assert.Equal(3, emulator.Payment(code.Md5)!.Polls);
        using var deeplinkBody = System.Text.Json.JsonDocument.Parse(Assert.Single(emulator.Requests, r => r.Path == GenerateDeeplink.Path).Body);
        Assert.Equal(code.Payload, deeplinkBody.RootElement.GetProperty("qr").GetString());
    }

    [Fact]
    public async Task A_khqr_paid_as_asked_ends_as_paid()
    {
        var emulator = new BakongEmulator();
        await using var server = await emulator.StartServerAsync();
        using var http = new HttpClient();
        var client = Client(emulator, server, http);

        var code = Succ(Khqr.Encode(Order(10.00m)));
        var link = Succ(await client.SendAsync(GenerateDeeplink.Create(code)));
        emulator.AddPayment(PaymentSeed.From(code.Payload) with { VisibleAfterPolls = 2 });
        var outcome = Succ(await client.WaitForPaymentAsync(Khqr.Decode(code.Payload), schedule: Quick));

        Assert.NotNull(link);
        var paid = Assert.IsType<PaymentOutcome.Paid>(outcome);
        Assert.Equal(("shop@devb", Currency.USD, 10.00m), (paid.Transaction.ToAccountId, paid.Transaction.Currency, paid.Transaction.Amount));
        Assert.Equal(3, emulator.Payment(code.Md5)!.Polls);
    }

    [Fact]
    public async Task An_unpaid_khqr_expires_at_its_own_expiry()
    {
        var emulator = new BakongEmulator();
        await using var server = await emulator.StartServerAsync();
        using var http = new HttpClient();
        var client = Client(emulator, server, http);

        var code = Succ(Khqr.Encode(Order(1m) with { ExpiresAt = DateTimeOffset.UtcNow.AddMilliseconds(300) }));
        var outcome = Succ(await client.WaitForPaymentAsync(code, schedule: Quick));

        Assert.Equal(new PaymentOutcome.Expired((DateTimeOffset)code.ExpiresAt), outcome);
    }

    /// <summary>The README's pipeline, run with the payer paying <paramref name="payerPays"/> when the QR is shown.</summary>
    [Theory]
    [InlineData("2.50", "paid 2.50 USD to shop@devb")]
    [InlineData("2.00", "not what was asked: amount: expected 2.50, got 2.00")]
    public async Task The_readme_pipeline_generates_shows_waits_and_confirms(string payerPays, string expected)
    {
        var emulator = new BakongEmulator();
        await using var server = await emulator.StartServerAsync();
        using var http = new HttpClient();
        var client = Client(emulator, server, http);
        var cancellationToken = CancellationToken.None;
        var shown = new List<(string Payload, Uri Link)>();

        // The shop's screen: here the payer scans it and pays from the payload.
        Aff<Unit> Show(KhqrCode code, Uri link) => Eff(() =>
        {
            shown.Add((code.Payload, link));
            emulator.AddPayment(code, amount: decimal.Parse(payerPays, System.Globalization.CultureInfo.InvariantCulture));
            return unit;
        }).ToAff();

        // --- README: Generate, show, wait for and confirm a KHQR payment in one LINQ query
        var request = new KhqrRequest(new KhqrAccount.Individual("shop@devb"), "Dev Shop", Currency.USD)
        {
            Amount = 2.50m,
            Validity = TimeSpan.FromMinutes(5),
        };

        var checkout =
            from code in Khqr.Encode(request).ToAff()
            from link in client.Send(GenerateDeeplink.Create(code), cancellationToken)
            from _ in Show(code, link)                                     // draw code.Payload as a QR, offer the link
            from outcome in client.WaitForPayment(code, schedule: Quick, cancellationToken: cancellationToken)
            select outcome.Match(
                paid: p => $"paid {p.Transaction.Amount} {p.Transaction.Currency} to {p.Transaction.ToAccountId}",
                mismatch: m => $"not what was asked: {string.Join("; ", m.Differences)}",
                failed: f => $"payment failed: {f.Reason}",
                staticQr: _ => "a static QR cannot be checked by md5",
                expired: e => $"not paid by {e.Deadline:HH:mm}",
                unconfirmed: u => $"could not be confirmed by {u.Deadline:HH:mm}: reconcile by hand",
                error: e => e.Reason.Summary);

        Fin<string> result = await checkout.Run();
        // --- end

        Assert.Equal(expected, Succ(result));
        var screen = Assert.Single(shown);
        Assert.Equal(2.50m, Khqr.Decode(screen.Payload).Amount);
        Assert.Equal("https", screen.Link.Scheme);
    }
}
