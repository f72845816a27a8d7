using Bakong.Functional.Tests.Json;
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
        new BakongError.ServerError(TimeSpan.FromSeconds(4), Info),
        new BakongError.UnexpectedStatus(Info),
        new BakongError.Transport("reset"),
        new BakongError.Timeout(TimeSpan.FromSeconds(2)),
        new BakongError.Cancelled(),
        new BakongError.ResponseTooLarge(10, Info),
        new BakongError.Decode(new DecodeError(".data.amount", "a number"), Info),
        new BakongError.InvalidInput(Prelude.Seq1(new FieldError("md5", "must be 32 hexadecimal characters"))),
    ];

    [Fact]
    public void Match_sends_each_case_to_its_kind_then_to_its_own_function()
    {
        Assert.Equal(
            [
                ("api", "failure"), ("api", "unknown"),
                ("http", "unauthorized"), ("http", "forbidden"), ("http", "blocked"), ("http", "endpointNotFound"),
                ("http", "rateLimited"), ("http", "clientError"), ("http", "serverError"), ("http", "unexpectedStatus"),
                ("network", "transport"), ("network", "timeout"), ("network", "cancelled"),
                ("response", "tooLarge"), ("response", "decode"),
                ("invalidInput", "invalidInput"),
            ],
            OneOfEach.Select(DecoderPropertyTests.KindAndCase));
    }

    [Fact]
    public void Every_error_is_an_expected_languageext_error_never_an_exceptional_one()
    {
        Assert.All(OneOfEach, e =>
        {
            Assert.IsAssignableFrom<LanguageExt.Common.Expected>(e);
            Assert.True(e.IsExpected);
            Assert.False(e.IsExceptional);
            Assert.Equal(e.Summary, e.Message);
        });
    }

    [Fact]
    public void Code_is_the_api_error_code_or_the_http_status_or_zero()
    {
        Assert.Equal([3, 77, 500, 500, 500, 500, 500, 500, 500, 500, 0, 0, 0, 0, 0, 0], OneOfEach.Select(e => e.Code));
        Assert.Equal(0, new BakongError.UnknownApiFailure(Option<int>.None, "", Info).Code);
    }

    [Fact]
    public void Received_is_kept_for_every_case_that_came_from_a_response()
    {
        Assert.Equal(
            [true, true, true, true, true, true, true, true, true, true, false, false, false, true, true, false],
            OneOfEach.Select(e => e.Received == Prelude.Some(Info)));
    }

    [Fact]
    public void Summaries_are_one_readable_line()
    {
        Assert.Equal("Bakong error 3 (TransactionFailed): Transaction failed.", OneOfEach[0].ToString());
        Assert.Equal("HTTP 429: rate limited, retry after 3 s", OneOfEach[6].ToString());
        Assert.Equal("HTTP 500: server error, retry after 4 s", OneOfEach[8].ToString());
        Assert.Equal("unexpected response: $.data.amount: expected a number", OneOfEach[14].ToString());
        Assert.Equal("invalid input: md5: must be 32 hexadecimal characters", OneOfEach[15].ToString());
        Assert.All(OneOfEach, e => Assert.DoesNotContain('\n', e.ToString()));
        Assert.All(OneOfEach, e => Assert.Equal(e.Summary, e.ToString()));
    }

    [Fact]
    public void Transient_cases_are_the_ones_worth_retrying()
    {
        Assert.Equal(
            [typeof(BakongError.RateLimited), typeof(BakongError.ServerError), typeof(BakongError.Transport), typeof(BakongError.Timeout)],
            OneOfEach.Where(e => e.IsTransient).Select(e => e.GetType()));
        Assert.True(new BakongError.ApiFailure(ApiErrorCode.CannotConnectToServer, "", Info).IsTransient);
        Assert.True(new BakongError.ApiFailure(ApiErrorCode.Unauthorized, "", Info).IsUnauthorized);
        Assert.True(OneOfEach[2].IsUnauthorized);
        Assert.Equal([false, false, true, false, false, false, false, false, false, false, false, false, false, false, false, false], OneOfEach.Select(e => e.IsUnauthorized));
    }

    [Fact]
    public void Requested_wait_is_the_retry_after_of_a_429_or_a_5xx_only()
    {
        Assert.Equal(Prelude.Some(TimeSpan.FromSeconds(3)), OneOfEach[6].RequestedWait);
        Assert.Equal(Prelude.Some(TimeSpan.FromSeconds(4)), OneOfEach[8].RequestedWait);
        Assert.True(new BakongError.ServerError(Option<TimeSpan>.None, Info).RequestedWait.IsNone);
        Assert.Equal(2, OneOfEach.Count(e => e.RequestedWait.IsSome));
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
