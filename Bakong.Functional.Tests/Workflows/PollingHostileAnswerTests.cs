using Bakong.Functional.Testing;
using Bakong.Functional.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Bakong.Functional.Tests.Workflows;

/// <summary>
/// <c>WaitForPaymentAsync</c> against a hostile server on loopback: an answer that cannot be trusted is not heard and
/// polled again, never an ending; at the deadline a last check not heard ends with its error, never as "not paid".
/// </summary>
public sealed class PollingHostileAnswerTests
{
    private const string Md5 = "0123456789abcdef0123456789abcdef";
    private const int LimitBytes = 64 * 1024;
    private static readonly BackoffSchedule EverySecond = BackoffSchedule.Fixed(TimeSpan.FromSeconds(1));

    public static TheoryData<string> Classes => ["truncated", "html-on-200", "empty-200", "data-null", "over-the-size-limit", "success-without-transaction", "connection-reset"];

    private sealed record Loopback(FakeTimeProvider Clock, BakongEmulator Emulator, EmulatorServer Server, HttpClient Http, BakongClient Client) : IAsyncDisposable
    {
        public static async Task<Loopback> Start()
        {
            var clock = Support.Clock.New();
            var emulator = new BakongEmulator(null, clock);
            var server = await emulator.StartServerAsync();
            var http = new HttpClient();
            var client = new BakongClient(http, new BakongClientOptions
            {
                BaseUrl = server.BaseUrl, TimeProvider = clock, Token = emulator.IssueToken(), MaxResponseBytes = LimitBytes,
                Timeout = TimeSpan.FromSeconds(5),
            });
            return new Loopback(clock, emulator, server, http, client);
        }

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await Server.DisposeAsync();
        }
    }

    private static Fault Spoil(string kind) => kind switch
    {
        "connection-reset" => new Fault.ConnectionReset(),
        _ => new Fault.Rewrite(body => kind switch
        {
            "truncated" => body[..(body.Length / 2)],
            "html-on-200" => "<html><body>Service temporarily unavailable</body></html>",
            "empty-200" => "",
            "data-null" => """{"responseCode":0,"responseMessage":"Success","errorCode":null,"data":null}""",
            "success-without-transaction" => """{"responseCode":0,"responseMessage":"Success","errorCode":null,"data":{}}""",
            _ => body + new string(' ', LimitBytes * 2),
        }),
    };

    private sealed class Recorder : IProgress<PollAttempt>
    {
        public List<PollAttempt> Attempts { get; } = [];

        public void Report(PollAttempt value)
        {
            lock (Attempts)
                Attempts.Add(value);
        }
    }

    /// <summary>Moves the clock a second at a time, each time only once the check before has been answered, so no request times out on the fake clock.</summary>
    private static async Task<T> Drive<T>(FakeTimeProvider clock, Recorder progress, Task<T> task)
    {
        for (var advanced = 0; !task.IsCompleted; advanced++)
        {
            var until = DateTime.UtcNow.AddSeconds(20);
            while (!task.IsCompleted && Count(progress) <= advanced && DateTime.UtcNow < until)
                await Task.Delay(1);
            await Task.Delay(1);
            if (!task.IsCompleted)
                clock.Advance(TimeSpan.FromSeconds(1));
        }
        return await task;
    }

    private static int Count(Recorder r)
    {
        lock (r.Attempts)
            return r.Attempts.Count;
    }

    [Theory]
    [MemberData(nameof(Classes))]
    public async Task An_untrusted_answer_is_polled_again_and_the_payment_is_found(string badAnswer)
    {
        await using var s = await Loopback.Start();
        s.Emulator.AddPayment(new PaymentSeed { Md5 = Md5, Amount = 1.5m, VisibleAt = Clock.Start });
        s.Emulator.Inject(CheckTransactionByMd5.Path, Spoil(badAnswer), times: 3);
        var progress = new Recorder();

        var result = await Drive(s.Clock, progress, s.Client.WaitForPaymentAsync(Md5, Clock.Start.AddMinutes(1), EverySecond, progress));

        Assert.Equal(1.5m, ((Transaction)result.Succ()).Amount);
        Assert.Equal([PollOutcome.TransientFailure, PollOutcome.TransientFailure, PollOutcome.TransientFailure, PollOutcome.Found],
            progress.Attempts.Select(a => a.Outcome).ToArray());
        // One request per check: the poll is the retry.
        Assert.Equal(4, s.Emulator.Requests.Count);
    }

    [Theory]
    [MemberData(nameof(Classes))]
    public async Task When_no_answer_can_be_trusted_to_the_deadline_the_wait_fails_with_the_last_error_not_as_unpaid(string badAnswer)
    {
        await using var s = await Loopback.Start();
        s.Emulator.InjectAlways(CheckTransactionByMd5.Path, Spoil(badAnswer));
        var deadline = Clock.Start.AddSeconds(5);

        var progress = new Recorder();
        var result = await Drive(s.Clock, progress, s.Client.WaitForPaymentAsync(Md5, deadline, EverySecond, progress));

        var error = result.Fail();
        Assert.True(SettleRules.IsNotHeard(error));
        Assert.Equal(badAnswer switch
        {
            "connection-reset" => AnswerAnomaly.NoAnswer,
            "over-the-size-limit" => AnswerAnomaly.TooLarge,
            _ => AnswerAnomaly.Garbled,
        }, SettleRules.AnomalyOf(error));
    }

    [Fact]
    public async Task A_khqr_wait_that_hears_nothing_trustworthy_ends_unconfirmed_with_the_count_of_untrusted_answers()
    {
        await using var s = await Loopback.Start();
        s.Emulator.InjectAlways(CheckTransactionByMd5.Path, Spoil("html-on-200"));
        var code = Bakong.Functional.Tests.KhqrCodec.KhqrAssert.Accepted(Khqr.Encode(
            new KhqrRequest(new KhqrAccount.Individual("shop@devb"), "Shop", Currency.USD) { Amount = 1.5m, Validity = TimeSpan.FromSeconds(5) }, s.Clock));

        var progress = new Recorder();
        var result = await Drive(s.Clock, progress, s.Client.WaitForPaymentAsync(code, schedule: EverySecond, progress: progress));

        var outcome = Assert.IsType<PaymentOutcome.Unconfirmed>(result.Succ());
        Assert.Equal((UnconfirmedReason.NotHeard, Clock.Start.AddSeconds(5), 6), (outcome.Why, outcome.Deadline, outcome.UntrustedAnswers));
        Assert.IsType<BakongError.Decode>((BakongError)outcome.LastError);
    }

    [Fact]
    public async Task With_the_host_unreachable_the_wait_fails_with_the_transport_error_within_the_deadline_and_one_request()
    {
        await using var s = await Loopback.Start();
        await s.Server.DisposeAsync();
        var deadline = Clock.Start.AddSeconds(6);

        var progress = new Recorder();
        var result = await Drive(s.Clock, progress, s.Client.WaitForPaymentAsync(Md5, deadline, EverySecond, progress));

        Assert.IsType<BakongError.Transport>(result.Fail());
        Assert.InRange(s.Clock.GetUtcNow(), deadline, deadline + TimeSpan.FromSeconds(5));
    }
}
