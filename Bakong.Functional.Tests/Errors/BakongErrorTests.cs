using Bakong.Functional.Tests.Support;

namespace Bakong.Functional.Tests.Errors;

public class BakongErrorTests
{
    private static readonly ResponseInfo Info = new(500, "body");

    public static readonly BakongError[] OneOfEach =
    [
        new BakongError.ApiFailure(ApiErrorCode.TransactionFailed, "Transaction failed.", Info),
        new BakongError.UnknownApiFailure(77, "new", Info),
        new BakongError.Unauthorized(Info),
        new BakongError.Forbidden(6, "no", Info),
        new BakongError.Blocked(Info),
        new BakongError.EndpointNotFound(Info),
        new BakongError.RateLimited(TimeSpan.FromSeconds(3), Info),
        new BakongError.ClientError(Info),
        new BakongError.ServerError(Info),
        new BakongError.UnexpectedStatus(Info),
        new BakongError.Transport("reset"),
        new BakongError.Timeout(TimeSpan.FromSeconds(2)),
        new BakongError.Cancelled(),
        new BakongError.ResponseTooLarge(10, Info),
        new BakongError.Decode(new DecodeError(".data.amount", "a number"), Info),
        new BakongError.InvalidInput(Prelude.Seq1(new FieldError("md5", "must be 32 hexadecimal characters"))),
    ];

    [Fact]
    public void Match_sends_each_case_to_its_own_function()
    {
        var names = OneOfEach.Select(e => e.Match(
            apiFailure: _ => "api", unknownApiFailure: _ => "unknown", unauthorized: _ => "401", forbidden: _ => "403json",
            blocked: _ => "403html", endpointNotFound: _ => "404", rateLimited: _ => "429", clientError: _ => "4xx",
            serverError: _ => "5xx", unexpectedStatus: _ => "other", transport: _ => "transport", timeout: _ => "timeout",
            cancelled: _ => "cancelled", responseTooLarge: _ => "large", decode: _ => "decode", invalidInput: _ => "input"));
        Assert.Equal(
            ["api", "unknown", "401", "403json", "403html", "404", "429", "4xx", "5xx", "other", "transport", "timeout", "cancelled", "large", "decode", "input"],
            names);
    }

    [Fact]
    public void Summaries_are_one_readable_line()
    {
        Assert.Equal("Bakong error 3 (TransactionFailed): Transaction failed.", OneOfEach[0].ToString());
        Assert.Equal("HTTP 429: rate limited, retry after 3 s", OneOfEach[6].ToString());
        Assert.Equal("unexpected response: $.data.amount: expected a number", OneOfEach[14].ToString());
        Assert.Equal("invalid input: md5: must be 32 hexadecimal characters", OneOfEach[15].ToString());
        Assert.All(OneOfEach, e => Assert.DoesNotContain('\n', e.ToString()));
    }

    [Fact]
    public void Transient_cases_are_the_ones_worth_retrying()
    {
        Assert.Equal(
            [typeof(BakongError.RateLimited), typeof(BakongError.ServerError), typeof(BakongError.Transport), typeof(BakongError.Timeout)],
            OneOfEach.Where(e => e.IsTransient).Select(e => e.GetType()));
        Assert.True(new BakongError.ApiFailure(ApiErrorCode.CannotConnectToServer, "", Info).IsTransient);
        Assert.True(new BakongError.ApiFailure(ApiErrorCode.Unauthorized, "", Info).IsUnauthorized);
    }

    [Fact]
    public void Every_api_error_code_has_a_name_and_exhaustive_switches_compile_without_a_default()
    {
        // With CS8509 as an error and CS8524 off, this switch must name all twelve codes to build.
        static string Describe(ApiErrorCode code) => code switch
        {
            ApiErrorCode.TransactionNotFound => "not paid yet",
            ApiErrorCode.StaticQrNotSupported => "static QR",
            ApiErrorCode.TransactionFailed => "failed",
            ApiErrorCode.DeeplinkProviderError => "deeplink",
            ApiErrorCode.MissingRequiredFields => "missing fields",
            ApiErrorCode.Unauthorized => "unauthorized",
            ApiErrorCode.EmailServerDown => "email down",
            ApiErrorCode.EmailAlreadyRegistered => "registered",
            ApiErrorCode.CannotConnectToServer => "unreachable",
            ApiErrorCode.NotRegistered => "not registered",
            ApiErrorCode.AccountNotFound => "no account",
            ApiErrorCode.AccountInvalid => "bad account",
        };
        Assert.Equal(Enumerable.Range(1, 12), Enum.GetValues<ApiErrorCode>().Select(c => (int)c));
        Assert.Equal(12, Enum.GetValues<ApiErrorCode>().Select(Describe).Distinct().Count());
    }
}
