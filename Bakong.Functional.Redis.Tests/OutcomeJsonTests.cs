using static LanguageExt.Prelude;

namespace Bakong.Functional.Redis.Tests;

/// <summary>Every outcome, and every error inside one, travels through Redis and comes back equal.</summary>
public sealed class OutcomeJsonTests
{
    private static readonly ResponseInfo Response = new(403, "{\"responseCode\":1}");

    private static readonly Transaction Full = new(
        new string('a', 64), "payer@bank", "shop@bank", Currency.KHR, 12345.67m, "tea", DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123),
        DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_001_456), "ACKNOWLEDGED_BY_FI", "ABA", "000123", "INS-1", "EXT-1");

    private static readonly Transaction Bare = new(new string('b', 64), "p@b", "s@b", Currency.USD, 0.01m, None, None, None, None, None, None, None, None);

    public static TheoryData<string, PaymentOutcome> Outcomes() => new()
    {
        { "paid, every field", new PaymentOutcome.Paid(Full) },
        { "paid, no optional field", new PaymentOutcome.Paid(Bare) },
        { "mismatch", new PaymentOutcome.Mismatch(Full, Seq<PaymentDifference>(
            new PaymentDifference.Account("a@b", "c@d"), new PaymentDifference.CurrencyDiffers(Currency.USD, Currency.KHR), new PaymentDifference.AmountDiffers(1.50m, 1.5m))) },
        { "failed", new PaymentOutcome.Failed("FAILED by the bank") },
        { "static", new PaymentOutcome.StaticQr() },
        { "expired", new PaymentOutcome.Expired(DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000)) },
        { "api failure", Error(new BakongError.ApiFailure(ApiErrorCode.TransactionNotFound, "not found", Response)) },
        { "unknown api failure", Error(new BakongError.UnknownApiFailure(Some(99), "?", Response)) },
        { "unknown api failure without code", Error(new BakongError.UnknownApiFailure(None, "?", Response)) },
        { "unauthorized", Error(new BakongError.Unauthorized(Response with { Status = 401 })) },
        { "forbidden", Error(new BakongError.Forbidden(Some(7), "no", Response)) },
        { "blocked", Error(new BakongError.Blocked(Response with { Body = "<html>" })) },
        { "endpoint not found", Error(new BakongError.EndpointNotFound(Response with { Status = 404 })) },
        { "rate limited", Error(new BakongError.RateLimited(Some(TimeSpan.FromSeconds(3)), Response with { Status = 429 })) },
        { "client error", Error(new BakongError.ClientError(Response with { Status = 400 })) },
        { "server error", Error(new BakongError.ServerError(None, Response with { Status = 503 })) },
        { "unexpected status", Error(new BakongError.UnexpectedStatus(Response with { Status = 302 })) },
        { "transport", Error(new BakongError.Transport("reset")) },
        { "timeout", Error(new BakongError.Timeout(TimeSpan.FromSeconds(30))) },
        { "cancelled", Error(new BakongError.Cancelled()) },
        { "too large", Error(new BakongError.ResponseTooLarge(1024, Response)) },
        { "decode", Error(new BakongError.Decode(new DecodeError(".data.amount", "a number"), Response)) },
        { "invalid input", Error(new BakongError.InvalidInput(Seq(new FieldError("md5", "bad"), new FieldError("deadline", "past")))) },
    };

    [Theory]
    [MemberData(nameof(Outcomes))]
    public void An_outcome_written_for_redis_reads_back_equal(string name, PaymentOutcome outcome)
    {
        var back = OutcomeJson.ReadOutcome(OutcomeJson.Write(outcome));

        Assert.True(back.IsSome, name);
        Assert.Equal(outcome, (PaymentOutcome)back);
    }

    [Fact]
    public void A_registration_reads_back_equal_with_and_without_an_expectation()
    {
        var deadline = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);
        var withExpectation = new OutcomeJson.Registration("pod-1", deadline, new ExpectedPayment("shop@bank", Currency.USD, 1.5m));
        var without = new OutcomeJson.Registration("pod-2", deadline, None);

        Assert.Equal(withExpectation, (OutcomeJson.Registration)OutcomeJson.ReadRegistration(OutcomeJson.Write(withExpectation)));
        Assert.Equal(without, (OutcomeJson.Registration)OutcomeJson.ReadRegistration(OutcomeJson.Write(without)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{\"kind\":\"paid\"}")]
    [InlineData("{\"kind\":\"what\"}")]
    public void Unreadable_entries_are_none_never_an_exception(string json) =>
        Assert.True(OutcomeJson.ReadOutcome(json).IsNone);

    [Theory]
    [InlineData("\"amount\":\"1,234.5\"")]
    [InlineData("\"amount\":\"1e3\"")]
    [InlineData("\"amount\":\" 12345.67\"")]
    [InlineData("\"amount\":\"+12345.67\"")]
    [InlineData("\"amount\":\"12345.670000000000000000000000001\"")]
    [InlineData("\"currency\":\"1\"")]
    [InlineData("\"currency\":\"5\"")]
    [InlineData("\"currency\":\"khr\"")]
    public void A_stored_amount_or_currency_that_is_not_exactly_as_written_is_unreadable(string replacement)
    {
        var written = OutcomeJson.Write(new PaymentOutcome.Paid(Full));
        var field = replacement[..replacement.IndexOf(':', StringComparison.Ordinal)];
        var original = field == "\"amount\"" ? "\"amount\":\"12345.67\"" : "\"currency\":\"KHR\"";
        Assert.Contains(original, written, StringComparison.Ordinal);

        Assert.True(OutcomeJson.ReadOutcome(written.Replace(original, replacement, StringComparison.Ordinal)).IsNone);
    }

    private static PaymentOutcome Error(BakongError e) => new PaymentOutcome.Error(e);
}
