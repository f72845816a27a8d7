using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Bakong.Functional.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Bakong.Functional.Tests.Json;

/// <summary>A web app that returns the library's types writes plain JSON: no LanguageExt array for an optional field.</summary>
public class WebJsonTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 1, 8, 0, 0, TimeSpan.Zero);

    private static KhqrCode Code(bool expires = true) =>
        Khqr.Encode(new KhqrRequest(new KhqrAccount.Individual("shop@devb"), "Shop", Currency.USD)
            { Amount = expires ? 2.50m : Option<decimal>.None }, new FakeTimeProvider(Now)).Succ();

    private static async Task<Transaction> Paid()
    {
        var client = RecordingHandler.Client(new RecordingHandler(200, Fixture.Text("check_transaction.success.json")));
        return (await client.SendAsync(CheckTransactionByMd5.Create(Fixture.Md5))).Succ();
    }

    [Fact]
    public async Task A_minimal_api_returning_a_khqr_code_and_a_transaction_writes_plain_json()
    {
        var code = Code();
        var transaction = await Paid();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        await using var app = builder.Build();
        app.MapGet("/qr", () => code);
        app.MapGet("/transaction", () => transaction);
        app.MapGet("/both", () => Results.Ok(new { qr = code, paid = transaction }));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };

        var qr = await http.GetStringAsync(new Uri("/qr", UriKind.Relative));
        var paid = await http.GetStringAsync(new Uri("/transaction", UriKind.Relative));
        var both = JsonDocument.Parse(await http.GetStringAsync(new Uri("/both", UriKind.Relative))).RootElement;

        Assert.Equal(Golden("khqr-code.json", code.Payload, code.Md5), qr);
        Assert.Equal(Golden("transaction.json"), paid);
        Assert.Equal(JsonValueKind.String, both.GetProperty("qr").GetProperty("expiresAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, both.GetProperty("paid").GetProperty("createdAt").ValueKind);
        await app.StopAsync();
    }

    [Fact]
    public async Task A_minimal_api_returning_each_library_type_writes_the_golden_json_with_no_option_as_an_array()
    {
        var code = Code();
        var decoded = new[] { Khqr.Decode(code.Payload), Khqr.Decode("000201010212") };
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        await using var app = builder.Build();
        // Each handler's declared type is the base type, as an app's would be: ASP.NET Core then writes the runtime case.
        app.MapGet("/decoded/{i:int}", (int i) => decoded[i]);
        app.MapGet("/outcome/{i:int}", (int i) => WebSamples.Outcomes[i]);
        app.MapGet("/error/{i:int}", (int i) => WebSamples.Errors[i]);
        app.MapGet("/row/{i:int}", (int i) => WebSamples.Rows[i]);
        app.MapGet("/expected/{i:int}", (int i) => WebSamples.Expected[i]);
        app.MapGet("/attempt/{i:int}", (int i) => WebSamples.Attempts[i]);
        app.MapGet("/statistics/{i:int}", (int i) => WebSamples.Statistics);
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };

        async Task<string> Lines(string route, int count)
        {
            var lines = new List<string>();
            for (var i = 0; i < count; i++)
                lines.Add(await http.GetStringAsync(new Uri($"/{route}/{i}", UriKind.Relative)));
            return string.Join("\n", lines);
        }

        var written = new Dictionary<string, string>
        {
            ["khqr-decoded.jsonl"] = await Lines("decoded", decoded.Length),
            ["payment-outcomes.jsonl"] = await Lines("outcome", WebSamples.Outcomes.Length),
            ["bakong-errors.jsonl"] = await Lines("error", WebSamples.Errors.Length),
            ["batch-rows.jsonl"] = await Lines("row", WebSamples.Rows.Length),
            ["expected-payments.jsonl"] = await Lines("expected", WebSamples.Expected.Length),
            ["poll-attempts.jsonl"] = await Lines("attempt", WebSamples.Attempts.Length),
            ["payment-watcher-statistics.jsonl"] = await Lines("statistics", 1),
        };
        await app.StopAsync();

        foreach (var (file, json) in written)
        {
            Assert.Equal(Golden(file), json);
            foreach (var line in json.Split('\n'))
                AssertArraysOnlyForLists(JsonDocument.Parse(line).RootElement, file);
        }
        Assert.DoesNotContain(WebSamples.Body, written["bakong-errors.jsonl"], StringComparison.Ordinal);
        Assert.DoesNotContain(WebSamples.Body, written["payment-outcomes.jsonl"], StringComparison.Ordinal);
    }

    // An Option written by LanguageExt's default shape is an array; the only arrays the library writes are its lists.
    private static void AssertArraysOnlyForLists(JsonElement element, string where, string? name = null)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            Assert.True(name is "differences" or "problems" or "errors", $"{where}: \"{name}\" is an array");
            foreach (var item in element.EnumerateArray())
                AssertArraysOnlyForLists(item, where);
        }
        else if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var member in element.EnumerateObject())
                AssertArraysOnlyForLists(member.Value, where, member.Name);
        }
    }

    [Fact]
    public async Task A_source_generated_context_as_native_aot_uses_writes_the_same_json_and_reads_it_back()
    {
        var code = Code();
        var transaction = await Paid();

        var qr = JsonSerializer.Serialize(code, WebContext.Default.KhqrCode);
        var paid = JsonSerializer.Serialize(transaction, WebContext.Default.Transaction);

        Assert.Equal(Golden("khqr-code.json", code.Payload, code.Md5), qr);
        Assert.Equal(Golden("transaction.json"), paid);
        Assert.Equal(code, JsonSerializer.Deserialize(qr, WebContext.Default.KhqrCode));
        var back = JsonSerializer.Deserialize(paid, WebContext.Default.Transaction)!;
        Assert.Equal((transaction.Hash, transaction.Amount, transaction.Currency, transaction.Description.Case), (back.Hash, back.Amount, back.Currency, back.Description.Case));
    }

    [Fact]
    public void A_source_generated_context_listing_a_case_writes_it_as_its_base_type_does()
    {
        var paid = (PaymentOutcome.Paid)WebSamples.Outcomes[0];
        var unconfirmed = (PaymentOutcome.Unconfirmed)WebSamples.Outcomes[5];

        var written = new[] { JsonSerializer.Serialize(paid, WebContext.Default.Paid), JsonSerializer.Serialize(unconfirmed, WebContext.Default.Unconfirmed) };

        var golden = Golden("payment-outcomes.jsonl").Split('\n');
        Assert.Equal([golden[0], golden[5]], written);
        Assert.Equal(written[1], JsonSerializer.Serialize(JsonSerializer.Deserialize(written[1], WebContext.Default.Unconfirmed)!, WebContext.Default.PaymentOutcome));
    }

    [Fact]
    public void A_static_qr_without_expiry_writes_null_or_leaves_it_out_when_asked()
    {
        var code = Code(expires: false);

        var written = JsonSerializer.Serialize(code, WebContext.Default.KhqrCode);
        var skipping = JsonSerializer.Serialize(code, new WebContext(new JsonSerializerOptions
            { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }).KhqrCode);

        Assert.Contains("\"expiresAt\":null", written, StringComparison.Ordinal);
        Assert.DoesNotContain("expiresAt", skipping, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"payload":"000201"}""")]
    [InlineData("""{"md5":"d60f3db96913029a2af979a1662c1e72"}""")]
    [InlineData("[]")]
    public void Reading_a_khqr_code_that_is_not_one_is_a_json_exception(string json) =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, WebContext.Default.KhqrCode));

    [Theory]
    [InlineData("""{"toAccountId":"shop@devb","currency":"USD","amount":"2.50"}""")]
    [InlineData("""{"toAccountId":"shop@devb","currency":"USD","amount":-1}""")]
    [InlineData("""{"toAccountId":"shop@devb","currency":"EUR","amount":1}""")]
    [InlineData("""{"currency":"USD","amount":1}""")]
    [InlineData("""{"toAccountId":"shop@devb","currency":"USD","amount":[2.5]}""")]
    public void Reading_an_expected_payment_is_strict(string json) =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, WebContext.Default.ExpectedPayment));

    [Theory]
    [InlineData("""{"outcome":"settled"}""")]
    [InlineData("""{"transaction":null}""")]
    [InlineData("""{"outcome":"expired","deadline":"2026-05-01T08:10:00"}""")]
    [InlineData("""{"outcome":"unconfirmed","why":"NotHeard","deadline":"2026-05-01T08:10:00Z","untrustedAnswers":1}""")]
    [InlineData("""{"outcome":"error","reason":{"error":"apiFailure","status":200,"errorCode":99,"responseMessage":""}}""")]
    [InlineData("""{"outcome":"error","reason":{"error":"rateLimited","retryAfter":"00:00:30"}}""")]
    [InlineData("""{"outcome":"paid","transaction":{"hash":"h","fromAccountId":"a","toAccountId":"b","currency":"USD"}}""")]
    public void Reading_a_payment_outcome_is_strict(string json) =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, WebContext.Default.PaymentOutcome));

    [Fact]
    public void Reading_a_time_with_z_gives_utc_and_an_absent_optional_gives_none()
    {
        var outcome = JsonSerializer.Deserialize("""{"outcome":"unconfirmed","why":"notHeard","deadline":"2026-05-01T08:10:00Z","untrustedAnswers":2}""", WebContext.Default.PaymentOutcome);

        var unconfirmed = Assert.IsType<PaymentOutcome.Unconfirmed>(outcome);
        Assert.Equal((new DateTimeOffset(2026, 5, 1, 8, 10, 0, TimeSpan.Zero), TimeSpan.Zero, true, 2),
            (unconfirmed.Deadline, unconfirmed.Deadline.Offset, unconfirmed.LastError.IsNone, unconfirmed.UntrustedAnswers));
    }

    // A golden file with {0}-style holes takes the values that change with the encoder's inputs.
    private static string Golden(string name, params object[] values)
    {
        var text = Fixture.Text(Path.Combine("Web", name)).Trim();
        return values.Length == 0 ? text : string.Format(System.Globalization.CultureInfo.InvariantCulture, text, values);
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(KhqrCode))]
[JsonSerializable(typeof(Transaction))]
[JsonSerializable(typeof(KhqrDecoded))]
[JsonSerializable(typeof(PaymentOutcome))]
[JsonSerializable(typeof(PaymentOutcome.Paid))]
[JsonSerializable(typeof(PaymentOutcome.Unconfirmed))]
[JsonSerializable(typeof(BakongError))]
[JsonSerializable(typeof(BatchRow))]
[JsonSerializable(typeof(ExpectedPayment))]
[JsonSerializable(typeof(PaymentDifference))]
[JsonSerializable(typeof(KhqrAccount))]
[JsonSerializable(typeof(KhqrAdditionalData))]
[JsonSerializable(typeof(KhqrAlternateLanguage))]
[JsonSerializable(typeof(PollAttempt))]
[JsonSerializable(typeof(PaymentWatcherStatistics))]
internal sealed partial class WebContext : JsonSerializerContext;
