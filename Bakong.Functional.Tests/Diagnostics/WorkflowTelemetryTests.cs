using System.Diagnostics;
using Bakong.Functional.Diagnostics;
using Bakong.Functional.Tests.Support;
using Bakong.Functional.Tests.Watcher;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Bakong.Functional.Tests.Diagnostics;

/// <summary>Token renewal's span and count, and a watcher cycle's spans, outcomes, pending count, list requests and detection delay.</summary>
[Collection(TelemetryCollection.Name)]
public class WorkflowTelemetryTests
{
    private static readonly DateTimeOffset Start = WatcherHarness.Start;

    [Fact]
    public async Task A_renewal_is_a_span_between_the_call_that_needed_it_and_renew_token_and_is_counted()
    {
        using var spans = new SpanCapture();
        using var renewals = new MetricCollector<long>(Telemetry.TokenRenewals);
        var fake = new FakeBakong((path, _, _) => Canned.Json(path == RenewToken.Path ? Envelopes.Token("renewed-token") : Envelopes.Found()));
        var anonymous = Clients.For(fake);
        var client = anonymous.WithTokenSource(new RenewingAccessTokenSource(anonymous, "shop@example.com"));
        using var root = SpanExtensions.Root();

        Assert.True((await client.SendAsync(CheckTransactionByMd5.Create(Fixture.Md5))).IsSucc);

        var mine = spans.Of(root);
        var check = Assert.Single(mine, s => s.DisplayName == "Bakong check_transaction_by_md5");
        var renewal = Assert.Single(mine, s => s.DisplayName == "Bakong token renewal");
        var renew = Assert.Single(mine, s => s.DisplayName == "Bakong renew_token");
        Assert.Equal(check.SpanId, renewal.ParentSpanId);
        Assert.Equal(renewal.SpanId, renew.ParentSpanId);
        Assert.Equal(ActivityStatusCode.Unset, renewal.Status);
        var counted = Assert.Single(renewals.GetMeasurementSnapshot());
        Assert.Equal(1, counted.Value);
        Assert.False(counted.Tags.ContainsKey("error.type"));
    }

    [Fact]
    public async Task A_failed_renewal_is_an_error_span_and_counted_with_its_error_type()
    {
        using var spans = new SpanCapture();
        using var renewals = new MetricCollector<long>(Telemetry.TokenRenewals);
        var fake = new FakeBakong((_, _, _) => new Canned(500, "down", "text/plain"));
        var anonymous = Clients.For(fake);
        var client = anonymous.WithTokenSource(new RenewingAccessTokenSource(anonymous, "shop@example.com"));
        using var root = SpanExtensions.Root();

        Assert.True((await client.SendAsync(CheckTransactionByMd5.Create(Fixture.Md5))).IsFail);

        var renewal = Assert.Single(spans.Of(root), s => s.DisplayName == "Bakong token renewal");
        Assert.Equal(ActivityStatusCode.Error, renewal.Status);
        Assert.Equal("ServerError", renewal.Tag("error.type"));
        Assert.Equal("ServerError", Assert.Single(renewals.GetMeasurementSnapshot()).Tags["error.type"]);
    }

    [Fact]
    public async Task A_watcher_cycle_that_is_paid_mismatched_and_expired_reports_each_outcome_its_checks_and_delays()
    {
        using var spans = new SpanCapture();
        using var outcomes = new MetricCollector<long>(Telemetry.WatcherOutcomes);
        using var lists = new MetricCollector<long>(Telemetry.WatcherListRequests);
        using var delays = new MetricCollector<double>(Telemetry.DetectionDelay);
        using var pending = new MetricCollector<long>(Telemetry.WatcherPending);
        await using var h = new WatcherHarness();
        string paid = WatcherHarness.Md5(1), mismatched = WatcherHarness.Md5(2), expiring = WatcherHarness.Md5(3);
        h.Pay(paid, TimeSpan.FromSeconds(1.5));
        h.Pay(mismatched, TimeSpan.FromSeconds(1.5), amount: 1.0m);

        pending.RecordObservableInstruments();
        var before = pending.LastMeasurement!.Value;
        var tasks = new[]
        {
            h.Watcher.Watch(paid, Start.AddMinutes(1), WatcherHarness.Expect()),
            h.Watcher.Watch(mismatched, Start.AddMinutes(1), WatcherHarness.Expect()),
            h.Watcher.Watch(expiring, Start.AddSeconds(3.5), WatcherHarness.Expect()),
        };
        pending.RecordObservableInstruments();
        Assert.Equal(before + 3, pending.LastMeasurement!.Value);
        var ended = await h.RunUntilDone(Task.WhenAll(tasks));
        pending.RecordObservableInstruments();
        Assert.Equal(before, pending.LastMeasurement!.Value);

        Assert.IsType<PaymentOutcome.Paid>(ended[0]);
        Assert.IsType<PaymentOutcome.Mismatch>(ended[1]);
        Assert.IsType<PaymentOutcome.Expired>(ended[2]);
        var byOutcome = outcomes.GetMeasurementSnapshot().GroupBy(m => (string)m.Tags["bakong.outcome"]!).ToDictionary(g => g.Key, g => g.Sum(m => m.Value));
        Assert.Equal(new Dictionary<string, long> { ["paid"] = 1, ["mismatch"] = 1, ["expired"] = 1 }, byOutcome);
        Assert.Equal(h.Lists.Count, lists.GetMeasurementSnapshot().Sum(m => m.Value));

        // Detection delay: from the transaction's acknowledged time to the event, for the two payments found.

        var recorded = delays.GetMeasurementSnapshot();
        Assert.Equal(2, recorded.Count);
        Assert.Equal(["mismatch", "paid"], recorded.Select(m => (string)m.Tags["bakong.outcome"]!).Order());
        Assert.All(recorded, m => Assert.InRange(m.Value, 0, 2));

        var checks = spans.All.Where(s => s.DisplayName == "Bakong watcher check").ToList();
        Assert.Equal(h.Lists.Count, checks.Count);
        Assert.All(checks, c => Assert.Null(c.Parent));
        Assert.All(checks, c => Assert.InRange((int)c.Tag("bakong.watcher.batch_size")!, 1, 3));
        int Sum(string tag) => checks.Sum(c => c.Tag(tag) as int? ?? 0);
        Assert.Equal(1, Sum("bakong.watcher.outcomes.paid"));
        Assert.Equal(1, Sum("bakong.watcher.outcomes.mismatch"));
        Assert.Equal(1, Sum("bakong.watcher.outcomes.expired"));
        Assert.Equal(3, Sum("bakong.watcher.ended"));
        // Each check's md5_list call is its child.
        var calls = spans.All.Where(s => s.DisplayName == "Bakong check_transaction_by_md5_list").ToList();
        Assert.Equal(checks.Select(c => c.SpanId.ToHexString()).Order(), calls.Select(c => c.ParentSpanId.ToHexString()).Order());

    }
}
