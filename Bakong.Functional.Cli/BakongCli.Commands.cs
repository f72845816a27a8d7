using System.CommandLine;

namespace Bakong.Functional.Cli;

internal sealed partial class BakongCli
{
    // ------------------------------------------------------------ token

    private Command TokenCommands()
    {
        var email = new Option<string>("--email") { Description = "The registered e-mail (at most 30 characters).", Required = true };
        var organization = new Option<string>("--organization") { Description = "Your organization (1-100 characters).", Required = true };
        var project = new Option<string>("--project") { Description = "Your project (1-100 characters).", Required = true };
        var request = new Command("request", "Register an e-mail (request_token): Bakong e-mails a verification code.") { email, organization, project };
        Run(request, "token request", requiresToken: false, async c =>
        {
            var address = c.Parse.GetValue(email);
            var result = await c.Client.SendAsync(RequestToken.Create(address, c.Parse.GetValue(organization), c.Parse.GetValue(project)), c.CancellationToken);
            return c.Report.From(result, _ => c.Report.Ok(
                o =>
                {
                    o.WriteLine($"Email has been sent to {address}.");
                    o.WriteLine("Next: bakong token verify --code <the 20-character code from the e-mail>");
                },
                w =>
                {
                    w.WriteString("email", address);
                    w.WriteBoolean("emailSent", true);
                }));
        });

        var code = new Option<string>("--code") { Description = "The 20-character code from the e-mail.", Required = true };
        var verify = new Command("verify", "Exchange the e-mailed code for an access token (verify).") { code, showToken };
        Run(verify, "token verify", requiresToken: false, async c =>
            TokenResult(c, await c.Client.SendAsync(VerifyToken.Create(c.Parse.GetValue(code)), c.CancellationToken)));

        var renewEmail = new Option<string>("--email") { Description = "The registered e-mail.", Required = true };
        var renew = new Command("renew", "Get a fresh access token for a registered e-mail (renew_token).") { renewEmail, showToken };
        Run(renew, "token renew", requiresToken: false, async c =>
            TokenResult(c, await c.Client.SendAsync(RenewToken.Create(c.Parse.GetValue(renewEmail)), c.CancellationToken)));

        return new Command("token", "Request, verify and renew access tokens.") { request, verify, renew };
    }

    private int TokenResult(Context c, LanguageExt.Fin<AccessToken> result)
    {
        var show = c.Parse.GetValue(showToken);
        return c.Report.From(result, t => c.Report.Ok(
            o =>
            {
                o.WriteLine($"token:   {(show ? t.Reveal() : t.ToString())}");
                t.ExpiresAt.IfSome(e => o.WriteLine($"expires: {Report.Time(e)}"));
                if (!show)
                    o.WriteLine($"(redacted: pass --show-token to print it, or store it in {TokenVariable})");
            },
            w =>
            {
                w.WriteString("token", show ? t.Reveal() : "[redacted]");
                w.WriteBoolean("shown", show);
                t.IssuedAt.Match(d => w.WriteString("issuedAt", d), () => w.WriteNull("issuedAt"));
                t.ExpiresAt.Match(d => w.WriteString("expiresAt", d), () => w.WriteNull("expiresAt"));
            }));
    }

    // ------------------------------------------------------------ account

    private Command AccountCommands()
    {
        var accountId = new Argument<string>("accountId") { Description = "A Bakong account ID, such as shop@bank." };
        var exists = new Command("exists", "Whether a Bakong account exists (check_bakong_account). Exit code 1 if it does not.") { accountId };
        Run(exists, "account exists", requiresToken: true, async c =>
        {
            var id = c.Parse.GetValue(accountId);
            var result = await c.Client.SendAsync(CheckBakongAccount.Create(id), c.CancellationToken);
            return c.Report.From(result, found => c.Report.Ok(
                o => o.WriteLine(found ? $"{id}: exists" : $"{id}: does not exist"),
                w =>
                {
                    w.WriteString("accountId", id);
                    w.WriteBoolean("exists", found);
                },
                found ? ExitCodes.Ok : ExitCodes.NotFound));
        });
        return new Command("account", "Bakong accounts.") { exists };
    }

    // ------------------------------------------------------------ transaction

    private Command TransactionCommands()
    {
        var command = new Command("transaction", "Look up transactions: exit code 0 if found, 1 if not (yet).");
        command.Add(Lookup("md5", "md5", "The lowercase hex MD5 of the whole KHQR string (32 characters).", "By KHQR MD5 (check_transaction_by_md5).", CheckTransactionByMd5.Create));
        command.Add(Lookup("hash", "hash", "The 64-hex transaction hash.", "By full transaction hash (check_transaction_by_hash).", CheckTransactionByHash.Create));

        var shortHash = new Argument<string>("hash") { Description = "The first 8 characters of the transaction hash." };
        var amount = new Option<decimal?>("--amount") { Description = "The amount paid, e.g. 1.5.", Required = true, CustomParser = ParseAmount };
        var currency = CurrencyOption();
        var byShortHash = new Command("short-hash", "By short hash, amount and currency (check_transaction_by_short_hash).") { shortHash, amount, currency };
        Run(byShortHash, "transaction short-hash", requiresToken: true, async c =>
            TransactionResult(c, "not found", await c.Client.SendAsync(
                CheckTransactionByShortHash.Create(c.Parse.GetValue(shortHash), c.Parse.GetValue(amount) ?? 0m, c.Parse.GetValue(currency)).OrNone(),
                c.CancellationToken)));

        command.Add(byShortHash);
        command.Add(Lookup("instruction-ref", "ref", "The instruction reference.", "By instruction reference (check_transaction_by_instruction_ref).", CheckTransactionByInstructionRef.Create));
        command.Add(Lookup("external-ref", "ref", "The external reference.", "By external reference (check_transaction_by_external_ref).", CheckTransactionByExternalRef.Create));
        command.Add(Batch("md5-list", "md5", "KHQR MD5s; any number, sent 50 per request.", "Many KHQR MD5s at once (check_transaction_by_md5_list). Exit code 0 only if all are paid.",
            (client, keys, ct) => client.CheckManyByMd5Async(keys, cancellationToken: ct)));
        command.Add(Batch("hash-list", "hash", "Transaction hashes; any number, sent 50 per request.", "Many transaction hashes at once (check_transaction_by_hash_list). Exit code 0 only if all are found.",
            (client, keys, ct) => client.CheckManyByHashAsync(keys, cancellationToken: ct)));
        return command;
    }

    private Command Lookup(string name, string argument, string argumentDescription, string description, Func<string?, LanguageExt.Fin<Endpoint<Transaction>>> create)
    {
        var key = new Argument<string>(argument) { Description = argumentDescription };
        var command = new Command(name, description) { key };
        // An MD5 names a KHQR: no transaction for it yet means it has not been paid yet.
        var notFound = name == "md5" ? "not paid yet" : "not found";
        Run(command, $"transaction {name}", requiresToken: true, async c =>
            TransactionResult(c, notFound, await c.Client.SendAsync(create(c.Parse.GetValue(key)).OrNone(), c.CancellationToken)));
        return command;
    }

    /// <summary>A transaction that was found: its lines, or JSON with <paramref name="flag"/> true and the transaction.</summary>
    private static int Found(Context c, string flag, Transaction t) => c.Report.Ok(
        o => Report.WriteTransaction(o, t),
        w =>
        {
            w.WriteBoolean(flag, true);
            w.WritePropertyName("transaction");
            Report.WriteTransaction(w, t);
        });

    /// <summary>Found, or not (errorCode 1): a state with exit code 1, not an error; any other failure is an error.</summary>
    private static int TransactionResult(Context c, string notFound, LanguageExt.Fin<LanguageExt.Option<Transaction>> result) =>
        c.Report.From(result, found => found.Match(
            Some: t => Found(c, "found", t),
            None: () => c.Report.Ok(
                o => o.WriteLine(notFound),
                w =>
                {
                    w.WriteBoolean("found", false);
                    w.WriteNull("transaction");
                },
                ExitCodes.NotFound)));

    private Command Batch(string name, string argument, string argumentDescription, string description,
        Func<BakongClient, IEnumerable<string>, CancellationToken, Task<LanguageExt.Fin<LanguageExt.Seq<BatchItem>>>> check)
    {
        var keys = new Argument<string[]>(argument) { Description = argumentDescription, Arity = ArgumentArity.OneOrMore };
        var command = new Command(name, description) { keys };
        Run(command, $"transaction {name}", requiresToken: true, async c =>
        {
            var result = await check(c.Client, c.Parse.GetValue(keys) ?? [], c.CancellationToken);
            return c.Report.From(result, items =>
            {
                var code = BatchExitCode(items);
                return c.Report.Ok(
                    o => items.Iter(item => o.WriteLine($"{item.Key}  {Report.Line(item)}")),
                    w =>
                    {
                        w.WriteNumber("count", items.Count);
                        w.WriteNumber("paid", items.Count(i => Report.Status(i.Result) == "SUCCESS"));
                        w.WriteStartArray("items");
                        items.Iter(item => Report.WriteBatchItem(w, item));
                        w.WriteEndArray();
                    },
                    code);
            });
        });
        return command;
    }

    /// <summary>0 if every key was found; else the first key's error code; else 1 (some not found, failed or static).</summary>
    private static int BatchExitCode(LanguageExt.Seq<BatchItem> items)
    {
        foreach (var item in items)
            if (!item.Result.IsSucc)
                return ExitCodes.For(Report.Failure(item.Result));
        return items.ForAll(i => Report.Status(i.Result) == "SUCCESS") ? ExitCodes.Ok : ExitCodes.NotFound;
    }

    // ------------------------------------------------------------ deeplink

    private Command DeeplinkCommand()
    {
        var qr = new Argument<string>("qr") { Description = "The KHQR string." };
        var icon = new Option<string>("--app-icon-url") { Description = "Your app's icon (https); with --app-name and --app-callback." };
        var appName = new Option<string>("--app-name") { Description = "Your app's name." };
        var callback = new Option<string>("--app-callback") { Description = "The deep link the wallet returns to." };
        var command = new Command("deeplink", "A wallet deep link for a KHQR (generate_deeplink_by_qr).") { qr, icon, appName, callback };
        Run(command, "deeplink", requiresToken: false, async c =>
        {
            var (i, n, cb) = (c.Parse.GetValue(icon), c.Parse.GetValue(appName), c.Parse.GetValue(callback));
            // All three or none: a partial set is sent to the validator, which names the missing ones.
            var endpoint = i is null && n is null && cb is null
                ? GenerateDeeplink.Create(c.Parse.GetValue(qr))
                : GenerateDeeplink.Create(c.Parse.GetValue(qr), new SourceInfo(i ?? "", n ?? "", cb ?? ""));
            var result = await c.Client.SendAsync(endpoint, c.CancellationToken);
            return c.Report.From(result, link => c.Report.Ok(
                o => o.WriteLine(link.AbsoluteUri),
                w => w.WriteString("shortLink", link.AbsoluteUri)));
        });
        return command;
    }

    // ------------------------------------------------------------ wait

    private Command WaitCommand()
    {
        var key = new Argument<string>("md5-or-khqr")
        {
            Description = "The KHQR's MD5, or the KHQR string itself (quoted): then the wait also ends at the QR's expiry, and checks that what arrived is what the QR asked for.",
        };
        var interval = new Option<TimeSpan?>("--interval")
        {
            Description = "A fixed wait between checks (default: 2s growing to 15s).",
            CustomParser = ParseDuration,
        };
        var command = new Command("wait",
            "Poll a KHQR (its MD5 or the payload) until it is paid, fails, or --timeout (default 5m; for a payload, its expiry) passes; progress on stderr. " +
            "Exit code 0 paid, 1 not paid in time, 9 paid but not what the KHQR asked for, 10 could not be confirmed (nothing trustworthy heard at the last check).") { key, interval };
        Run(command, "wait", requiresToken: true, async c =>
        {
            var given = c.Parse.GetValue(timeout);
            var schedule = c.Parse.GetValue(interval) is { } every ? BackoffSchedule.Fixed(every) : null;
            var untrusted = 0;
            var progress = new InlineProgress<PollAttempt>(a =>
            {
                if (a.Error.Exists(e => SettleRules.IsNotHeard(e) && SettleRules.AnomalyOf(e) != AnswerAnomaly.NoAnswer))
                    untrusted++;
                c.Report.Error.WriteLine(Progress(a));
            });
            var text = c.Parse.GetValue(key) ?? "";
            if (!IsMd5(text))
                return WaitResult(c, await WaitForKhqr(c, Khqr.Decode(text), given, schedule, progress));
            var limit = given ?? DefaultWait;
            var deadline = DateTimeOffset.UtcNow + limit;
            var result = await c.Client.WaitForPaymentAsync(text, deadline, schedule, progress, c.CancellationToken);
            // A failure the poll did not stop for is its last check not heard: nothing confirmed either way.
            if (result.IsFail && Report.Failure(result) is var last && SettleRules.IsNotHeard(last))
                return c.Report.Unconfirmed(new PaymentOutcome.Unconfirmed(UnconfirmedReason.NotHeard, deadline, LanguageExt.Prelude.Some(last), untrusted));
            return c.Report.From(result, paid => paid.Match(
                Some: t => Found(c, "paid", t),
                None: () => c.Report.Ok(
                    o => o.WriteLine($"not paid within {Durations.Format(limit)}"),
                    w => w.WriteBoolean("paid", false),
                    ExitCodes.NotFound)));
        }, DefaultWait);
        return command;
    }

    private static bool IsMd5(string text) => text.Length == 32 && text.All(char.IsAsciiHexDigit);

    /// <summary>
    /// Waits with the payload: until --timeout if given, else the QR's own expiry, else the default wait for an old QR
    /// that carries none. The library takes the earlier of the QR's expiry and the deadline given.
    /// </summary>
    private static Task<LanguageExt.Fin<PaymentOutcome>> WaitForKhqr(
        Context c, KhqrDecoded qr, TimeSpan? given, BackoffSchedule? schedule, IProgress<PollAttempt> progress)
    {
        var deadline = given is { } limit ? DateTimeOffset.UtcNow + limit
            : qr.ExpiresAt.IsNone ? DateTimeOffset.UtcNow + DefaultWait
            : LanguageExt.Option<DateTimeOffset>.None;
        return c.Client.WaitForPaymentAsync(qr, deadline, schedule, progress, c.CancellationToken);
    }

    /// <summary>Each ending of a wait with a payload, with its exit code: a mismatch is never reported as paid.</summary>
    private static int WaitResult(Context c, LanguageExt.Fin<PaymentOutcome> result) =>
        c.Report.From(result, outcome => outcome.Match(
            paid: p => c.Report.Ok(
                o => Report.WriteTransaction(o, p.Transaction),
                w => WriteOutcome(w, "paid", paid: true, w =>
                {
                    w.WritePropertyName("transaction");
                    Report.WriteTransaction(w, p.Transaction);
                })),
            mismatch: m => c.Report.Ok(
                o =>
                {
                    o.WriteLine("MISMATCH: a payment arrived, but not what the KHQR asked for:");
                    foreach (var d in m.Differences)
                        o.WriteLine($"  {Report.Difference(d, m.Transaction.Currency)}");
                    Report.WriteTransaction(o, m.Transaction);
                },
                w => WriteOutcome(w, "mismatch", paid: false, w =>
                {
                    Report.WriteObjects(w, "differences", m.Differences, WriteDifference);
                    w.WritePropertyName("transaction");
                    Report.WriteTransaction(w, m.Transaction);
                }),
                ExitCodes.Mismatch),
            failed: f => c.Report.Ok(
                o => o.WriteLine($"failed: {f.Reason}"),
                w => WriteOutcome(w, "failed", paid: false, w => w.WriteString("reason", f.Reason)),
                ExitCodes.ApiFailure),
            staticQr: _ => c.Report.Ok(
                o => o.WriteLine("static QR: Bakong cannot check a static KHQR by MD5; look the payment up by hash instead"),
                w => WriteOutcome(w, "staticQr", paid: false, _ => { }),
                ExitCodes.ApiFailure),
            expired: e => c.Report.Ok(
                o => o.WriteLine($"not paid by {Report.Time(e.Deadline)}"),
                w => WriteOutcome(w, "expired", paid: false, w => w.WriteString("deadline", e.Deadline)),
                ExitCodes.NotFound),
            unconfirmed: u => c.Report.Unconfirmed(u),
            error: e => c.Report.Fail(e.Reason)));

    private static void WriteOutcome(System.Text.Json.Utf8JsonWriter w, string outcome, bool paid, Action<System.Text.Json.Utf8JsonWriter> rest)
    {
        w.WriteString("outcome", outcome);
        w.WriteBoolean("paid", paid);
        rest(w);
    }

    private static void WriteDifference(System.Text.Json.Utf8JsonWriter w, PaymentDifference difference) =>
        difference.Match(
            account: a =>
            {
                w.WriteString("field", "account");
                w.WriteString("expected", a.Expected);
                w.WriteString("actual", a.Actual);
                return LanguageExt.Prelude.unit;
            },
            currency: cd =>
            {
                w.WriteString("field", "currency");
                w.WriteString("expected", cd.Expected.ToString());
                w.WriteString("actual", cd.Actual.ToString());
                return LanguageExt.Prelude.unit;
            },
            amount: a =>
            {
                w.WriteString("field", "amount");
                w.WriteNumber("expected", a.Expected);
                w.WriteNumber("actual", a.Actual);
                return LanguageExt.Prelude.unit;
            });

    /// <summary>One line per check, e.g. <c>check 2: not paid yet; next check in 2.0 s</c>.</summary>
    internal static string Progress(PollAttempt a)
    {
        var what = a.Outcome switch
        {
            PollOutcome.Found => "paid",
            PollOutcome.NotYet => "not paid yet",
            PollOutcome.TransientFailure => $"not heard ({a.Error.Match(e => e.Summary, () => "unknown")})",
            PollOutcome.Failed => $"failed ({a.Error.Match(e => e.Summary, () => "unknown")})",
        };
        var next = a.NextDelay.Match(d => $"; next check in {Durations.Format(d)}", () => a.Outcome is PollOutcome.NotYet or PollOutcome.TransientFailure ? "; deadline reached" : "");
        return $"check {a.Number}: {what}{next}";
    }
}
