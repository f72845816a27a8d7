using Bakong.Functional.Reliability.Tests.Support;
using static Bakong.Functional.Reliability.Tests.Support.Results;

namespace Bakong.Functional.Reliability.Tests;

/// <summary>Nothing a caller passes reaches the network unchecked: each bad call is an InvalidInput naming the field, and no request is sent.</summary>
public sealed class BadInputTests(ITestOutputHelper output)
{
    private sealed record Bad(string Name, string Field, Func<BakongClient, Task<Fin<object>>> Call, Action<BakongClientOptions>? Configure = null);

    private static Func<BakongClient, Task<Fin<object>>> Send<T>(Fin<Endpoint<T>> endpoint) =>
        async c => (await c.SendAsync(endpoint)).Boxed();

    private static readonly string Hex32 = new('a', 32);
    private static readonly string Hex64 = new('b', 64);
    private static readonly SourceInfo GoodSource = new("https://shop.example/icon.png", "Shop", "shop://paid");

    private static IEnumerable<Bad> Cases()
    {
        // md5
        yield return new("md5 null", "md5", Send(CheckTransactionByMd5.Create(null)));
        yield return new("md5 empty", "md5", Send(CheckTransactionByMd5.Create("")));
        yield return new("md5 whitespace", "md5", Send(CheckTransactionByMd5.Create(new string(' ', 32))));
        yield return new("md5 31 characters", "md5", Send(CheckTransactionByMd5.Create(Hex32[..31])));
        yield return new("md5 33 characters", "md5", Send(CheckTransactionByMd5.Create(Hex32 + "a")));
        yield return new("md5 overlong", "md5", Send(CheckTransactionByMd5.Create(new string('a', 100_000))));
        yield return new("md5 non-hex", "md5", Send(CheckTransactionByMd5.Create(new string('z', 32))));
        yield return new("md5 with a newline", "md5", Send(CheckTransactionByMd5.Create(Hex32[..31] + "\n")));
        yield return new("md5 with a NUL", "md5", Send(CheckTransactionByMd5.Create("\0" + Hex32[1..])));
        yield return new("md5 of Arabic-Indic digits", "md5", Send(CheckTransactionByMd5.Create(new string('\u0661', 32))));
        yield return new("md5 lookup as OrNone, non-hex", "md5", Send(CheckTransactionByMd5.Create("g" + Hex32[1..]).OrNone()));
        // hash
        yield return new("hash null", "hash", Send(CheckTransactionByHash.Create(null)));
        yield return new("hash 63 characters", "hash", Send(CheckTransactionByHash.Create(Hex64[..63])));
        yield return new("hash 65 characters", "hash", Send(CheckTransactionByHash.Create(Hex64 + "b")));
        yield return new("hash non-hex", "hash", Send(CheckTransactionByHash.Create("x" + Hex64[1..])));
        yield return new("hash with a tab", "hash", Send(CheckTransactionByHash.Create(Hex64[..63] + "\t")));
        // short hash
        yield return new("short hash null", "hash", Send(CheckTransactionByShortHash.Create(null, 1m, Currency.USD)));
        yield return new("short hash 7 characters", "hash", Send(CheckTransactionByShortHash.Create("abcdef0", 1m, Currency.USD)));
        yield return new("short hash 9 characters", "hash", Send(CheckTransactionByShortHash.Create("abcdef012", 1m, Currency.USD)));
        yield return new("short hash non-hex", "hash", Send(CheckTransactionByShortHash.Create("abcdefgh", 1m, Currency.USD)));
        yield return new("short hash amount zero", "amount", Send(CheckTransactionByShortHash.Create("abcdef01", 0m, Currency.USD)));
        yield return new("short hash amount negative", "amount", Send(CheckTransactionByShortHash.Create("abcdef01", -1m, Currency.KHR)));
        yield return new("short hash amount decimal.MinValue", "amount", Send(CheckTransactionByShortHash.Create("abcdef01", decimal.MinValue, Currency.USD)));
        yield return new("short hash unknown currency", "currency", Send(CheckTransactionByShortHash.Create("abcdef01", 1m, (Currency)99)));
        // references
        yield return new("instructionRef null", "instructionRef", Send(CheckTransactionByInstructionRef.Create(null)));
        yield return new("instructionRef empty", "instructionRef", Send(CheckTransactionByInstructionRef.Create("")));
        yield return new("instructionRef whitespace", "instructionRef", Send(CheckTransactionByInstructionRef.Create(" \t ")));
        yield return new("instructionRef 256 characters", "instructionRef", Send(CheckTransactionByInstructionRef.Create(new string('r', 256))));
        yield return new("instructionRef with a NUL", "instructionRef", Send(CheckTransactionByInstructionRef.Create("\0abc")));
        yield return new("externalRef null", "externalRef", Send(CheckTransactionByExternalRef.Create(null)));
        yield return new("externalRef whitespace", "externalRef", Send(CheckTransactionByExternalRef.Create("   ")));
        yield return new("externalRef 256 characters", "externalRef", Send(CheckTransactionByExternalRef.Create(new string('r', 256))));
        yield return new("externalRef with an escape sequence", "externalRef", Send(CheckTransactionByExternalRef.Create("\u001b[31mred")));
        // batches
        yield return new("md5 list null", "md5s", Send(CheckTransactionsByMd5List.Create(null)));
        yield return new("md5 list empty", "md5s", Send(CheckTransactionsByMd5List.Create([])));
        yield return new("md5 list of 51", "md5s", Send(CheckTransactionsByMd5List.Create(Enumerable.Range(0, 51).Select(i => i.ToString("x32", System.Globalization.CultureInfo.InvariantCulture)).ToList())));
        yield return new("md5 list with a duplicate", "md5s[1]", Send(CheckTransactionsByMd5List.Create([Hex32, Hex32])));
        yield return new("md5 list with a duplicate in another case", "md5s[1]", Send(CheckTransactionsByMd5List.Create([Hex32, Hex32.ToUpperInvariant()])));
        yield return new("md5 list with a bad item", "md5s[1]", Send(CheckTransactionsByMd5List.Create([Hex32, "nope"])));
        yield return new("md5 list with a null item", "md5s[0]", Send(CheckTransactionsByMd5List.Create([null])));
        yield return new("hash list empty", "hashes", Send(CheckTransactionsByHashList.Create([])));
        yield return new("hash list of 51", "hashes", Send(CheckTransactionsByHashList.Create(Enumerable.Range(0, 51).Select(i => i.ToString("x64", System.Globalization.CultureInfo.InvariantCulture)).ToList())));
        yield return new("hash list with a duplicate", "hashes[2]", Send(CheckTransactionsByHashList.Create([Hex64, new string('c', 64), Hex64])));
        yield return new("hash list with an md5 in it", "hashes[0]", Send(CheckTransactionsByHashList.Create([Hex32])));
        // accounts
        yield return new("accountId null", "accountId", Send(CheckBakongAccount.Create(null)));
        yield return new("accountId without a bank", "accountId", Send(CheckBakongAccount.Create("nobank")));
        yield return new("accountId with two @", "accountId", Send(CheckBakongAccount.Create("a@b@c")));
        yield return new("accountId without a name", "accountId", Send(CheckBakongAccount.Create("@bank")));
        yield return new("accountId with a space", "accountId", Send(CheckBakongAccount.Create("na me@bank")));
        // deeplink
        yield return new("qr null", "qr", Send(GenerateDeeplink.Create((string?)null)));
        yield return new("qr empty", "qr", Send(GenerateDeeplink.Create("")));
        yield return new("qr overlong", "qr", Send(GenerateDeeplink.Create(new string('0', 4097))));
        yield return new("sourceInfo null", "sourceInfo", Send(GenerateDeeplink.Create("000201", null)));
        yield return new("appIconUrl relative", "sourceInfo.appIconUrl", Send(GenerateDeeplink.Create("000201", GoodSource with { AppIconUrl = "/icon.png" })));
        yield return new("appIconUrl plain http", "sourceInfo.appIconUrl", Send(GenerateDeeplink.Create("000201", GoodSource with { AppIconUrl = "http://shop.example/icon.png" })));
        yield return new("appIconUrl not a URL", "sourceInfo.appIconUrl", Send(GenerateDeeplink.Create("000201", GoodSource with { AppIconUrl = "not a url" })));
        yield return new("appIconUrl a file URL", "sourceInfo.appIconUrl", Send(GenerateDeeplink.Create("000201", GoodSource with { AppIconUrl = "file:///etc/passwd" })));
        yield return new("appName empty", "sourceInfo.appName", Send(GenerateDeeplink.Create("000201", GoodSource with { AppName = "" })));
        yield return new("appName 101 characters", "sourceInfo.appName", Send(GenerateDeeplink.Create("000201", GoodSource with { AppName = new string('n', 101) })));
        yield return new("appDeepLinkCallback relative", "sourceInfo.appDeepLinkCallback", Send(GenerateDeeplink.Create("000201", GoodSource with { AppDeepLinkCallback = "callback" })));
        yield return new("appDeepLinkCallback empty", "sourceInfo.appDeepLinkCallback", Send(GenerateDeeplink.Create("000201", GoodSource with { AppDeepLinkCallback = "" })));
        // tokens and registration
        yield return new("email null", "email", Send(RequestToken.Create(null, "Org", "Proj")));
        yield return new("email 31 characters", "email", Send(RequestToken.Create(new string('e', 22) + "@mail.com", "Org", "Proj")));
        yield return new("email without @", "email", Send(RequestToken.Create("me.example.com", "Org", "Proj")));
        yield return new("organization empty", "organization", Send(RequestToken.Create("me@example.com", "", "Proj")));
        yield return new("project 101 characters", "project", Send(RequestToken.Create("me@example.com", "Org", new string('p', 101))));
        yield return new("verification code null", "code", Send(VerifyToken.Create(null)));
        yield return new("verification code 19 characters", "code", Send(VerifyToken.Create(new string('c', 19))));
        yield return new("verification code 21 characters", "code", Send(VerifyToken.Create(new string('c', 21))));
        yield return new("verification code with a space", "code", Send(VerifyToken.Create(new string('c', 10) + " " + new string('c', 9))));
        yield return new("renew email ending in @", "email", Send(RenewToken.Create("a@")));
        yield return new("renew email whitespace", "email", Send(RenewToken.Create("   ")));
        // options
        var md5 = Send(CheckTransactionByMd5.Create(Hex32));
        yield return new("BaseUrl plain http off loopback", "BaseUrl", md5, o => o.BaseUrl = new Uri("http://api-bakong.nbc.gov.kh"));
        yield return new("BaseUrl relative", "BaseUrl", md5, o => o.BaseUrl = new Uri("/v1", UriKind.Relative));
        yield return new("BaseUrl ftp", "BaseUrl", md5, o => o.BaseUrl = new Uri("ftp://api-bakong.nbc.gov.kh"));
        yield return new("BaseUrl null", "BaseUrl", md5, o => o.BaseUrl = null!);
        yield return new("Timeout zero", "Timeout", md5, o => o.Timeout = TimeSpan.Zero);
        yield return new("Timeout negative", "Timeout", md5, o => o.Timeout = TimeSpan.FromSeconds(-1));
        yield return new("MaxResponseBytes zero", "MaxResponseBytes", md5, o => o.MaxResponseBytes = 0);
        yield return new("UserAgent with a newline", "UserAgent", md5, o => o.UserAgent = "x\r\nX-Injected: 1");
        yield return new("Retry with zero attempts", "Retry.MaxAttempts", md5, o => o.Retry = RetryPolicy.Default with { MaxAttempts = 0 });
        yield return new("no token for a bearer endpoint", "token", md5, o => o.Token = Option<AccessToken>.None);
        yield return new("a token with a newline", "token", async _ => AccessToken.From("abc\nAuthorization: x").Boxed());
        yield return new("a blank token", "token", async _ => AccessToken.From("  ").Boxed());
    }

    [Fact]
    public async Task Every_bad_call_is_an_InvalidInput_naming_the_field_and_sends_nothing()
    {
        var cases = Cases().ToList();
        var failures = new List<string>();
        var totalRequests = 0;
        foreach (var c in cases)
        {
            var handler = new RecordingHandler();
            var options = new BakongClientOptions { BaseUrl = new Uri("https://bakong.test"), Token = CanaryToken, Retry = RetryPolicy.None };
            c.Configure?.Invoke(options);
            using var http = new HttpClient(handler);
            try
            {
                var result = await c.Call(new BakongClient(http, options));
                var e = Assert.IsType<BakongError.InvalidInput>(result.Fail());
                Assert.True(e.Names(c.Field), $"names {string.Join(", ", e.Errors.Map(f => f.Field))}, not {c.Field}");
                Assert.DoesNotContain(Canary, e.Summary, StringComparison.Ordinal);
                Assert.Equal(0, handler.Count);
            }
#pragma warning disable CA1031 // Every failure is collected, so one run reports all of them.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failures.Add($"{c.Name}: {ex.Message}");
            }
            totalRequests += handler.Count;
        }
        // The same handler with valid input does send: the zero above is not an artefact of the harness.
        var control = new RecordingHandler();
        using (var http = new HttpClient(control))
            Assert.True((await new BakongClient(http, new BakongClientOptions { BaseUrl = new Uri("https://bakong.test"), Token = CanaryToken }).SendAsync(CheckTransactionByMd5.Create(Hex32))).IsSucc);
        Assert.Equal(1, control.Count);

        Figures.Record(output, "input.rejected", $"{cases.Count - failures.Count} of {cases.Count} invalid calls, {totalRequests} requests sent");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(cases.Count >= 40);
    }

    [Fact]
    public async Task Plain_http_is_allowed_only_on_loopback()
    {
        foreach (var (url, allowed) in new[] { ("http://127.0.0.1:1/", true), ("http://localhost:1/", true), ("http://[::1]:1/", true), ("http://10.0.0.1/", false), ("http://example.com/", false), ("https://example.com/", true) })
            Assert.Equal(allowed, new BakongClientOptions { BaseUrl = new Uri(url) }.Validate().IsSucc);
        await Task.CompletedTask;
    }
}
