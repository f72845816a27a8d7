using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Bakong.Functional;
using Bakong.Functional.Testing;

// Serves a seeded Bakong emulator on 127.0.0.1 for programs that run in their own process: the process-level
// benchmark and the Native AOT check. It prints one JSON line with what they need, then serves until SIGTERM,
// Ctrl+C or the end of standard input.
//   dotnet run --project Bakong.Functional.EmulatorHost -- [--port N]
var port = Option("--port", 0);

var emulator = new BakongEmulator();
const string Email = "shop@example.com";
const string Merchant = "shop@demo";
// Real KHQRs from the library's encoder: a dynamic one for 25.00 USD valid for a day, and a static one.
var shop = new KhqrRequest(new KhqrAccount.Individual(Merchant), "Demo Shop", Currency.USD);
var qr = Khqr.Encode(shop with { Amount = 25.00m, Validity = TimeSpan.FromDays(1), AdditionalData = new KhqrAdditionalData { BillNumber = "INV-1001" } })
    .Match(code => code.Payload, error => throw new InvalidOperationException(error.Message));
var staticQr = Khqr.Encode(shop).Match(code => code.Payload, error => throw new InvalidOperationException(error.Message));
emulator.RegisterEmail(Email, "Demo Shop", "Checkout");
emulator.AddAccount(Merchant);
var paid = emulator.AddPayment(new PaymentSeed
{
    Qr = qr, Amount = 25.00m, Currency = Currency.USD, FromAccountId = "customer@aba", ToAccountId = Merchant,
    Description = "Order INV-1001", InstructionRef = "INS-1001", ExternalRef = "EXT-1001", VisibleAfterPolls = 3,
});
var unpaid = emulator.AddPayment(new PaymentSeed { Md5 = Khqr.Md5("a QR nobody paid"), VisibleAt = DateTimeOffset.MaxValue });
emulator.AddPayment(new PaymentSeed { Qr = staticQr, Outcome = SeedOutcome.StaticQr });
// Found on the first check: what the benchmarks look up again and again.
var bench = emulator.AddPayment(new PaymentSeed { Md5 = Khqr.Md5("benchmark"), Amount = 1.50m, ToAccountId = Merchant });
var token = emulator.IssueToken(TimeSpan.FromDays(1));

await using var server = await emulator.StartServerAsync(port);
using var stop = new CancellationTokenSource();
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
_ = Task.Run(() => { while (Console.In.ReadLine() is not null) { } stop.Cancel(); });

using (var json = new Utf8JsonWriter(Console.OpenStandardOutput()))
{
    json.WriteStartObject();
    json.WriteString("baseUrl", server.BaseUrl.AbsoluteUri);
    // The emulator's own token: it opens nothing but this local process.
    json.WriteString("token", token.Reveal());
    json.WriteString("email", Email);
    json.WriteString("code", emulator.VerificationCodeFor(Email));
    json.WriteString("merchant", Merchant);
    json.WriteString("qr", qr);
    json.WriteString("md5", paid.Md5);
    json.WriteString("hash", paid.Hash);
    json.WriteString("unpaidMd5", unpaid.Md5);
    json.WriteString("staticMd5", Khqr.Md5(staticQr));
    json.WriteString("benchMd5", bench.Md5);
    json.WriteEndObject();
}
Console.WriteLine();
Console.Out.Flush();
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
}
return 0;

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 0 ? v : fallback;
}
