using Bakong.Functional.Testing;
using Bakong.Functional.Tests.KhqrCodec;
using Bakong.Functional.Tests.Watcher;

namespace Bakong.Functional.Tests.Workflows;

/// <summary>The watcher takes a KHQR directly: its md5, its expiry as the deadline, and what it asked for.</summary>
public sealed class KhqrWatchTests
{
    private static KhqrCode Encode(WatcherHarness h, decimal amount, TimeSpan validity) =>
        KhqrAssert.Accepted(Khqr.Encode(
            new KhqrRequest(new KhqrAccount.Individual("shop@devb"), "Shop", Currency.USD) { Amount = amount, Validity = validity }, h.Clock));

    [Fact]
    public async Task An_underpaid_khqr_is_a_mismatch()
    {
        await using var h = new WatcherHarness();
        var code = Encode(h, 10m, TimeSpan.FromMinutes(1));
        h.Emulator.AddPayment(PaymentSeed.From(code, amount: 9.5m) with { VisibleAt = WatcherHarness.Start.AddSeconds(2) });

        var outcome = await h.RunUntilDone(h.Watcher.Watch(code));

        var mismatch = Assert.IsType<PaymentOutcome.Mismatch>(outcome);
        Assert.Equal([new PaymentDifference.AmountDiffers(10m, 9.5m)], mismatch.Differences.ToArray());
    }

    [Fact]
    public async Task A_khqr_paid_as_asked_is_paid()
    {
        await using var h = new WatcherHarness();
        var code = Encode(h, 10m, TimeSpan.FromMinutes(1));
        h.Emulator.AddPayment(PaymentSeed.From(code) with { VisibleAt = WatcherHarness.Start.AddSeconds(2) });

        var outcome = await h.RunUntilDone(h.Watcher.Watch(Khqr.Decode(code.Payload)));

        Assert.Equal("shop@devb", Assert.IsType<PaymentOutcome.Paid>(outcome).Transaction.ToAccountId);
    }

    [Fact]
    public async Task An_unpaid_khqr_expires_at_its_own_expiry()
    {
        await using var h = new WatcherHarness();
        var code = Encode(h, 1m, TimeSpan.FromSeconds(5));

        var outcome = await h.RunUntilDone(h.Watcher.Watch(code));

        Assert.Equal(new PaymentOutcome.Expired(WatcherHarness.Start.AddSeconds(5)), outcome);
    }

    [Fact]
    public async Task Bad_input_ends_at_once_as_an_error_and_a_static_qr_as_static()
    {
        await using var h = new WatcherHarness();
        var code = Encode(h, 1m, TimeSpan.FromMinutes(1));
        var staticQr = KhqrAssert.Accepted(Khqr.Encode(KhqrSamples.IndividualStaticUsd, h.Clock));

        var broken = await h.Watcher.Watch(Khqr.Decode(code.Payload[..^1] + "X"));
        var noWatcher = await ((PaymentWatcher?)null).Watch(code);
        var noQr = await h.Watcher.Watch((KhqrCode?)null);
        var isStatic = await h.Watcher.Watch(staticQr);

        Assert.Equal(["khqr.63"], Invalid(broken).Errors.Map(f => f.Field).ToArray());
        Assert.True(Invalid(noWatcher).Names("watcher"));
        Assert.True(Invalid(noQr).Names("khqr"));
        Assert.IsType<PaymentOutcome.StaticQr>(isStatic);
        Assert.Empty(h.Emulator.Requests);
    }

    private static BakongError.InvalidInput Invalid(PaymentOutcome outcome) =>
        Assert.IsType<BakongError.InvalidInput>(Assert.IsType<PaymentOutcome.Error>(outcome).Reason);
}
