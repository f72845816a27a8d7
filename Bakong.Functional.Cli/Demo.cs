using System.CommandLine;
using Bakong.Functional.Testing;
using LanguageExt;

namespace Bakong.Functional.Cli;

internal sealed partial class BakongCli
{
    private Command DemoCommand()
    {
        var command = new Command("demo",
            "The whole payment flow, offline: starts the Bakong emulator on 127.0.0.1 and walks register, verify, renew, " +
            "account check, polling until paid, lookups, a batch, a deeplink and two typed errors through the library over real HTTP. " +
            "With --json the walk-through goes to stderr and stdout gets one document.");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var report = new Report(host, parse.GetValue(json), "demo");
            // With --json the walk-through is progress, as wait's checks are: stderr, leaving stdout to the one document.
            var demo = new Demo(report.IsJson ? host.Error : host.Out);
            int exit;
            try
            {
                exit = await demo.RunAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return report.Fail(new BakongError.Cancelled());
            }
            // The walk-through has already shown the error; the document (or, for Ctrl+C, the exit code) still says it.
            if (demo.Failure is { } failure && report.IsJson)
                return report.Fail(failure);
            if (demo.Failure is BakongError.Cancelled)
                return host.CancelledExitCode;
            return report.Ok(
                _ => { },
                w =>
                {
                    w.WriteBoolean("completed", exit == ExitCodes.Ok);
                    w.WriteNumber("steps", demo.Steps);
                    w.WriteNumber("requests", demo.Requests);
                },
                exit);
        });
        return command;
    }
}

/// <summary><c>bakong demo</c>: every step goes through <see cref="BakongClient"/> over real HTTP to a loopback emulator.</summary>
internal sealed class Demo(TextWriter o)
{
    private const string Email = "shop@example.com";
    private const string Merchant = "shop@demo";

    // A dynamic KHQR for 25.00 USD and a static one, from the library's encoder; the emulator keys payments by their MD5.
    private static readonly KhqrRequest Shop = new(new KhqrAccount.Individual(Merchant), "Demo Shop", Currency.USD);
    private static readonly string Qr = Khqr.Encode(Shop with { Amount = 25.00m, AdditionalData = new KhqrAdditionalData { BillNumber = "INV-1001" } })
        .Match(code => code.Payload, _ => "");
    private static readonly string StaticQr = Khqr.Encode(Shop).Match(code => code.Payload, _ => "");

    private int step;

    /// <summary>The steps taken.</summary>
    public int Steps => step;

    /// <summary>The HTTP requests the emulator answered.</summary>
    public int Requests { get; private set; }

    /// <summary>The error that stopped the demo, if one did.</summary>
    public BakongError? Failure { get; private set; }

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var emulator = new BakongEmulator();
        await using var server = await emulator.StartServerAsync(0, cancellationToken);
        using var http = new HttpClient();
        var anonymous = new BakongClient(http, new BakongClientOptions { BaseUrl = server.BaseUrl, Timeout = TimeSpan.FromSeconds(10) });
        o.WriteLine($"Bakong emulator listening on {server.BaseUrl}");
        o.WriteLine("Every step below is a real HTTP call through Bakong.Functional.");
        o.WriteLine();

        // ---- tokens
        Step("Register an e-mail (request_token)");
        var registered = await anonymous.SendAsync(RequestToken.Create(Email, "Demo Shop", "Checkout"), cancellationToken);
        if (!registered.IsSucc)
            return Unexpected(registered);
        o.WriteLine($"   {Email}: Email has been sent");

        Step("Read the verification code (the real one is e-mailed; the emulator keeps it)");
        var code = emulator.VerificationCodeFor(Email) ?? "";
        o.WriteLine($"   code: {code}");

        Step("Verify the code (verify)");
        var verified = await anonymous.SendAsync(VerifyToken.Create(code), cancellationToken);
        if (!verified.IsSucc)
            return Unexpected(verified);
        o.WriteLine($"   {(AccessToken)verified}");

        Step("Renew the token (renew_token)");
        var renewed = await anonymous.SendAsync(RenewToken.Create(Email), cancellationToken);
        if (!renewed.IsSucc)
            return Unexpected(renewed);
        var token = (AccessToken)renewed;
        o.WriteLine($"   {token}");
        var client = anonymous.WithToken(token);

        // ---- account
        Step("Check accounts (check_bakong_account)");
        emulator.AddAccount(Merchant);
        foreach (var id in new[] { Merchant, "nobody@demo" })
        {
            var exists = await client.SendAsync(CheckBakongAccount.Create(id), cancellationToken);
            if (!exists.IsSucc)
                return Unexpected(exists);
            o.WriteLine($"   {id}: {((bool)exists ? "exists" : "does not exist")}");
        }

        // ---- a payment, polled until paid
        Step("A customer pays the KHQR (seeded in the emulator: visible after 3 checks)");
        var seeded = emulator.AddPayment(new PaymentSeed
        {
            Qr = Qr,
            Amount = 25.00m,
            Currency = Currency.USD,
            FromAccountId = "customer@aba",
            ToAccountId = Merchant,
            Description = "Order INV-1001",
            InstructionRef = "INS-1001",
            ExternalRef = "EXT-1001",
            VisibleAfterPolls = 3,
        });
        var md5 = Khqr.Md5(Qr);
        o.WriteLine($"   md5 of the QR: {md5}");

        Step("Wait for the payment (check_transaction_by_md5, polled)");
        var progress = new InlineProgress<PollAttempt>(a => o.WriteLine($"   {BakongCli.Progress(a)}"));
        var waited = await client.WaitForPaymentAsync(md5, DateTimeOffset.UtcNow.AddSeconds(30),
            BackoffSchedule.Fixed(TimeSpan.FromMilliseconds(150)), progress, cancellationToken);
        if (!waited.IsSucc)
            return Unexpected(waited);
        var paid = (LanguageExt.Option<Transaction>)waited;
        if (paid.IsNone)
        {
            o.WriteLine("   not paid before the deadline (unexpected)");
            return ExitCodes.UnexpectedResponse;
        }
        var transaction = (Transaction)paid;
        Report.WriteTransaction(o, transaction, "   ");

        // ---- lookups
        Step("Look it up by hash (check_transaction_by_hash)");
        if (Found(await client.SendAsync(CheckTransactionByHash.Create(seeded.Hash), cancellationToken)) is { } e1)
            return e1;
        Step($"Look it up by short hash {transaction.ShortHash}, amount and currency (check_transaction_by_short_hash)");
        if (Found(await client.SendAsync(CheckTransactionByShortHash.Create(transaction.ShortHash, transaction.Amount, transaction.Currency), cancellationToken)) is { } e2)
            return e2;
        Step("Look it up by instruction ref and external ref");
        if (Found(await client.SendAsync(CheckTransactionByInstructionRef.Create("INS-1001"), cancellationToken)) is { } e3)
            return e3;
        if (Found(await client.SendAsync(CheckTransactionByExternalRef.Create("EXT-1001"), cancellationToken)) is { } e4)
            return e4;

        // ---- batch
        Step("Check a batch: one paid QR, one nobody paid (check_transaction_by_md5_list)");
        var batch = await client.CheckManyByMd5Async([md5, Khqr.Md5("a QR nobody paid")], cancellationToken: cancellationToken);
        if (!batch.IsSucc)
            return Unexpected(batch);
        foreach (var item in (Seq<BatchItem>)batch)
            o.WriteLine($"   {item.Key}  {Report.Line(item)}");

        // ---- deeplink
        Step("A wallet deep link for the QR (generate_deeplink_by_qr)");
        var link = await client.SendAsync(GenerateDeeplink.Create(Qr,
            new SourceInfo("https://shop.example.com/icon.png", "Demo Shop", "https://shop.example.com/paid")), cancellationToken);
        if (!link.IsSucc)
            return Unexpected(link);
        o.WriteLine($"   {((Uri)link).AbsoluteUri}");

        // ---- errors, as typed values
        Step("Error case: a static QR cannot be checked");
        emulator.AddPayment(new PaymentSeed { Qr = StaticQr, Outcome = SeedOutcome.StaticQr });
        var staticCheck = await client.SendAsync(CheckTransactionByMd5.Create(Khqr.Md5(StaticQr)), cancellationToken);
        if (Expect(staticCheck, e => e is BakongError.ApiFailure { ErrorCode: ApiErrorCode.StaticQrNotSupported }) is { } e5)
            return e5;

        Step("Error case: production's geo-block (an HTML 403, injected on md5_list)");
        emulator.Inject(CheckTransactionsByMd5List.Path, new Fault.GeoBlocked());
        var blocked = await client.SendAsync(CheckTransactionsByMd5List.Create([md5]), cancellationToken);
        if (Expect(blocked, e => e is BakongError.Blocked) is { } e6)
            return e6;

        Step("Error case: a bad MD5 is rejected before any request");
        var before = emulator.Requests.Count;
        var invalid = await client.SendAsync(CheckTransactionByMd5.Create("not-an-md5"), cancellationToken);
        if (Expect(invalid, e => e is BakongError.InvalidInput) is { } e7)
            return e7;
        o.WriteLine($"   requests sent for it: {emulator.Requests.Count - before}");

        Requests = emulator.Requests.Count;
        o.WriteLine();
        o.WriteLine($"Done: {Requests} HTTP requests to the emulator; the token was never printed.");
        return ExitCodes.Ok;
    }

    private void Step(string title)
    {
        step++;
        o.WriteLine($"{step,2}. {title}");
    }

    private int? Found(Fin<Transaction> result)
    {
        if (!result.IsSucc)
            return Unexpected(result);
        var t = (Transaction)result;
        o.WriteLine($"   found: {Report.Money(t.Amount, t.Currency)} from {t.FromAccountId} to {t.ToAccountId}, hash {t.ShortHash}…");
        return null;
    }

    /// <summary>Prints the typed error; null when it is the expected one, else the exit code to stop with.</summary>
    private int? Expect<A>(Fin<A> result, Func<BakongError, bool> expected)
    {
        if (result.IsSucc)
        {
            o.WriteLine("   unexpectedly succeeded");
            return ExitCodes.UnexpectedResponse;
        }
        var error = Report.Failure(result);
        o.WriteLine($"   {Report.Describe(error)}");
        o.WriteLine($"   {error.Summary}");
        o.WriteLine($"   (the command-line tool would exit with {ExitCodes.For(error)})");
        return expected(error) ? null : ExitCodes.UnexpectedResponse;
    }

    private int Unexpected<A>(Fin<A> result)
    {
        var error = Report.Failure(result);
        Failure = error;
        o.WriteLine($"   unexpected: {Report.Describe(error)}: {error.Summary}");
        return ExitCodes.For(error);
    }
}
