namespace Bakong.Functional.Tests.Json;

/// <summary>One value of every case of the library's web JSON types, for the golden files under Fixtures/Web.</summary>
internal static class WebSamples
{
    /// <summary>A raw body kept in every error: the web JSON must never show it.</summary>
    public const string Body = """{"secret-body":"eyJhbGciOi.token.sig"}""";

    private static readonly DateTimeOffset Now = new(2026, 5, 1, 15, 0, 0, TimeSpan.FromHours(7));
    private static readonly DateTimeOffset Deadline = Now.AddMinutes(10);

    private static ResponseInfo Response(int status) => new(status, Body);

    public static readonly Transaction Transaction = new(
        "8465d722d7d5065f2886f0a474a4d34dc6a7855355b611836f7b6111228893e9", "payer@abaa", "shop@devb", Currency.USD, 2.50m,
        "Coffee x2", Now.AddMinutes(1).AddMilliseconds(123), Option<DateTimeOffset>.None, "ACKNOWLEDGED_BY_FI",
        Option<string>.None, Option<string>.None, "INS-1", Option<string>.None);

    public static readonly BakongError[] Errors =
    [
        new BakongError.ApiFailure(ApiErrorCode.TransactionNotFound, "Transaction could not be found.", Response(200)),
        new BakongError.UnknownApiFailure(Option<int>.None, "", Response(200)),
        new BakongError.Unauthorized(Response(401)),
        new BakongError.Forbidden(6, "Unauthorized, not yet requested for token or code invalid", Response(403)),
        new BakongError.Blocked(Response(403)),
        new BakongError.EndpointNotFound(Response(404)),
        new BakongError.RateLimited(TimeSpan.FromSeconds(30), Response(429)),
        new BakongError.ClientError(Response(400)),
        new BakongError.ServerError(Option<TimeSpan>.None, Response(503)),
        new BakongError.UnexpectedStatus(Response(302)) { RedirectTo = new Uri("https://elsewhere.example/") },
        new BakongError.Transport("Connection refused (127.0.0.1:9)"),
        new BakongError.Timeout(TimeSpan.FromSeconds(10.5)),
        new BakongError.Cancelled(),
        new BakongError.ResponseTooLarge(1_048_576, Response(200)),
        new BakongError.Decode(new DecodeError(".data.amount", "a number or a numeric string"), Response(200)),
        new BakongError.InvalidInput(Prelude.Seq(new FieldError("md5", "must be 32 hexadecimal characters"), new FieldError("amount", "must be positive"))),
    ];

    public static readonly PaymentOutcome[] Outcomes =
    [
        new PaymentOutcome.Paid(Transaction),
        new PaymentOutcome.Mismatch(Transaction with { Amount = 2.00m }, Prelude.Seq<PaymentDifference>(
            new PaymentDifference.AmountDiffers(2.50m, 2.00m), new PaymentDifference.Account("shop@devb", "other@devb"),
            new PaymentDifference.CurrencyDiffers(Currency.USD, Currency.KHR))),
        new PaymentOutcome.Failed("Transaction failed."),
        new PaymentOutcome.StaticQr(),
        new PaymentOutcome.Expired(Deadline),
        new PaymentOutcome.Unconfirmed(UnconfirmedReason.NotHeard, Deadline, Errors[6], 3),
        new PaymentOutcome.Unconfirmed(UnconfirmedReason.Ambiguous, Deadline, Option<BakongError>.None, 1),
        new PaymentOutcome.Error(Errors[2]),
    ];

    public static readonly BatchRow[] Rows =
    [
        new BatchRow.Found("d60f3db96913029a2af979a1662c1e72", Transaction),
        new BatchRow.NotFound("0123456789abcdef0123456789abcdef", "Transaction could not be found."),
        new BatchRow.Failed("1123456789abcdef0123456789abcdef", "Transaction failed."),
        new BatchRow.StaticQr("2123456789abcdef0123456789abcdef", "Static QR cannot be checked."),
        new BatchRow.OtherStatus("3123456789abcdef0123456789abcdef", "SERVICE_FAILED", "Try again later."),
        new BatchRow.Missing("4123456789abcdef0123456789abcdef"),
    ];

    public static readonly ExpectedPayment[] Expected =
    [
        new("shop@devb", Currency.USD, 2.50m),
        new("shop@devb", Currency.KHR, Option<decimal>.None),
    ];

    public static readonly PollAttempt[] Attempts =
    [
        new(1, Now, PollOutcome.NotYet, Option<BakongError>.None, TimeSpan.FromSeconds(2)),
        new(2, Now.AddSeconds(2), PollOutcome.TransientFailure, Errors[8], TimeSpan.FromSeconds(4)),
        new(3, Now.AddSeconds(6), PollOutcome.Found, Option<BakongError>.None, Option<TimeSpan>.None),
    ];

    public static readonly PaymentWatcherStatistics Statistics = new(2, 15, 40, 3, true, Now.AddSeconds(30));
}
