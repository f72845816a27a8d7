using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Bakong.Functional;
using LanguageExt;
using LanguageExt.Common;

// Walks the demo's payment flow through the library against a running emulator (Bakong.Functional.EmulatorHost) and
// checks every outcome. Published with Native AOT, it proves the library runs without the JIT.
//   Bakong.Functional.AotCheck '<the JSON line the emulator host printed>'
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: Bakong.Functional.AotCheck '<emulator host JSON>'");
    return 2;
}
var seed = JsonDocument.Parse(args[0]).RootElement;
string S(string name) => seed.GetProperty(name).GetString() ?? "";

// The whole walk runs with a span listener and a metric listener attached, as an OpenTelemetry app would have them.
var spans = new ConcurrentQueue<Activity>();
using var spanListener = new ActivityListener
{
    ShouldListenTo = s => s.Name is BakongTelemetry.ActivitySourceName or "System.Net.Http",
    Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
    ActivityStopped = spans.Enqueue,
};
ActivitySource.AddActivityListener(spanListener);
var measured = new ConcurrentDictionary<string, int>();
using var meterListener = new MeterListener
{
    InstrumentPublished = (instrument, l) =>
    {
        if (instrument.Meter.Name == BakongTelemetry.MeterName)
            l.EnableMeasurementEvents(instrument);
    },
};
meterListener.SetMeasurementEventCallback<double>((i, _, _, _) => measured.AddOrUpdate(i.Name, 1, (_, n) => n + 1));
meterListener.SetMeasurementEventCallback<long>((i, _, _, _) => measured.AddOrUpdate(i.Name, 1, (_, n) => n + 1));
meterListener.Start();

using var http = new HttpClient();
var anonymous = new BakongClient(http, new BakongClientOptions { BaseUrl = new Uri(S("baseUrl")), Timeout = TimeSpan.FromSeconds(10) });
var failures = 0;
var passed = 0;

void Check(string step, bool ok, string detail)
{
    if (ok) passed++; else failures++;
    Console.WriteLine($"{(ok ? "ok  " : "FAIL")} {step}: {detail}");
}

// Short: a transaction's full text would drown the step list.
string Show<A>(Fin<A> result) => result.Match(a => a is Transaction t ? $"{t.Amount} {t.Currency} to {t.ToAccountId}, hash {t.ShortHash}" : Cut($"{a}"), e => BakongError.From(e).Summary);
static string Cut(string text) => text.Length <= 90 ? text : text[..90] + "…";

var registered = await anonymous.SendAsync(RequestToken.Create("aot@example.com", "AOT Shop", "Check"));
Check("request_token", registered.IsSucc, Show(registered));

var verified = await anonymous.SendAsync(VerifyToken.Create(S("code")));
Check("verify", verified.IsSucc, Show(verified));

var renewed = await anonymous.SendAsync(RenewToken.Create(S("email")));
Check("renew_token", renewed.IsSucc, Show(renewed));
var client = anonymous.WithToken(renewed.IsSucc ? (AccessToken)renewed : null);

var exists = await client.SendAsync(CheckBakongAccount.Create(S("merchant")));
Check("check_bakong_account (exists)", exists.IsSucc && (bool)exists, Show(exists));
var missing = await client.SendAsync(CheckBakongAccount.Create("nobody@demo"));
Check("check_bakong_account (missing)", missing.IsSucc && !(bool)missing, Show(missing));

var md5 = S("md5");
var waited = await client.WaitForPaymentAsync(md5, DateTimeOffset.UtcNow.AddSeconds(30), BackoffSchedule.Fixed(TimeSpan.FromMilliseconds(50)));
var paid = waited.IsSucc ? (Option<Transaction>)waited : Option<Transaction>.None;
Check("wait for payment", paid.Exists(t => t.Amount == 25.00m && t.Currency == Currency.USD && t.ToAccountId == S("merchant")), Show(waited));

var byHash = await client.SendAsync(CheckTransactionByHash.Create(S("hash")));
Check("check_transaction_by_hash", byHash.IsSucc && ((Transaction)byHash).Hash == S("hash"), Show(byHash));
var byShort = await client.SendAsync(CheckTransactionByShortHash.Create(S("hash")[..8], 25.00m, Currency.USD));
Check("check_transaction_by_short_hash", byShort.IsSucc, Show(byShort));
var byInstruction = await client.SendAsync(CheckTransactionByInstructionRef.Create("INS-1001"));
Check("check_transaction_by_instruction_ref", byInstruction.IsSucc, Show(byInstruction));
var byExternal = await client.SendAsync(CheckTransactionByExternalRef.Create("EXT-1001"));
Check("check_transaction_by_external_ref", byExternal.IsSucc, Show(byExternal));

var batch = await client.CheckManyByMd5Async([md5, S("unpaidMd5")]);
var rows = batch.IsSucc ? (Seq<BatchItem>)batch : Seq<BatchItem>.Empty;
Check("check_transaction_by_md5_list", rows.Count == 2
    && rows[0].Result.Exists(r => r is BatchRow.Found)
    && rows[1].Result.Exists(r => r is BatchRow.NotFound), Show(batch));

var link = await client.SendAsync(GenerateDeeplink.Create(S("qr"), new SourceInfo("https://shop.example.com/icon.png", "Demo Shop", "https://shop.example.com/paid")));
Check("generate_deeplink_by_qr", link.IsSucc && ((Uri)link).Scheme == Uri.UriSchemeHttps, Show(link));

var staticQr = await client.SendAsync(CheckTransactionByMd5.Create(S("staticMd5")));
Check("static QR is a typed error", staticQr.IsFail && (Error)staticQr is BakongError.ApiFailure { ErrorCode: ApiErrorCode.StaticQrNotSupported }, Show(staticQr));

var notYet = await client.SendAsync(CheckTransactionByMd5.Create(S("unpaidMd5")).OrNone());
Check("not paid yet is None", notYet.IsSucc && ((Option<Transaction>)notYet).IsNone, Show(notYet));

var invalid = await client.SendAsync(CheckTransactionByMd5.Create("not-an-md5"));
Check("bad input is rejected before I/O", invalid.IsFail && (Error)invalid is BakongError.InvalidInput i && i.Names("md5"), Show(invalid));

var query = from token in anonymous.Send(RenewToken.Create(S("email")))
            from found in anonymous.WithToken(token).Send(CheckTransactionByMd5.Create(md5).OrNone())
            select found;
var linq = await query.Run();
Check("LINQ over Aff: renew_token then check", linq.IsSucc && ((Option<Transaction>)linq).IsSome, Show(linq));

var kinds = BakongError.From((Error)invalid).Match(api: _ => "api", http: _ => "http", network: _ => "network", response: _ => "response", invalidInput: _ => "invalid input");
Check("errors match by kind", kinds == "invalid input", kinds);

// The KHQR codec has generic paths the AOT compiler once failed on: encode, decode and refuse one each.
var encoded = Khqr.Encode(new KhqrRequest(new KhqrAccount.Individual(S("merchant")), "Demo Shop", Currency.USD) { Amount = 25.00m });
var decoded = encoded.Map(c => Khqr.Decode(c.Payload));
Check("KHQR encode and decode", decoded.Exists(d => d.IsValid && d.Amount.Exists(a => a == 25.00m)) && encoded.Exists(c => c.Md5 == Khqr.Md5(c.Payload)), Show(encoded.Map(c => c.Md5)));
var refused = Khqr.Encode(new KhqrRequest(new KhqrAccount.Individual("no-at-sign"), "", Currency.KHR) { Amount = 1.5m });
Check("KHQR refuses broken rules", refused.IsFail && (Error)refused is BakongError.InvalidInput { Errors.Count: > 1 }, Show(refused));
Check("the demo QR decodes with a good CRC", Khqr.Decode(S("qr")).CrcHolds, Khqr.Decode(S("qr")).Md5);

// Web JSON through a source-generated context, as a Native AOT web app writes an outcome: read back, and no LanguageExt array.
PaymentOutcome[] outcomes =
[
    paid.Match(t => (PaymentOutcome)new PaymentOutcome.Paid(t), () => new PaymentOutcome.StaticQr()),
    new PaymentOutcome.Unconfirmed(UnconfirmedReason.NotHeard, DateTimeOffset.UnixEpoch, BakongError.From((Error)staticQr), 1),
];
var written = outcomes.Select(o => JsonSerializer.Serialize(o, AotJson.Default.PaymentOutcome)).ToList();
var rewritten = written.Select(j => JsonSerializer.Serialize(JsonSerializer.Deserialize(j, AotJson.Default.PaymentOutcome)!, AotJson.Default.PaymentOutcome));
Check("PaymentOutcome as web JSON", written[0].StartsWith("{\"outcome\":\"paid\",\"transaction\":{", StringComparison.Ordinal)
    && written[1].Contains("\"lastError\":{\"error\":\"apiFailure\",", StringComparison.Ordinal)
    && !written.Any(j => j.Contains("\":[", StringComparison.Ordinal)) && rewritten.SequenceEqual(written), Cut(written[1]));

meterListener.RecordObservableInstruments();
var bakongSpans = spans.Where(a => a.Source.Name == BakongTelemetry.ActivitySourceName).ToList();
var staticSpan = bakongSpans.LastOrDefault(a => a.GetTagItem("bakong.error_code") is 2);
Check("spans with a listener attached", bakongSpans.Count >= 15
    && bakongSpans.All(a => a.GetTagItem("bakong.endpoint") is string)
    && staticSpan is { Status: ActivityStatusCode.Error } && staticSpan.GetTagItem("error.type") is "ApiFailure"
    && spans.Any(a => a.Source.Name == "System.Net.Http" && bakongSpans.Any(b => b.SpanId == a.ParentSpanId)),
    $"{bakongSpans.Count} Bakong spans, {spans.Count - bakongSpans.Count} HttpClient spans");
Check("metrics with a listener attached", measured.GetValueOrDefault(BakongTelemetry.RequestDuration) >= 15 && measured.ContainsKey(BakongTelemetry.WatcherPending),
    string.Join(", ", measured.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key} {kv.Value}")));

Console.WriteLine($"AOT check: {passed} of {passed + failures} steps succeeded");
return failures == 0 ? 0 : 1;

[System.Text.Json.Serialization.JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[System.Text.Json.Serialization.JsonSerializable(typeof(PaymentOutcome))]
internal sealed partial class AotJson : System.Text.Json.Serialization.JsonSerializerContext;
