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
        var client = new BakongClient(new HttpClient(handler), BakongClientOptions.ForSit());

        var outcome = await (
            from token in client.RenewToken("you@example.com")
            from paid in client.WithToken(token).FindTransactionByMd5("d60f3db96913029a2af979a1662c1e72")
            select paid.Match(
                Some: t => $"paid {t.Amount} {t.Currency} from {t.FromAccountId}",
                None: () => "not paid yet")).ToEither();

        Assert.Equal("paid 1.0 USD from rieu_dhqj_1984@devb", outcome.Match(Right: text => text, Left: error => error.Summary));
        Assert.Equal(new Uri("https://sit-api-bakong.nbc.gov.kh/v1/check_transaction_by_md5"), handler.Requests[1].Uri);
    }

    [Fact]
    public void The_exhaustive_match_explains_every_case()
    {
        static string Explain(BakongError error) => error.Match(
            apiFailure: e => e.Code switch
            {
                ApiErrorCode.TransactionNotFound => "not paid yet",
                ApiErrorCode.TransactionFailed => "payment failed",
                ApiErrorCode.StaticQrNotSupported => "static QR codes cannot be checked",
                _ => $"Bakong said {(int)e.Code}: {e.Message}",
            },
            unknownApiFailure: e => $"Bakong said {e.Code}: {e.Message}",
            unauthorized: _ => "token expired or rejected",
            forbidden: e => $"refused: {e.Message}",
            blocked: _ => "blocked: production answers only from Cambodia",
            endpointNotFound: _ => "wrong base URL",
            rateLimited: e => $"slow down ({e.RetryAfter})",
            clientError: e => $"HTTP {e.Response.Status}",
            serverError: e => $"Bakong is having trouble (HTTP {e.Response.Status})",
            unexpectedStatus: e => $"HTTP {e.Response.Status}",
            transport: e => $"network: {e.Reason}",
            timeout: e => $"no answer within {e.After}",
            cancelled: _ => "cancelled",
            responseTooLarge: e => $"response over {e.LimitBytes} bytes",
            decode: e => $"unexpected response at {e.Error}",
            invalidInput: e => string.Join("; ", e.Errors));

        Assert.Equal("payment failed", Explain(Errors.BakongErrorTests.OneOfEach[0]));
        Assert.Equal("md5: must be 32 hexadecimal characters", Explain(Errors.BakongErrorTests.OneOfEach[15]));
        Assert.Equal("blocked: production answers only from Cambodia", Explain(Errors.BakongErrorTests.OneOfEach[4]));
        Assert.Equal("network: reset", Explain(Errors.BakongErrorTests.OneOfEach[10]));
    }
}
