using Bakong.Functional.Testing;

namespace Bakong.Functional.Tests.Watcher;

/// <summary>Watching a KHQR: md5, deadline and expectation all come from the payload.</summary>
public sealed class WatcherKhqrTests
{
    private static readonly DateTimeOffset Start = WatcherHarness.Start;

    private static KhqrCode Code(WatcherHarness h, decimal? amount = 2.50m, TimeSpan? validity = null)
    {
        var request = new KhqrRequest(new KhqrAccount.Individual("shop@devb"), "Shop", Currency.USD)
        {
            Amount = amount is { } a ? a : Option<decimal>.None,
            Validity = validity ?? TimeSpan.FromMinutes(10),
        };
        return Khqr.Encode(request, h.Clock).Match(c => c, e => throw new InvalidOperationException(e.Message));
    }

    [Fact]
    public async Task A_khqr_paid_in_full_to_its_account_is_paid()
    {
        await using var h = new WatcherHarness();
        var code = Code(h);
        h.Emulator.AddPayment(new PaymentSeed { Qr = code.Payload, Amount = 2.50m, ToAccountId = "shop@devb", VisibleAt = Start.AddSeconds(3) });
        var outcome = await h.RunUntilDone(h.Watcher.Watch(code));
        Assert.Equal(2.50m, Assert.IsType<PaymentOutcome.Paid>(outcome).Transaction.Amount);
        Assert.Contains(code.Md5, h.Lists[^1].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Money_sent_to_another_account_or_in_another_currency_is_a_mismatch_naming_both()
    {
        await using var h = new WatcherHarness();
        var code = Code(h);
        h.Emulator.AddPayment(new PaymentSeed { Qr = code.Payload, Amount = 2.50m, Currency = Currency.KHR, ToAccountId = "other@devb" });
        var outcome = await h.RunUntilDone(h.Watcher.Watch(code));
        var differences = Assert.IsType<PaymentOutcome.Mismatch>(outcome).Differences;
        Assert.Equal(
            [new PaymentDifference.Account("shop@devb", "other@devb"), new PaymentDifference.CurrencyDiffers(Currency.USD, Currency.KHR)],
            differences.ToArray());
    }

    [Fact]
    public async Task An_unpaid_khqr_expires_at_the_expiry_written_in_it()
    {
        await using var h = new WatcherHarness();
        var code = Code(h, validity: TimeSpan.FromSeconds(30));
        var outcome = await h.RunUntilDone(h.Watcher.Watch(code));
        Assert.Equal((DateTimeOffset)code.ExpiresAt, Assert.IsType<PaymentOutcome.Expired>(outcome).Deadline);
        Assert.Equal(Start.AddSeconds(30), h.Now);
    }

    [Fact]
    public async Task An_earlier_deadline_wins_over_the_expiry()
    {
        await using var h = new WatcherHarness();
        var code = Code(h);
        var outcome = await h.RunUntilDone(h.Watcher.Watch(code, Start.AddSeconds(5)));
        Assert.Equal(Start.AddSeconds(5), Assert.IsType<PaymentOutcome.Expired>(outcome).Deadline);
    }

    [Fact]
    public async Task A_static_khqr_ends_as_static_at_once_without_a_request()
    {
        await using var h = new WatcherHarness();
        var code = Code(h, amount: null);
        Assert.True(code.ExpiresAt.IsNone);
        var outcome = await h.Watcher.Watch(code);
        Assert.IsType<PaymentOutcome.StaticQr>(outcome);
        Assert.Empty(h.Emulator.Requests);
    }

    [Fact]
    public async Task A_later_deadline_does_not_outlive_the_expiry()
    {
        await using var h = new WatcherHarness();
        var code = Code(h, validity: TimeSpan.FromSeconds(30));
        var outcome = await h.RunUntilDone(h.Watcher.Watch(code, Start.AddMinutes(5)));
        Assert.Equal(Start.AddSeconds(30), Assert.IsType<PaymentOutcome.Expired>(outcome).Deadline);
    }

    [Fact]
    public async Task A_payload_that_is_not_a_valid_khqr_ends_at_once_naming_the_problem()
    {
        await using var h = new WatcherHarness();
        var code = Code(h);
        // A CRC that differs from the real one, whatever it is.
        var broken = Khqr.Decode(code.Payload[..^4] + (code.Payload.EndsWith("0000", StringComparison.Ordinal) ? "FFFF" : "0000"));
        var outcome = await h.Watcher.Watch(broken);
        var error = Assert.IsType<BakongError.InvalidInput>(Assert.IsType<PaymentOutcome.Error>(outcome).Reason);
        Assert.True(error.Names("khqr.63"));
        Assert.Empty(h.Emulator.Requests);
    }
}
