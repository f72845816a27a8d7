using Bakong.Functional.Tests.Support;

namespace Bakong.Functional.Tests.Runner;

/// <summary>Inputs found in review that once threw or leaked a token.</summary>
public class ReviewRegressionTests
{
    private const string Token = "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjE3NzE0OTUyMDB9.signature-part-XYZ";

    [Fact]
    public async Task A_token_cut_in_half_by_the_kept_body_limit_is_still_redacted()
    {
        // Padding puts all but the token's last character inside the kept 2,048 characters.
        var padding = new string('x', ResponseInfo.MaxBodyChars - ("Bearer " + Token).Length + 1);
        var handler = new RecordingHandler(r => RecordingHandler.Reply(400, padding + r.Header("Authorization"), "text/plain"));
        var e = (await RecordingHandler.Client(handler, Token).SendAsync(CheckTransactionByMd5.Create(Fixture.Md5))).FailAs<BakongError.ClientError, Transaction>();

        Assert.DoesNotContain(Token[..^1], e.Response.Body);
        Assert.EndsWith("Bearer [redacted]", e.Response.Body);
    }

    [Fact]
    public async Task A_token_source_that_returns_nothing_is_an_error_value()
    {
        var client = new BakongClient(new HttpClient(new RecordingHandler(200, "{}")), new BakongClientOptions
        {
            BaseUrl = new Uri("https://bakong.test"), TokenSource = new SilentSource(), Retry = RetryPolicy.None,
        });
        var e = (await client.SendAsync(CheckTransactionByMd5.Create(Fixture.Md5))).FailAs<BakongError.Transport, Transaction>();
        Assert.False(string.IsNullOrEmpty(e.Reason));
    }

    [Fact]
    public void A_batch_that_changes_between_reads_is_read_once()
    {
        var endpoint = CheckTransactionsByMd5List.Create(new ChangingKeys()).Succ();
        Assert.Equal($"[\"{Fixture.Md5}\"]", endpoint.Request.Body);
    }

    [Fact]
    public void A_huge_retry_after_is_clamped_to_a_wait_timers_can_make()
    {
        var wait = BackoffSchedule.PollingDefault.NextDelay(0, 0.5, DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue, TimeSpan.FromDays(100));
        Assert.Equal(Prelude.Some(BackoffSchedule.LongestWait), wait);
    }

    [Fact]
    public void A_renewal_answer_that_fails_to_decode_does_not_keep_the_new_token()
    {
        var body = $$$"""{"responseCode":0,"responseMessage":"ok","data":{"token":"{{{Token}}}"}} {}""";
        var e = RenewToken.Create("dev@shop.kh").Succ().Decode(Fixture.Json(body)).FailAs<BakongError.Decode, AccessToken>();
        Assert.DoesNotContain(Token, e.Response.Body);
        Assert.Equal(200, e.Response.Status);

        // Failures without a token keep their body for diagnosis.
        var notRegistered = RenewToken.Create("dev@shop.kh").Succ().Decode(Fixture.Json(Fixture.Failure(10, "Not registered yet"))).FailAs<BakongError.ApiFailure, AccessToken>();
        Assert.Contains("Not registered yet", notRegistered.Response.Body);
    }

    private sealed class SilentSource : IAccessTokenSource
    {
        public ValueTask<Fin<AccessToken>> GetTokenAsync(CancellationToken cancellationToken = default) => default;
        public ValueTask<Fin<AccessToken>> RenewAsync(AccessToken rejected, CancellationToken cancellationToken = default) => default;
    }

    /// <summary>Yields a valid md5 the first time it is read, and a null the second.</summary>
    private sealed class ChangingKeys : IEnumerable<string?>
    {
        private int reads;

        public IEnumerator<string?> GetEnumerator()
        {
            yield return reads++ == 0 ? Fixture.Md5 : null;
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
