using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using static LanguageExt.Prelude;

namespace Bakong.Functional.Cli;

internal sealed partial class BakongCli
{
    // ------------------------------------------------------------ khqr

    private Command KhqrCommands() =>
        new("khqr", "Make and read KHQR payloads, offline: encode draws the QR, decode checks every field and the CRC.")
        {
            EncodeCommand(),
            DecodeCommand(),
        };

    private Command EncodeCommand()
    {
        var account = new Option<string>("--account") { Description = "The Bakong account that receives the money, such as shop@devb.", Required = true };
        var name = new Option<string>("--name") { Description = "The merchant name the payer sees (at most 25 characters).", Required = true };
        var currency = CurrencyOption();
        var amount = new Option<decimal?>("--amount") { Description = "The amount: makes a dynamic QR for one payment, which expires. KHR whole, USD at most 2 decimals. Without it, a static QR.", CustomParser = ParseAmount };
        var merchantId = new Option<string>("--merchant-id") { Description = "A merchant QR (tag 30) with this merchant id; needs --bank. Without it, an individual's QR (tag 29)." };
        var bank = new Option<string>("--bank") { Description = "The acquiring bank, such as \"Dev Bank\" (required for a merchant)." };
        var accountInformation = new Option<string>("--account-info") { Description = "An individual's account information, such as an account number." };
        var city = new Option<string>("--city") { Description = "The merchant city (at most 15 characters).", DefaultValueFactory = _ => "Phnom Penh" };
        var category = new Option<string>("--category") { Description = "The merchant category code, 4 digits.", DefaultValueFactory = _ => "5999" };
        var unionPay = new Option<string>("--union-pay") { Description = "A UnionPay merchant account (not with USD)." };
        var bill = new Option<string>("--bill") { Description = "Bill number (tag 62)." };
        var mobile = new Option<string>("--mobile") { Description = "Mobile number (tag 62)." };
        var store = new Option<string>("--store") { Description = "Store label (tag 62)." };
        var terminal = new Option<string>("--terminal") { Description = "Terminal label (tag 62)." };
        var purpose = new Option<string>("--purpose") { Description = "Purpose of the transaction (tag 62)." };
        var language = new Option<string>("--alt-language") { Description = "A second language for the name and city (tag 64), such as km; with --alt-name." };
        var altName = new Option<string>("--alt-name") { Description = "The merchant name in that language." };
        var altCity = new Option<string>("--alt-city") { Description = "The merchant city in that language." };
        var expiresIn = new Option<TimeSpan?>("--expires-in")
        {
            Description = "How long a dynamic QR stays payable (default 10m), e.g. 90s, 5m.",
            CustomParser = ParseDuration,
        };
        var svg = new Option<FileInfo>("--svg") { Description = "Also write the QR as an SVG image to this file." };
        var png = new Option<FileInfo>("--png") { Description = "Also write the QR as a PNG image to this file." };
        var invert = new Option<bool>("--invert") { Description = "Draw for a light terminal background (dark modules drawn); the default suits a dark one." };

        var command = new Command("encode", "Build a KHQR payload: prints it and its MD5, and draws the QR in the terminal. Exit code 2 names every broken rule.")
        {
            account, name, currency, amount, merchantId, bank, accountInformation, city, category, unionPay,
            bill, mobile, store, terminal, purpose, language, altName, altCity, expiresIn, svg, png, invert,
        };
        RunOffline(command, "khqr encode", (parse, report) =>
        {
            var usage = new List<FieldError>();
            var id = parse.GetValue(account) ?? "";
            KhqrAccount receiver;
            if (parse.GetValue(merchantId) is { } mid)
            {
                if (parse.GetValue(accountInformation) is not null)
                    usage.Add(new FieldError("--account-info", "is only for an individual's QR (without --merchant-id)"));
                receiver = new KhqrAccount.Merchant(id, mid, parse.GetValue(bank) ?? "");
            }
            else
                receiver = new KhqrAccount.Individual(id, Optional(parse.GetValue(accountInformation)), Optional(parse.GetValue(bank)));

            var validity = parse.GetValue(expiresIn);
            var value = parse.GetValue(amount);
            if (validity is not null && value is null)
                usage.Add(new FieldError("--expires-in", "is only for a dynamic QR (with --amount): a static QR does not expire"));
            var (lang, alternateName, alternateCity) = (parse.GetValue(language), parse.GetValue(altName), parse.GetValue(altCity));
            var request = new KhqrRequest(receiver, parse.GetValue(name) ?? "", parse.GetValue(currency))
            {
                Amount = Optional(value),
                MerchantCity = parse.GetValue(city) ?? "",
                MerchantCategoryCode = parse.GetValue(category) ?? "",
                UnionPayMerchantAccount = Optional(parse.GetValue(unionPay)),
                AdditionalData = new KhqrAdditionalData
                {
                    BillNumber = Optional(parse.GetValue(bill)),
                    MobileNumber = Optional(parse.GetValue(mobile)),
                    StoreLabel = Optional(parse.GetValue(store)),
                    TerminalLabel = Optional(parse.GetValue(terminal)),
                    PurposeOfTransaction = Optional(parse.GetValue(purpose)),
                },
                AlternateLanguage = lang is null && alternateName is null && alternateCity is null
                    ? None
                    : new KhqrAlternateLanguage(lang ?? "", alternateName ?? "", Optional(alternateCity)),
                Validity = validity ?? KhqrRequest.DefaultValidity,
            };

            var encoded = Khqr.Encode(request, host.Clock);
            if (encoded.IsFail)
                usage.AddRange(Report.Failure(encoded) is BakongError.InvalidInput invalid ? invalid.Errors.Map(f => f with { Field = FlagFor(f.Field) }) : []);
            if (usage.Count > 0)
                return report.Fail(new BakongError.InvalidInput(toSeq(usage)));
            var code = (KhqrCode)encoded;

            var images = QrImages.For(code.Payload);
            if (images.IsFail)
                return report.Fail(Report.Failure(images));
            var qr = (QrImages)images;
            var (svgFile, pngFile) = (parse.GetValue(svg), parse.GetValue(png));
            var written = new List<FieldError>();
            Write(svgFile, "--svg", f => File.WriteAllText(f.FullName, qr.Svg()), written);
            Write(pngFile, "--png", f => File.WriteAllBytes(f.FullName, qr.Png()), written);
            if (written.Count > 0)
                return report.Fail(new BakongError.InvalidInput(toSeq(written)));

            return report.Ok(
                o =>
                {
                    o.WriteLine($"payload: {code.Payload}");
                    o.WriteLine($"md5:     {code.Md5}");
                    o.WriteLine($"expires: {code.ExpiresAt.Match(Report.Time, () => "never (a static QR)")}");
                    o.WriteLine();
                    o.Write(qr.Terminal(darkOnLight: parse.GetValue(invert)));
                    o.WriteLine();
                    if (svgFile is not null)
                        o.WriteLine($"svg:     {svgFile.FullName}");
                    if (pngFile is not null)
                        o.WriteLine($"png:     {pngFile.FullName}");
                },
                w =>
                {
                    w.WriteString("payload", code.Payload);
                    w.WriteString("md5", code.Md5);
                    w.WriteBoolean("dynamic", request.Amount.IsSome);
                    code.ExpiresAt.Match(d => w.WriteString("expiresAt", d), () => w.WriteNull("expiresAt"));
                    OptionalFile(w, "svg", svgFile);
                    OptionalFile(w, "png", pngFile);
                });
        });
        return command;
    }

    private Command DecodeCommand()
    {
        var payload = new Argument<string>("payload") { Description = "The KHQR string (quote it), or - to read it from stdin." };
        var command = new Command("decode", "Read a KHQR payload: every field, the MD5, and whether the CRC holds. Exit code 2 if it is not a valid KHQR.") { payload };
        RunOffline(command, "khqr decode", (parse, report) =>
        {
            var text = parse.GetValue(payload) ?? "";
            // A payload ends with 4 hex digits, so a line ending after it is never part of it.
            if (text == "-")
                text = (host.Input?.ReadToEnd() ?? "").TrimEnd('\r', '\n');
            var qr = Khqr.Decode(text);
            return report.Ok(
                o => WriteDecoded(o, qr),
                w => WriteDecoded(w, qr),
                qr.IsValid ? ExitCodes.Ok : ExitCodes.InvalidInput);
        });
        return command;
    }

    /// <summary>Sets the action of a command that needs no client: no token, no host, no network.</summary>
    private void RunOffline(Command command, string name, Func<System.CommandLine.ParseResult, Report, int> body) =>
        command.SetAction(parse => body(parse, new Report(host, parse.GetValue(json), name)));

    private static void Write(FileInfo? file, string flag, Action<FileInfo> write, List<FieldError> errors)
    {
        if (file is null)
            return;
        try
        {
            write(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException or NotSupportedException)
        {
            errors.Add(new FieldError(flag, $"could not be written: {e.Message}"));
        }
    }

    private static void OptionalFile(Utf8JsonWriter w, string name, FileInfo? file)
    {
        if (file is null)
            w.WriteNull(name);
        else
            w.WriteString(name, file.FullName);
    }

    /// <summary>The flag a user typed for a field the library names.</summary>
    private static string FlagFor(string field) => field switch
    {
        "account" or "account.accountId" => "--account",
        "account.merchantId" => "--merchant-id",
        "account.acquiringBank" => "--bank",
        "account.accountInformation" => "--account-info",
        "merchantName" => "--name",
        "merchantCity" => "--city",
        "currency" => "--currency",
        "amount" => "--amount",
        "merchantCategoryCode" => "--category",
        "unionPayMerchantAccount" => "--union-pay",
        "additionalData" => "--bill, --mobile, --store, --terminal, --purpose",
        "additionalData.billNumber" => "--bill",
        "additionalData.mobileNumber" => "--mobile",
        "additionalData.storeLabel" => "--store",
        "additionalData.terminalLabel" => "--terminal",
        "additionalData.purposeOfTransaction" => "--purpose",
        "alternateLanguage.languagePreference" => "--alt-language",
        "alternateLanguage.merchantName" => "--alt-name",
        "alternateLanguage.merchantCity" => "--alt-city",
        "validity" or "expiresAt" => "--expires-in",
        _ => field,
    };

    // ------------------------------------------------------------ decoded payloads

    private static void WriteDecoded(TextWriter o, KhqrDecoded qr)
    {
        o.WriteLine("fields:");
        var width = qr.Fields.Fold(0, (m, f) => Math.Max(m, f.Name.Length));
        foreach (var f in qr.Fields)
            o.WriteLine($"  {f.Path,-6} {f.Name.PadRight(width)}  {f.Value}");
        o.WriteLine();
        o.WriteLine($"type:     {qr.Initiation.Match(i => i == KhqrInitiation.Dynamic ? "dynamic (one payment)" : "static (any payment)", () => "unknown")}");
        o.WriteLine($"account:  {qr.Account.Match(AccountLine, () => "unreadable")}");
        o.WriteLine($"merchant: {qr.MerchantName.IfNone("?")}, {qr.MerchantCity.IfNone("?")}");
        o.WriteLine($"amount:   {qr.Amount.Match(a => qr.Currency.Match(c => Report.Money(a, c), () => $"{a.ToString(CultureInfo.InvariantCulture)} ?"), () => $"none (the payer chooses), {qr.Currency.Match(c => c.ToString(), () => "?")}")}");
        qr.CreatedAt.IfSome(d => o.WriteLine($"created:  {Report.Time(d)}"));
        o.WriteLine($"expires:  {qr.ExpiresAt.Match(Report.Time, () => "never")}");
        o.WriteLine($"md5:      {qr.Md5}");
        o.WriteLine($"crc:      {qr.Crc.IfNone("missing")} ({(qr.CrcHolds ? "holds" : "does not hold")})");
        if (qr.IsValid)
        {
            o.WriteLine("valid:    yes");
            return;
        }
        o.WriteLine($"valid:    no, {qr.Problems.Count} problem{(qr.Problems.Count == 1 ? "" : "s")}:");
        foreach (var p in qr.Problems)
            o.WriteLine($"  {p}");
    }

    private static string AccountLine(KhqrAccount account) => account.Match(
        individual: i => $"individual {i.AccountId}{i.AccountInformation.Match(a => $", account {a}", () => "")}{i.AcquiringBank.Match(b => $", {b}", () => "")}",
        merchant: m => $"merchant {m.AccountId}, merchant id {m.MerchantId}, {m.AcquiringBank}");

    private static void WriteDecoded(Utf8JsonWriter w, KhqrDecoded qr)
    {
        w.WriteString("payload", qr.Payload);
        w.WriteString("md5", qr.Md5);
        w.WriteBoolean("valid", qr.IsValid);
        w.WriteBoolean("crcHolds", qr.CrcHolds);
        WriteOptional(w, "crc", qr.Crc);
        qr.Initiation.Match(i => w.WriteString("initiation", i == KhqrInitiation.Dynamic ? "dynamic" : "static"), () => w.WriteNull("initiation"));
        w.WritePropertyName("account");
        qr.Account.Match(
            a => a.Match(
                individual: i =>
                {
                    w.WriteStartObject();
                    w.WriteString("kind", "individual");
                    w.WriteString("accountId", i.AccountId);
                    WriteOptional(w, "accountInformation", i.AccountInformation);
                    WriteOptional(w, "acquiringBank", i.AcquiringBank);
                    w.WriteEndObject();
                    return unit;
                },
                merchant: m =>
                {
                    w.WriteStartObject();
                    w.WriteString("kind", "merchant");
                    w.WriteString("accountId", m.AccountId);
                    w.WriteString("merchantId", m.MerchantId);
                    w.WriteString("acquiringBank", m.AcquiringBank);
                    w.WriteEndObject();
                    return unit;
                }),
            () => w.WriteNullValue());
        qr.Currency.Match(c => w.WriteString("currency", c.ToString()), () => w.WriteNull("currency"));
        qr.Amount.Match(a => w.WriteNumber("amount", a), () => w.WriteNull("amount"));
        WriteOptional(w, "merchantName", qr.MerchantName);
        WriteOptional(w, "merchantCity", qr.MerchantCity);
        WriteOptional(w, "merchantCategoryCode", qr.MerchantCategoryCode);
        WriteOptional(w, "countryCode", qr.CountryCode);
        qr.CreatedAt.Match(d => w.WriteString("createdAt", d), () => w.WriteNull("createdAt"));
        qr.ExpiresAt.Match(d => w.WriteString("expiresAt", d), () => w.WriteNull("expiresAt"));
        Report.WriteObjects(w, "fields", qr.Fields, (w, f) =>
        {
            w.WriteString("path", f.Path);
            w.WriteString("name", f.Name);
            w.WriteString("value", f.Value);
            w.WriteBoolean("known", f.IsKnown);
        });
        Report.WriteObjects(w, "problems", qr.Problems, (w, p) =>
        {
            w.WriteString("path", p.Path);
            w.WriteString("expected", p.Expected);
        });
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, LanguageExt.Option<string> value) =>
        value.Match(v => w.WriteString(name, v), () => w.WriteNull(name));
}
