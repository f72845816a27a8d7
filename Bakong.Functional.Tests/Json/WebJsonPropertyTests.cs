using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Bakong.Functional.Tests.KhqrCodec;
using Bakong.Functional.Tests.Support;
using CsCheck;
using Microsoft.Extensions.Time.Testing;

namespace Bakong.Functional.Tests.Json;

/// <summary>Every web JSON converter reads back what it wrote, under any naming policy, with nulls written or skipped.</summary>
public class WebJsonPropertyTests
{
    private static JsonSerializerOptions Options(JsonSerializerDefaults defaults, JsonNamingPolicy? naming, bool skipNulls) => new(defaults)
    {
        PropertyNamingPolicy = naming,
        DefaultIgnoreCondition = skipNulls ? JsonIgnoreCondition.WhenWritingNull : JsonIgnoreCondition.Never,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    // ASP.NET Core's defaults, .NET's defaults, snake_case, and the web defaults leaving nulls out.
    private static readonly Gen<JsonSerializerOptions> AnyOptions = Gen.OneOf(
        Options(JsonSerializerDefaults.Web, JsonNamingPolicy.CamelCase, skipNulls: false),
        Options(JsonSerializerDefaults.General, null, skipNulls: false),
        Options(JsonSerializerDefaults.General, JsonNamingPolicy.SnakeCaseLower, skipNulls: false),
        Options(JsonSerializerDefaults.Web, JsonNamingPolicy.CamelCase, skipNulls: true));

    private static readonly Gen<string> Text = KhqrGenerators.Text(0, 40);

    private static readonly Gen<DateTimeOffset> Time =
        from ms in Gen.Long[0, 4_102_444_800_000]
        from ticks in Gen.Int[0, 9_999]
        from offset in Gen.Int[-14 * 4, 14 * 4]
        select DateTimeOffset.FromUnixTimeMilliseconds(ms).AddTicks(ticks).ToOffset(TimeSpan.FromMinutes(offset * 15));

    private static readonly Gen<TimeSpan> Span = Gen.Long[0, TimeSpan.TicksPerDay * 40].Select(TimeSpan.FromTicks);

    private static readonly Gen<ResponseInfo> Response = Gen.Int[100, 599].Select(s => new ResponseInfo(s, ""));

    private static Gen<Option<T>> Maybe<T>(Gen<T> gen) => KhqrGenerators.OptionOf(gen);

    private static readonly Gen<Transaction> Transactions =
        from t in Generators.Transaction
        from created in Maybe(Time)
        from repaired in Gen.Bool
        select t with { CreatedAt = created, DescriptionRepaired = repaired };

    private static readonly Gen<BakongError> Errors = Gen.OneOf<BakongError>(
        Gen.Select(Gen.OneOf(Enum.GetValues<ApiErrorCode>()), Text, Response, (c, m, r) => (BakongError)new BakongError.ApiFailure(c, m, r)),
        Gen.Select(Maybe(Gen.Int), Text, Response, (c, m, r) => (BakongError)new BakongError.UnknownApiFailure(c, m, r)),
        Response.Select(r => (BakongError)new BakongError.Unauthorized(r)),
        Gen.Select(Maybe(Gen.Int), Text, Response, (c, m, r) => (BakongError)new BakongError.Forbidden(c, m, r)),
        Response.Select(r => (BakongError)new BakongError.Blocked(r)),
        Response.Select(r => (BakongError)new BakongError.EndpointNotFound(r)),
        Gen.Select(Maybe(Span), Response, (d, r) => (BakongError)new BakongError.RateLimited(d, r)),
        Response.Select(r => (BakongError)new BakongError.ClientError(r)),
        Gen.Select(Maybe(Span), Response, (d, r) => (BakongError)new BakongError.ServerError(d, r)),
        Gen.Select(Maybe(Gen.OneOf("https://elsewhere.example/", "http://127.0.0.1:8080/v1/x?y=z")), Response,
            (to, r) => (BakongError)new BakongError.UnexpectedStatus(r) { RedirectTo = to.Map(u => new Uri(u)) }),
        Text.Select(t => (BakongError)new BakongError.Transport(t)),
        Span.Select(d => (BakongError)new BakongError.Timeout(d)),
        Gen.Const((BakongError)new BakongError.Cancelled()),
        Gen.Select(Gen.Long[0, long.MaxValue], Response, (l, r) => (BakongError)new BakongError.ResponseTooLarge(l, r)),
        Gen.Select(Text, Text, Response, (p, e, r) => (BakongError)new BakongError.Decode(new DecodeError(p, e), r)),
        Gen.Select(Text, Text, (f, why) => new FieldError(f, why)).Array[1, 4]
            .Select(es => (BakongError)new BakongError.InvalidInput(es.ToSeq())));

    private static readonly Gen<ExpectedPayment> Expected =
        Gen.Select(KhqrGenerators.AccountId, Gen.OneOf(Currency.USD, Currency.KHR), Maybe(Generators.Amount), (a, c, m) => new ExpectedPayment(a, c, m));

    private static readonly Gen<PaymentDifference> Differences = Gen.OneOf<PaymentDifference>(
        Gen.Select(KhqrGenerators.AccountId, KhqrGenerators.AccountId, (e, a) => (PaymentDifference)new PaymentDifference.Account(e, a)),
        Gen.Select(Gen.OneOf(Currency.USD, Currency.KHR), Gen.OneOf(Currency.USD, Currency.KHR), (e, a) => (PaymentDifference)new PaymentDifference.CurrencyDiffers(e, a)),
        Gen.Select(Generators.Amount, Generators.Amount, (e, a) => (PaymentDifference)new PaymentDifference.AmountDiffers(e, a)));

    private static readonly Gen<PaymentOutcome> Outcomes = Gen.OneOf<PaymentOutcome>(
        Transactions.Select(t => (PaymentOutcome)new PaymentOutcome.Paid(t)),
        Gen.Select(Transactions, Differences.Array[1, 3], (t, d) => (PaymentOutcome)new PaymentOutcome.Mismatch(t, d.ToSeq())),
        Text.Select(r => (PaymentOutcome)new PaymentOutcome.Failed(r)),
        Gen.Const((PaymentOutcome)new PaymentOutcome.StaticQr()),
        Time.Select(d => (PaymentOutcome)new PaymentOutcome.Expired(d)),
        Gen.Select(Gen.Enum<UnconfirmedReason>(), Time, Maybe(Errors), Gen.Int[0, 1000],
            (why, d, e, n) => (PaymentOutcome)new PaymentOutcome.Unconfirmed(why, d, e, n)),
        Errors.Select(e => (PaymentOutcome)new PaymentOutcome.Error(e)));

    private static readonly Gen<string> Key = Generators.Hex(32);

    private static readonly Gen<BatchRow> Rows = Gen.OneOf<BatchRow>(
        Gen.Select(Key, Transactions, (k, t) => (BatchRow)new BatchRow.Found(k, t)),
        Gen.Select(Key, Text, (k, m) => (BatchRow)new BatchRow.NotFound(k, m)),
        Gen.Select(Key, Text, (k, m) => (BatchRow)new BatchRow.Failed(k, m)),
        Gen.Select(Key, Text, (k, m) => (BatchRow)new BatchRow.StaticQr(k, m)),
        Gen.Select(Key, Text, Text, (k, s, m) => (BatchRow)new BatchRow.OtherStatus(k, s, m)),
        Key.Select(k => (BatchRow)new BatchRow.Missing(k)));

    private static readonly Gen<PollAttempt> Attempts =
        from n in Gen.Int[1, 10_000]
        from at in Time
        from outcome in Gen.Enum<PollOutcome>()
        from error in Maybe(Errors)
        from next in Maybe(Span)
        select new PollAttempt(n, at, outcome, error, next);

    private static readonly Gen<PaymentWatcherStatistics> Statistics =
        from pending in Gen.Int[0, int.MaxValue]
        from counts in Gen.Long[0, long.MaxValue].Array[4]
        from single in Gen.Bool
        from paused in Maybe(Time)
        from anomalies in Gen.Long[0, 1_000_000].Array[Enum.GetValues<AnswerAnomaly>().Length]
        select new PaymentWatcherStatistics(pending, counts[0], counts[1], counts[2], single, paused)
        {
            Anomalies = Enum.GetValues<AnswerAnomaly>().ToDictionary(k => k, k => anomalies[(int)k]),
        };

    // Valid codes as the encoder makes them, and any text at all, which decodes with its problems.
    private static readonly Gen<KhqrDecoded> Decoded = Gen.OneOf(
        KhqrGenerators.Valid.Select(v => Khqr.Decode(Khqr.Encode(v.Request, new FakeTimeProvider(v.Now)).Succ().Payload)),
        Gen.String.Select(Khqr.Decode));

    private static readonly Gen<KhqrCode> Codes =
        KhqrGenerators.Valid.Select(v => Khqr.Encode(v.Request, new FakeTimeProvider(v.Now)).Succ());

    /// <summary>Written, read back and written again: the same text, and (where the type has value equality) the same value.</summary>
    private static void RoundTrips<T>(Gen<T> values, Func<T, T, bool>? same = null) where T : class =>
        Gen.Select(values, AnyOptions).Sample((value, options) =>
        {
            var json = JsonSerializer.Serialize(value, options);
            var back = JsonSerializer.Deserialize<T>(json, options)!;
            Assert.Equal(json, JsonSerializer.Serialize(back, options));
            Assert.True((same ?? ((a, b) => a.Equals(b)))(value, back), json);
        }, iter: Generators.Many);

    [Fact]
    public void Transactions_round_trip() => RoundTrips(Transactions);

    [Fact]
    public void Khqr_codes_round_trip() => RoundTrips(Codes);

    [Fact]
    public void Decoded_khqrs_round_trip() => RoundTrips(Decoded, (a, b) => a.Payload == b.Payload);

    [Fact]
    public void Accounts_additional_data_and_alternate_languages_round_trip()
    {
        RoundTrips(KhqrGenerators.Account);
        RoundTrips(KhqrGenerators.AdditionalData);
        RoundTrips(KhqrGenerators.AlternateLanguage);
    }

    [Fact]
    public void Expected_payments_round_trip_keeping_the_amount_scale() =>
        RoundTrips(Expected, (a, b) => a.Equals(b) && a.Amount.Map(m => m.Scale).Equals(b.Amount.Map(m => m.Scale)));

    [Fact]
    public void Payment_differences_round_trip() => RoundTrips(Differences);

    [Fact]
    public void Bakong_errors_round_trip_without_their_body() => RoundTrips(Errors);

    [Fact]
    public void Payment_outcomes_round_trip() => RoundTrips(Outcomes);

    [Fact]
    public void Batch_rows_round_trip() => RoundTrips(Rows);

    [Fact]
    public void Poll_attempts_round_trip() => RoundTrips(Attempts);

    [Fact]
    public void Watcher_statistics_round_trip() =>
        RoundTrips(Statistics, (a, b) => (a with { Anomalies = b.Anomalies }).Equals(b) && a.Anomalies.All(kv => b.Anomalies[kv.Key] == kv.Value));
}
