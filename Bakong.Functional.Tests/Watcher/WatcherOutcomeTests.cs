using Bakong.Functional.Testing;

namespace Bakong.Functional.Tests.Watcher;

/// <summary>Each way a watched payment ends, on a manual clock with a one-second interval.</summary>
public sealed class WatcherOutcomeTests
{
    private static readonly DateTimeOffset Start = WatcherHarness.Start;
    private static readonly string Md5 = WatcherHarness.Md5(1);

    [Fact]
    public async Task A_payment_in_full_is_paid_at_the_first_check_after_it_arrives_and_then_leaves_the_batch()
    {
        await using var h = new WatcherHarness();
        h.Pay(Md5, TimeSpan.FromSeconds(3.5));
        var events = h.Watcher.Events();
        var outcome = await h.RunUntilDone(h.Watcher.Watch(Md5, Start.AddMinutes(1), WatcherHarness.Expect()));

        var paid = Assert.IsType<PaymentOutcome.Paid>(outcome);
        Assert.Equal(1.5m, paid.Transaction.Amount);
        Assert.Equal("merchant@emul", paid.Transaction.ToAccountId);
        // Checked once a second: the first check at or after 3.5 s is within one interval of it.
        Assert.InRange(h.Now, Start.AddSeconds(3.5), Start.AddSeconds(4.5));
        var checks = h.Lists.Count;
        await h.RunFor(TimeSpan.FromSeconds(10));
        Assert.Equal(checks, h.Lists.Count);
        Assert.Equal(0, h.Watcher.Statistics.Pending);

        await h.Watcher.StopAsync();
        var seen = await events.ToListAsync();
        var e = Assert.Single(seen);
        Assert.Equal(Md5, e.Md5);
        Assert.Same(outcome, e.Outcome);
    }

    [Fact]
    public async Task An_underpayment_is_a_mismatch_naming_the_amounts_never_paid()
    {
        await using var h = new WatcherHarness();
        h.Pay(Md5, TimeSpan.FromSeconds(1), amount: 1.0m);
        var outcome = await h.RunUntilDone(h.Watcher.Watch(Md5, Start.AddMinutes(1), WatcherHarness.Expect(1.5m)));

        var mismatch = Assert.IsType<PaymentOutcome.Mismatch>(outcome);
        Assert.False(mismatch.IsPaid);
        var difference = Assert.IsType<PaymentDifference.AmountDiffers>(Assert.Single(mismatch.Differences));
        Assert.Equal(1.5m, difference.Expected);
        Assert.Equal(1.0m, difference.Actual);
    }

    [Fact]
    public async Task Without_an_expectation_any_transaction_found_is_paid()
    {
        await using var h = new WatcherHarness();
        h.Pay(Md5, TimeSpan.Zero, amount: 0.01m);
        var outcome = await h.RunUntilDone(h.Watcher.Watch(Md5, Start.AddMinutes(1)));
        Assert.Equal(0.01m, Assert.IsType<PaymentOutcome.Paid>(outcome).Transaction.Amount);
    }

    [Fact]
    public async Task A_failed_transaction_is_failed_with_bakongs_message()
    {
        await using var h = new WatcherHarness();
        h.Pay(Md5, TimeSpan.FromSeconds(2), outcome: SeedOutcome.Failed);
        var outcome = await h.RunUntilDone(h.Watcher.Watch(Md5, Start.AddMinutes(1), WatcherHarness.Expect()));
        Assert.Equal("Transaction failed", Assert.IsType<PaymentOutcome.Failed>(outcome).Reason);
    }

    [Fact]
    public async Task A_static_qr_is_static()
    {
        await using var h = new WatcherHarness();
        h.Pay(Md5, TimeSpan.Zero, outcome: SeedOutcome.StaticQr);
        var outcome = await h.RunUntilDone(h.Watcher.Watch(Md5, Start.AddMinutes(1)));
        Assert.IsType<PaymentOutcome.StaticQr>(outcome);
    }

    [Fact]
    public async Task Nothing_paid_by_the_deadline_expires_exactly_at_the_deadline_after_one_last_check()
    {
        await using var h = new WatcherHarness();
        var deadline = Start.AddSeconds(5.25);
        var outcome = await h.RunUntilDone(h.Watcher.Watch(Md5, deadline, WatcherHarness.Expect()));

        Assert.Equal(deadline, Assert.IsType<PaymentOutcome.Expired>(outcome).Deadline);
        Assert.Equal(deadline, h.Now);
        Assert.Equal(deadline, h.Lists[^1].At);
    }

    [Fact]
    public async Task A_payment_arriving_just_before_the_deadline_is_found_by_the_last_check()
    {
        await using var h = new WatcherHarness();
        var deadline = Start.AddSeconds(5.25);
        h.Pay(Md5, TimeSpan.FromSeconds(5.2));
        var outcome = await h.RunUntilDone(h.Watcher.Watch(Md5, deadline, WatcherHarness.Expect()));
        Assert.IsType<PaymentOutcome.Paid>(outcome);
        Assert.Equal(deadline, h.Now);
    }

    [Fact]
    public async Task A_deadline_already_past_gets_one_check_at_once()
    {
        await using var h = new WatcherHarness();
        h.Pay(Md5, TimeSpan.Zero);
        var outcome = await h.RunUntilDone(h.Watcher.Watch(Md5, Start.AddSeconds(-1)));
        Assert.IsType<PaymentOutcome.Paid>(outcome);
        Assert.Single(h.Lists);
        Assert.Equal(Start, h.Now);
    }

    [Fact]
    public async Task A_token_refused_even_after_renewal_ends_with_an_error_naming_the_refusal()
    {
        var tokens = new RevokedTokens();
        await using var h = new WatcherHarness(tokens: tokens);
        var outcome = await h.RunUntilDone(h.Watcher.Watch(Md5, Start.AddMinutes(1)));
        var error = Assert.IsType<PaymentOutcome.Error>(outcome);
        Assert.IsType<BakongError.Unauthorized>(error.Reason);
        // The client's auth policy asked the source for a new token once, and the watcher did not ask again.
        Assert.Equal(1, tokens.Renewals);
    }

    [Fact]
    public async Task A_bad_md5_ends_at_once_with_invalid_input_naming_it()
    {
        await using var h = new WatcherHarness();
        var outcome = await h.Watcher.Watch("not-an-md5", Start.AddMinutes(1));
        var error = Assert.IsType<PaymentOutcome.Error>(outcome);
        Assert.True(Assert.IsType<BakongError.InvalidInput>(error.Reason).Names("md5"));
    }

    [Fact]
    public async Task Watching_a_pending_md5_again_returns_the_same_task()
    {
        await using var h = new WatcherHarness();
        var first = h.Watcher.Watch(Md5, Start.AddMinutes(1));
        var second = h.Watcher.Watch(Md5.ToUpperInvariant(), Start.AddMinutes(2));
        Assert.Same(first, second);
        Assert.Equal(1, h.Watcher.Statistics.Pending);
    }

    [Fact]
    public async Task A_removed_payment_ends_as_cancelled_and_is_asked_about_no_more()
    {
        await using var h = new WatcherHarness();
        var task = h.Watcher.Watch(Md5, Start.AddMinutes(1));
        await h.RunFor(TimeSpan.FromSeconds(2.5));
        var asked = h.Lists.Count;
        Assert.True(h.Watcher.Remove(Md5));
        Assert.False(h.Watcher.Remove(Md5));

        var outcome = await task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.IsType<BakongError.Cancelled>(Assert.IsType<PaymentOutcome.Error>(outcome).Reason);
        await h.RunFor(TimeSpan.FromSeconds(5));
        Assert.Equal(asked, h.Lists.Count);
        Assert.True(h.Watcher.Find(Md5).IsNone);
    }

    /// <summary>A source whose token the emulator does not know, before and after renewal.</summary>
    private sealed class RevokedTokens : IAccessTokenSource
    {
        private static readonly AccessToken Unknown = (AccessToken)AccessToken.From("eyJhbGciOiJIUzI1NiJ9.e30.c2ln");

        public int Renewals;

        public ValueTask<Fin<AccessToken>> GetTokenAsync(CancellationToken cancellationToken = default) => new(Unknown);

        public ValueTask<Fin<AccessToken>> RenewAsync(AccessToken rejected, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Renewals);
            return new(Unknown);
        }
    }
}
