using Bakong.Functional.Tests.Support;
using static LanguageExt.Prelude;

namespace Bakong.Functional.Tests.Workflows;

/// <summary>The C# snippets of the payment-flow guide (docs/watcher.md), compiled and run against the fake, so the guide cannot drift from the API.</summary>
public class PaymentFlowDocTests
{
    [Fact]
    public async Task The_documented_flow_compiles_and_runs()
    {
        var ct = CancellationToken.None;
        var served = Envelopes.Jwt(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(90), "doc");
        var fake = new FakeBakong((path, body, _) =>
            path == RenewToken.Path ? Canned.Json(Envelopes.Token(served))
            : path == CheckTransactionsByMd5List.Path ? Canned.Json(Envelopes.Rows(System.Text.Json.JsonSerializer.Deserialize<string[]>(body)!, k => k.EndsWith('1')))
            : Canned.Json(Envelopes.Found()));
        string? storedToken = null;
        var md5 = Envelopes.Md5(7);
        var md5s = Enumerable.Range(0, 120).Select(Envelopes.Md5).ToList();
        var http = new HttpClient(fake);

        // --- README, Payment flow: a client whose token renews itself
        var anonymous = new BakongClient(http, new BakongClientOptions { BaseUrl = new Uri("http://127.0.0.1:1") });
        var tokens = new RenewingAccessTokenSource(
            anonymous,
            email: "shop@example.com",
            initial: AccessToken.From(storedToken).ToOption(),
            renewalMargin: TimeSpan.FromDays(1));
        var bakong = anonymous.WithTokenSource(tokens);

        // --- polling until paid
        var deadline = DateTimeOffset.UtcNow.AddMinutes(10);
        var attempts = new List<PollAttempt>();
        var progress = new SyncProgress(attempts.Add);

        Aff<string> receipt =
            from paid in bakong.WaitForPayment(md5, deadline, progress: progress, cancellationToken: ct)
            select paid.Match(
                Some: t => $"paid {t.Amount} {t.Currency} by {t.FromAccountId}",
                None: () => "the QR expired unpaid");

        string line = (await receipt.Run()).Match(Succ: text => text, Fail: error => BakongError.From(error).Summary);
        Assert.Equal("paid 1.5 USD by a@b", line);

        // --- a large batch
        Aff<Seq<string>> report =
            from items in bakong.CheckManyByMd5(md5s, new BatchOptions { MaxConcurrency = 4, FallBackToSingleLookups = true }, ct)
            select items.Map(item => item.Result.Match(
                Succ: row => row.Match(
                    found: f => $"{item.Key}: paid {f.Transaction.Amount} {f.Transaction.Currency}",
                    notFound: _ => $"{item.Key}: not paid yet",
                    failed: f => $"{item.Key}: failed ({f.Message})",
                    staticQr: _ => $"{item.Key}: static QR, cannot be checked",
                    otherStatus: o => $"{item.Key}: {o.Status}",
                    missing: _ => $"{item.Key}: no answer for this key"),
                Fail: error => $"{item.Key}: {BakongError.From(error).Summary}"));

        var lines = (await report.Run()).Succ();
        Assert.Equal(120, lines.Count);
        Assert.Equal($"{Envelopes.Md5(1)}: paid 1.5 USD", lines[1]);
        Assert.Equal($"{Envelopes.Md5(2)}: not paid yet", lines[2]);

        // --- retries
        var options = new BakongClientOptions
        {
            BaseUrl = BakongEnvironment.Sit,
            Retry = RetryPolicy.Default with { MaxAttempts = 5 },
        };
        Assert.True(options.Validate().IsSucc);

        Assert.Equal(1, fake.Count(RenewToken.Path));
        Assert.Equal(served, ((AccessToken)tokens.Current).Reveal());
        Assert.Equal(Some(PollOutcome.Found), attempts.Select(a => a.Outcome).ToSeq().LastOrNone());
    }

    private sealed class SyncProgress(Action<PollAttempt> report) : IProgress<PollAttempt>
    {
        public void Report(PollAttempt value) => report(value);
    }
}
