using System.Net.Http.Headers;
using Bakong.Functional.Tests.Support;

namespace Bakong.Functional.Tests.Workflows;

public class PaymentPollingTests
{
    private const string Md5 = "0123456789abcdef0123456789abcdef";

    private sealed class Recorder : IProgress<PollAttempt>
    {
        public List<PollAttempt> Attempts { get; } = [];

        public void Report(PollAttempt value) => Attempts.Add(value);
    }

    [Fact]
    public async Task Polling_returns_the_transaction_once_found_after_waiting_the_schedule()
    {
        var time = Clock.New();
        var start = time.GetUtcNow();
        var fake = new FakeBakong((_, _, n) => Canned.Json(n < 4 ? Envelopes.NotFound : Envelopes.Found()));
        var poll = BackoffSchedule.Fixed(TimeSpan.FromSeconds(5));
        var client = Clients.For(fake, time);
        var progress = new Recorder();

        var result = await time.RunUntilDone(client.WaitForPaymentAsync(Md5, start.AddMinutes(15), progress: progress, schedule: poll));

        var found = (Transaction)(Option<Transaction>)result;
        Assert.Equal(Envelopes.Hash, found.Hash);
        Assert.Equal(1.5m, found.Amount);
        Assert.Equal(4, fake.Count(CheckTransactionByMd5.Path));
        Assert.Equal(start.AddSeconds(15), time.GetUtcNow());
        Assert.Equal(
            new[] { PollOutcome.NotYet, PollOutcome.NotYet, PollOutcome.NotYet, PollOutcome.Found },
            progress.Attempts.Select(a => a.Outcome).ToArray());
        Assert.Equal(new[] { 1, 2, 3, 4 }, progress.Attempts.Select(a => a.Number).ToArray());
        Assert.All(progress.Attempts.Take(3), a => Assert.Equal(Prelude.Some(TimeSpan.FromSeconds(5)), a.NextDelay));
        Assert.True(progress.Attempts[3].NextDelay.IsNone);
    }

    [Fact]
    public async Task Polling_answers_none_when_the_deadline_passes_and_never_waits_past_it()
    {
        var time = Clock.New();
        var start = time.GetUtcNow();
        var fake = new FakeBakong((_, _, _) => Canned.Json(Envelopes.NotFound));
        var poll = BackoffSchedule.Fixed(TimeSpan.FromSeconds(10));
        var client = Clients.For(fake, time);

        var result = await time.RunUntilDone(client.WaitForPaymentAsync(Md5, start.AddSeconds(25), schedule: poll));

        Assert.Equal(Option<Transaction>.None, result.Succ());
        // Checks at 0, 10, 20 and, cut short by the deadline, 25 seconds.
        Assert.Equal(4, fake.Count(CheckTransactionByMd5.Path));
        Assert.Equal(start.AddSeconds(25), time.GetUtcNow());
    }

    [Fact]
    public async Task A_failed_transaction_ends_polling_with_its_error()
    {
        var time = Clock.New();
        var fake = new FakeBakong((_, _, n) => Canned.Json(n == 1 ? Envelopes.NotFound : Envelopes.Failed));
        var poll = BackoffSchedule.Fixed(TimeSpan.FromSeconds(3));
        var client = Clients.For(fake, time);
        var progress = new Recorder();

        var result = await time.RunUntilDone(client.WaitForPaymentAsync(Md5, time.GetUtcNow().AddHours(1), progress: progress, schedule: poll));

        var error = result.FailAs<BakongError.ApiFailure, Option<Transaction>>();
        Assert.Equal(ApiErrorCode.TransactionFailed, error.ErrorCode);
        Assert.Equal("Transaction failed.", error.ResponseMessage);
        Assert.Equal(2, fake.Count(CheckTransactionByMd5.Path));
        Assert.Equal(PollOutcome.Failed, progress.Attempts[^1].Outcome);
        Assert.Equal(Prelude.Some<BakongError>(error), progress.Attempts[^1].Error);
    }

    [Fact]
    public async Task Transient_failures_keep_polling_and_retry_after_wins_over_the_schedule()
    {
        var time = Clock.New();
        var start = time.GetUtcNow();
        var fake = new FakeBakong((_, _, n) => n switch
        {
            1 => new Canned(503, "busy", "text/plain"),
            2 => new Canned(429, "", "text/plain", new RetryConditionHeaderValue(TimeSpan.FromSeconds(7))),
            _ => Canned.Json(Envelopes.Found()),
        });
        var poll = BackoffSchedule.Fixed(TimeSpan.FromSeconds(2));
        var client = Clients.For(fake, time);
        var progress = new Recorder();

        var result = await time.RunUntilDone(client.WaitForPaymentAsync(Md5, start.AddMinutes(5), progress: progress, schedule: poll));

        Assert.True(result.Succ().IsSome);
        Assert.Equal(
            new[] { PollOutcome.TransientFailure, PollOutcome.TransientFailure, PollOutcome.Found },
            progress.Attempts.Select(a => a.Outcome).ToArray());
        Assert.IsType<BakongError.ServerError>((BakongError)progress.Attempts[0].Error);
        Assert.Equal(Prelude.Some(TimeSpan.FromSeconds(2)), progress.Attempts[0].NextDelay);
        Assert.IsType<BakongError.RateLimited>((BakongError)progress.Attempts[1].Error);
        Assert.Equal(Prelude.Some(TimeSpan.FromSeconds(7)), progress.Attempts[1].NextDelay);
        Assert.Equal(start.AddSeconds(9), time.GetUtcNow());
    }

    [Fact]
    public async Task Cancellation_stops_polling_at_once_without_the_clock_moving()
    {
        var time = Clock.New();
        var fake = new FakeBakong((_, _, _) => Canned.Json(Envelopes.NotFound));
        var poll = BackoffSchedule.Fixed(TimeSpan.FromMinutes(1));
        var client = Clients.For(fake, time);
        using var cts = new CancellationTokenSource();

        var polling = client.WaitForPaymentAsync(Md5, time.GetUtcNow().AddHours(1), cancellationToken: cts.Token, schedule: poll);
        Assert.False(polling.IsCompleted);
        await cts.CancelAsync();
        var result = await polling.WaitAsync(TimeSpan.FromSeconds(1));

        Assert.IsType<BakongError.Cancelled>(result.Fail());
        Assert.Equal(1, fake.Count(CheckTransactionByMd5.Path));
        Assert.Equal(Clock.Start, time.GetUtcNow());
    }

    [Fact]
    public async Task A_bad_md5_is_rejected_before_any_request()
    {
        var fake = new FakeBakong((_, _, _) => Canned.Json(Envelopes.NotFound));
        var result = await Clients.For(fake).WaitForPaymentAsync("not-an-md5", DateTimeOffset.UtcNow.AddMinutes(1));

        var error = result.FailAs<BakongError.InvalidInput, Option<Transaction>>();
        Assert.True(error.Names("md5"));
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task A_null_client_or_bad_schedule_is_an_error_value()
    {
        BakongClient? none = null;
        var noClient = await none.WaitForPaymentAsync(Md5, DateTimeOffset.UtcNow);
        Assert.True(noClient.FailAs<BakongError.InvalidInput, Option<Transaction>>().Names("client"));

        var fake = new FakeBakong((_, _, _) => Canned.Json(Envelopes.NotFound));
        var badSchedule = await Clients.For(fake).WaitForPaymentAsync(Md5, DateTimeOffset.UtcNow, new BackoffSchedule(TimeSpan.Zero, 0, TimeSpan.Zero, 0));
        Assert.True(badSchedule.FailAs<BakongError.InvalidInput, Option<Transaction>>().Names("Factor"));
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task Any_lookup_can_be_polled_and_composes_in_linq()
    {
        var time = Clock.New();
        var fake = new FakeBakong((_, _, n) => Canned.Json(n < 2 ? Envelopes.NotFound : Envelopes.Found()));
        var poll = BackoffSchedule.Fixed(TimeSpan.FromSeconds(1));
        var client = Clients.For(fake, time);

        var query =
            from paid in client.PollUntilFound(CheckTransactionByHash.Create(Envelopes.Hash).OrNone(), time.GetUtcNow().AddMinutes(1), schedule: poll)
            from amount in paid.Match(t => Prelude.SuccessAff(t.Amount), () => Prelude.SuccessAff(0m))
            select amount;

        var result = await time.RunUntilDone(query.Run().AsTask());

        Assert.Equal(1.5m, result.Succ());
        Assert.All(fake.Requests, r => Assert.Equal(CheckTransactionByHash.Path, r.Path));
    }
}
