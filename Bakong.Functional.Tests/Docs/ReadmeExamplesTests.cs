using Bakong.Functional.Tests.Support;

namespace Bakong.Functional.Tests.Docs;

/// <summary>The README's C# examples, compiled and run, so the README cannot drift from the API.</summary>
public class ReadmeExamplesTests
{
    [Fact]
    public async Task The_LINQ_payment_check_runs_as_written()
    {
        var handler = new RecordingHandler(r => RecordingHandler.Reply(200, r.Uri.AbsolutePath == RenewToken.Path
            ? Fixture.Success("""{"token":"readme-token"}""")
            : Fixture.Text("check_transaction.success.json")));
        var http = new HttpClient(handler);
        var cancellationToken = CancellationToken.None;

        // --- README: Check a payment
        var client = new BakongClient(http, BakongClientOptions.ForSit());

        var query =
            from token in client.Send(RenewToken.Create("you@example.com"), cancellationToken)
            from paid in client.WithToken(token).Send(CheckTransactionByMd5.Create("d60f3db96913029a2af979a1662c1e72").OrNone(), cancellationToken)
            select paid.Match(
                Some: t => $"paid {t.Amount} {t.Currency} from {t.FromAccountId}",
                None: () => "not paid yet");

        Fin<string> outcome = await query.Run();
        var line = outcome.Match(Succ: text => text, Fail: error => BakongError.From(error).Summary);
        // --- end

        Assert.Equal("paid 1.0 USD from rieu_dhqj_1984@devb", line);
        Assert.Equal(new Uri("https://sit-api-bakong.nbc.gov.kh/v1/check_transaction_by_md5"), handler.Requests[1].Uri);
        Assert.Equal("Bearer readme-token", handler.Requests[1].Header("Authorization"));
    }

    [Fact]
    public void Can_this_be_paid_now_runs_as_written()
    {
        var created = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var scanned = ((KhqrCode)Khqr.Encode(new KhqrRequest(new KhqrAccount.Individual("shop@devb"), "Shop", Currency.USD) { Amount = 1m }, created)).Payload;
        var timeProvider = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(created.GetUtcNow().AddMinutes(11));

        // --- docs/khqr.md: can this be paid now
        KhqrDecoded qr = Khqr.Decode(scanned);
        string verdict = qr.IsPayableNow(timeProvider) ? "a wallet takes it now" : "expired, or not a KHQR a wallet takes";
        // --- end

        Assert.True(qr.IsValid);
        Assert.Equal("expired, or not a KHQR a wallet takes", verdict);
    }

    [Fact]
    public async Task The_endpoint_as_a_value_runs_as_written()
    {
        var handler = new RecordingHandler(200, Fixture.Text("check_transaction.success.json"));
        var client = RecordingHandler.Client(handler);
        var md5 = Fixture.Md5;
        var cancellationToken = CancellationToken.None;

        // --- docs/endpoints.md: every endpoint is also a value
        Fin<Endpoint<Transaction>> check = CheckTransactionByMd5.Create(md5);
        // POST /v1/check_transaction_by_md5 {"md5":"d60f3db96913029a2af979a1662c1e72"}, bearer required, repeatable
        Fin<Transaction> result = await client.SendAsync(check, cancellationToken);
        // --- end

        Assert.Equal(Fixture.Hash, result.Succ().Hash);
        Assert.Equal(new BakongRequest("POST", CheckTransactionByMd5.Path, """{"md5":"d60f3db96913029a2af979a1662c1e72"}""", RequiresToken: true, IsRepeatable: true), check.Succ().Request);
    }

    // --- docs/errors.md: Matching errors exhaustively
    private static string Explain(BakongError error) => error.Match(
        api: e => e.Match(
            failure: f => f.ErrorCode switch
            {
                ApiErrorCode.TransactionNotFound => "not paid yet",
                ApiErrorCode.TransactionFailed => "payment failed",
                ApiErrorCode.StaticQrNotSupported => "static QR codes cannot be checked",
                _ => $"Bakong said {(int)f.ErrorCode}: {f.ResponseMessage}",
            },
            unknown: u => $"Bakong said {u.Code}: {u.ResponseMessage}"),
        http: e => e.Match(
            unauthorized: _ => "token expired or rejected",
            forbidden: f => $"refused: {f.ResponseMessage}",
            blocked: _ => "blocked: production answers only from Cambodia",
            endpointNotFound: _ => "wrong base URL",
            rateLimited: r => $"slow down ({r.RetryAfter})",
            clientError: c => $"HTTP {c.Response.Status}",
            serverError: s => $"Bakong is having trouble (HTTP {s.Response.Status})",
            unexpectedStatus: u => $"HTTP {u.Response.Status}"),
        network: e => e.Match(
            transport: t => $"network: {t.Reason}",
            timeout: t => $"no answer within {t.After}",
            cancelled: _ => "cancelled"),
        response: e => e.Match(
            tooLarge: t => $"response over {t.LimitBytes} bytes",
            decode: d => $"unexpected response at {d.Problem}"),
        invalidInput: e => string.Join("; ", e.Errors));
    // --- end

    [Fact]
    public void The_exhaustive_match_explains_every_case()
    {
        Assert.Equal("payment failed", Explain(Errors.BakongErrorTests.OneOfEach[0]));
        Assert.Equal("Bakong said 77: new", Explain(Errors.BakongErrorTests.OneOfEach[1]));
        Assert.Equal("blocked: production answers only from Cambodia", Explain(Errors.BakongErrorTests.OneOfEach[4]));
        Assert.Equal("Bakong is having trouble (HTTP 500)", Explain(Errors.BakongErrorTests.OneOfEach[8]));
        Assert.Equal("network: reset", Explain(Errors.BakongErrorTests.OneOfEach[10]));
        Assert.Equal("unexpected response at $.data.amount: expected a number", Explain(Errors.BakongErrorTests.OneOfEach[14]));
        Assert.Equal("md5: must be 32 hexadecimal characters", Explain(Errors.BakongErrorTests.OneOfEach[15]));
    }

    [Fact]
    public async Task The_error_in_a_fin_converts_back_to_a_bakong_error()
    {
        var client = RecordingHandler.Client(new RecordingHandler(200, "{}"));

        // --- docs/errors.md: from a Fin's Error back to the closed type
        Fin<Transaction> result = await client.SendAsync(CheckTransactionByMd5.Create("not-an-md5"));
        string text = result.Match(
            Succ: t => $"paid {t.Amount}",
            Fail: error => Explain(BakongError.From(error)));
        // --- end

        Assert.Equal("md5: must be 32 hexadecimal characters", text);
    }
}
