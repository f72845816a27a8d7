using System.Text.Json.Nodes;
using Bakong.Functional.Testing;

namespace Bakong.Functional.Tests.Watcher;

/// <summary>
/// A hostile md5_list server on loopback: one bad answer (or one bad row) in a batch of 50, beside 49 controls (paid,
/// unpaid, underpaid). Every control ends exactly as its own rows say, within two intervals of the server answering
/// well about it; no payment is reported twice; the culprit ends on its own single lookup, or as unconfirmed.
/// </summary>
public sealed class WatcherHostileAnswerTests
{
    private static readonly TimeSpan Interval = WatcherHarness.Steady.Interval;
    private static readonly TimeSpan Visible = TimeSpan.FromSeconds(2);
    private static readonly DateTimeOffset Deadline = WatcherHarness.Start.AddSeconds(30);
    private const int Culprit = 0;
    private const int LimitBytes = 64 * 1024;

    private static string Md5(int i) => WatcherHarness.Md5(i + 1);

    /// <summary>1 to 20 are paid, 21 and 22 underpaid, the rest unpaid; 0 is the culprit, paid.</summary>
    private static bool IsPaid(int i) => i is >= 1 and <= 20;

    private static bool IsUnderpaid(int i) => i is 21 or 22;

    private const int Relabelled = 30;

    public static TheoryData<string> RowClasses => ["duplicate-agreeing", "duplicate-conflicting", "labelled-with-another-key", "rows-nobody-asked", "success-without-transaction"];

    public static TheoryData<string> AnswerClasses => ["truncated", "html-on-200", "empty-200", "data-null", "over-the-size-limit"];

    [Theory]
    [MemberData(nameof(RowClasses))]
    public async Task One_bad_row_decides_nothing_for_the_other_49(string badRow)
    {
        await using var h = await Start();
        h.Emulator.InjectAlways(CheckTransactionsByMd5List.Path, new Fault.Rewrite(body => SpoilRow(badRow, body)));
        if (badRow == "duplicate-conflicting")
        {
            // Its own single lookup is garbled too: nothing about it can be trusted, to the end.
            var hash = h.Emulator.Payment(Md5(Culprit))!.Hash;
            h.Emulator.InjectAlways(CheckTransactionByMd5.Path, new Fault.Rewrite(b => b.Contains(hash, StringComparison.Ordinal) ? b[..(b.Length / 2)] : b));
        }
        var (tasks, events) = Watch(h);

        await h.RunUntil(Deadline.AddSeconds(1));

        var outcomes = await AssertEachEndedOnce(tasks, events);
        AssertControls(outcomes, events, answeringWellFrom: WatcherHarness.Start + Visible);
        var culprit = outcomes[Culprit];
        switch (badRow)
        {
            case "duplicate-conflicting":
                var unconfirmed = Assert.IsType<PaymentOutcome.Unconfirmed>(culprit);
                Assert.Equal((UnconfirmedReason.Ambiguous, Deadline), (unconfirmed.Why, unconfirmed.Deadline));
                Assert.True(unconfirmed.UntrustedAnswers > 0);
                Assert.True(h.Watcher.Statistics.Anomalies[AnswerAnomaly.DuplicateRow] > 0);
                break;
            case "rows-nobody-asked":
                Assert.IsType<PaymentOutcome.Paid>(culprit);
                Assert.True(h.Watcher.Statistics.Anomalies[AnswerAnomaly.UnaskedRow] > 0);
                break;
            default:
                // Its own single lookup answered well: that is an answer about it.
                Assert.Equal(1.5m, Assert.IsType<PaymentOutcome.Paid>(culprit).Transaction.Amount);
                Assert.True(h.Singles.Count > 0);
                break;
        }
    }

    [Theory]
    [MemberData(nameof(AnswerClasses))]
    public async Task An_untrusted_answer_is_not_heard_and_ends_no_payment(string badAnswer)
    {
        await using var h = await Start();
        h.Emulator.Inject(CheckTransactionsByMd5List.Path, new Fault.Rewrite(body => SpoilAnswer(badAnswer, body)), times: 5);
        var (tasks, events) = Watch(h);

        await h.RunUntil(Deadline.AddSeconds(1));

        var outcomes = await AssertEachEndedOnce(tasks, events);
        var lastBad = h.Lists.Where(r => r.Fault is not null).Max(r => r.At);
        AssertControls(outcomes, events, answeringWellFrom: Max(WatcherHarness.Start + Visible, lastBad));
        Assert.IsType<PaymentOutcome.Paid>(outcomes[Culprit]);
        var kind = badAnswer == "over-the-size-limit" ? AnswerAnomaly.TooLarge : AnswerAnomaly.Garbled;
        Assert.Equal(5, h.Watcher.Statistics.Anomalies[kind]);
    }

    [Fact]
    public async Task A_connection_reset_every_third_request_ends_no_payment()
    {
        await using var h = await Start();
        var (tasks, events) = Watch(h);
        var resets = 0;
        while (h.Now < Deadline.AddSeconds(1))
        {
            // Every third request is reset, until the server answers well again five seconds before the deadline.
            var pendingReset = h.Emulator.Requests.Count(r => r.Fault is Fault.ConnectionReset) < resets;
            if (h.Now < Deadline.AddSeconds(-5) && h.Emulator.Requests.Count % 3 == 2 && !pendingReset)
            {
                h.Emulator.Inject(BakongEmulator.AnyPath, new Fault.ConnectionReset());
                resets++;
            }
            if (!await h.Step(Deadline.AddSeconds(1)))
                break;
        }
        await h.Quiet();

        var outcomes = await AssertEachEndedOnce(tasks, events);
        Assert.True(resets >= 3);
        Assert.True(h.Watcher.Statistics.Anomalies[AnswerAnomaly.NoAnswer] >= 3);
        // A reset backs off (3 s here) instead of waiting an interval, so the bound is one backoff more.
        AssertControls(outcomes, events, answeringWellFrom: WatcherHarness.Start + Visible + WatcherHarness.Steady.Backoff.InitialDelay);
    }

    [Fact]
    public async Task When_nothing_about_a_payment_can_be_trusted_to_the_end_it_is_never_paid_and_never_expired()
    {
        await using var h = await Start();
        h.Emulator.InjectAlways(CheckTransactionsByMd5List.Path, new Fault.Rewrite(body => body[..(body.Length / 2)]));
        h.Emulator.InjectAlways(CheckTransactionByMd5.Path, new Fault.Rewrite(_ => "<html>maintenance</html>"));
        var (tasks, events) = Watch(h);

        await h.RunUntil(Deadline.AddSeconds(1));

        var outcomes = await AssertEachEndedOnce(tasks, events);
        Assert.All(outcomes, o =>
        {
            var u = Assert.IsType<PaymentOutcome.Unconfirmed>(o);
            Assert.Equal((UnconfirmedReason.NotHeard, Deadline), (u.Why, u.Deadline));
            Assert.IsType<BakongError.Decode>((BakongError)u.LastError);
            Assert.True(u.UntrustedAnswers >= 3);
        });
        Assert.All(events, e => Assert.Equal(Deadline, e.At));
    }

    [Fact]
    public async Task With_the_host_unreachable_to_the_end_every_payment_ends_unconfirmed_at_its_deadline()
    {
        await using var h = await Start();
        await h.Server!.DisposeAsync();
        var task = h.Watcher.Watch(Md5(1), Deadline, WatcherHarness.Expect());
        var outcome = Assert.IsType<PaymentOutcome.Unconfirmed>(await h.RunUntilDone(task));
        Assert.Equal((UnconfirmedReason.NotHeard, 0), (outcome.Why, outcome.UntrustedAnswers));
        Assert.IsType<BakongError.Transport>((BakongError)outcome.LastError);
        Assert.True(h.Now >= Deadline);
    }

    // ---- the batch ---------------------------------------------------------------------------------------------------

    private static async Task<WatcherHarness> Start()
    {
        var h = await WatcherHarness.OnLoopback(maxResponseBytes: LimitBytes);
        for (var i = 0; i < 50; i++)
            if (i == Culprit || IsPaid(i))
                h.Pay(Md5(i), Visible);
            else if (IsUnderpaid(i))
                h.Pay(Md5(i), Visible, amount: 1.0m);
        return h;
    }

    private static (Task<PaymentOutcome>[] Tasks, List<PaymentEvent> Events) Watch(WatcherHarness h)
    {
        var events = new List<PaymentEvent>();
        var reading = h.Watcher.Events();
        _ = Task.Run(async () =>
        {
            await foreach (var e in reading)
                lock (events)
                    events.Add(e);
        });
        var tasks = Enumerable.Range(0, 50).Select(i => h.Watcher.Watch(Md5(i), Deadline, WatcherHarness.Expect())).ToArray();
        return (tasks, events);
    }

    private static async Task<PaymentOutcome[]> AssertEachEndedOnce(Task<PaymentOutcome>[] tasks, List<PaymentEvent> events)
    {
        var outcomes = await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(10));
        await WatcherHarness.Until(() => { lock (events) return events.Count >= 50; });
        lock (events)
        {
            Assert.Equal(50, events.Count);
            Assert.Equal(50, events.Select(e => e.Md5).Distinct().Count());
        }
        return outcomes;
    }

    private static void AssertControls(PaymentOutcome[] outcomes, List<PaymentEvent> events, DateTimeOffset answeringWellFrom)
    {
        var at = events.ToDictionary(e => e.Md5, e => e.At);
        for (var i = 1; i < 50; i++)
        {
            if (IsPaid(i))
                Assert.Equal(1.5m, Assert.IsType<PaymentOutcome.Paid>(outcomes[i]).Transaction.Amount);
            else if (IsUnderpaid(i))
                Assert.Equal(1.0m, Assert.IsType<PaymentOutcome.Mismatch>(outcomes[i]).Transaction.Amount);
            else
                Assert.Equal(Deadline, Assert.IsType<PaymentOutcome.Expired>(outcomes[i]).Deadline);
            if (IsPaid(i) || IsUnderpaid(i))
                // Never before it was paid; at the latest two intervals after the server answers well (sooner, by single lookups).
                Assert.InRange(at[Md5(i)], WatcherHarness.Start + Visible, answeringWellFrom + 2 * Interval);
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    // ---- the bad answers -------------------------------------------------------------------------------------------

    private static string SpoilRow(string badRow, string body)
    {
        var root = JsonNode.Parse(body)!;
        var rows = root["data"]!.AsArray();
        var culprit = rows.FirstOrDefault(r => (string?)r!["md5"] == Md5(Culprit));
        if (culprit is null)
            return body;
        switch (badRow)
        {
            case "duplicate-agreeing":
                rows.Add(culprit.DeepClone());
                break;
            case "duplicate-conflicting":
                rows.Add(new JsonObject { ["md5"] = Md5(Culprit), ["status"] = "FAILED", ["message"] = "Transaction failed", ["data"] = null });
                break;
            case "labelled-with-another-key":
                culprit["md5"] = Md5(Relabelled);
                break;
            case "rows-nobody-asked":
                for (var i = 0; i < 5; i++)
                {
                    var stranger = culprit.DeepClone();
                    stranger["md5"] = WatcherHarness.Md5(9000 + i);
                    stranger["status"] = i % 2 == 0 ? "SUCCESS" : "FAILED";
                    rows.Add(stranger);
                }
                break;
            case "success-without-transaction":
                if ((string?)culprit["status"] == "SUCCESS")
                    culprit["data"] = null;
                break;
        }
        return root.ToJsonString();
    }

    private static string SpoilAnswer(string badAnswer, string body) => badAnswer switch
    {
        "truncated" => body[..(body.Length / 2)],
        "html-on-200" => "<html><body>Service temporarily unavailable</body></html>",
        "empty-200" => "",
        "data-null" => """{"responseCode":0,"responseMessage":"Success","errorCode":null,"data":null}""",
        _ => body + new string(' ', LimitBytes * 2),
    };
}
