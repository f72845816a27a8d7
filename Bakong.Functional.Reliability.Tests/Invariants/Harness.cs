using System.Text;
using Bakong.Functional.Reliability.Tests.Support;
using static Bakong.Functional.Reliability.Tests.Support.Results;

namespace Bakong.Functional.Reliability.Tests.Invariants;

/// <summary>
/// One emulator on Kestrel per test class, seeded with payments whose fields the invariants compare. Each test starts
/// with <see cref="Fresh"/>: no faults, an empty request log.
/// </summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    private readonly List<HttpClient> clients = [];

    public BakongEmulator Emulator { get; } = new();
    public EmulatorServer Server { get; private set; } = null!;
    public AccessToken Token { get; private set; } = null!;

    /// <summary>USD 1.50, with both references and a description.</summary>
    public EmulatedPayment Usd { get; private set; } = null!;
    /// <summary>KHR 6000, with both references.</summary>
    public EmulatedPayment Khr { get; private set; } = null!;
    /// <summary>Another USD 1.50 payment: the answer a hostile server might give instead of <see cref="Usd"/>.</summary>
    public EmulatedPayment Other { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Usd = Emulator.AddPayment(new PaymentSeed { Qr = "invariants-usd", Amount = 1.50m, Currency = Currency.USD, InstructionRef = "INS-USD-1", ExternalRef = "EXT-USD-1", Description = "coffee" });
        Khr = Emulator.AddPayment(new PaymentSeed { Qr = "invariants-khr", Amount = 6000m, Currency = Currency.KHR, InstructionRef = "INS-KHR-1", ExternalRef = "EXT-KHR-1", Description = "noodles" });
        Other = Emulator.AddPayment(new PaymentSeed { Qr = "invariants-other", Amount = 1.50m, Currency = Currency.USD, InstructionRef = "INS-OTHER-1", ExternalRef = "EXT-OTHER-1", Description = "tea" });
        Token = Emulator.IssueToken();
        Server = await Emulator.StartServerAsync();
    }

    /// <summary>The emulator with no faults and an empty log.</summary>
    public BakongEmulator Fresh()
    {
        Emulator.ClearFaults();
        Emulator.ClearRequests();
        return Emulator;
    }

    /// <summary>A client of the emulator over a real socket; retries off unless given.</summary>
    public BakongClient Client(RetryPolicy? retry = null, long? maxBytes = null, TimeProvider? clock = null)
    {
        var http = new HttpClient();
        clients.Add(http);
        return new BakongClient(http, new BakongClientOptions
        {
            BaseUrl = Server.BaseUrl,
            Token = Token,
            Retry = retry ?? RetryPolicy.None,
            MaxResponseBytes = maxBytes ?? BakongClientOptions.DefaultMaxResponseBytes,
            TimeProvider = clock ?? TimeProvider.System,
        });
    }

    public async Task DisposeAsync()
    {
        foreach (var c in clients) c.Dispose();
        await Server.DisposeAsync();
    }
}

/// <summary>Short ways to run one call against the raw socket server and to assert the exact error.</summary>
public static class Hostile
{
    /// <summary>Answers every request with <paramref name="answer"/> on a raw socket, and runs <paramref name="call"/> once against it.</summary>
    public static async Task<Fin<T>> Raw<T>(byte[] answer, Func<BakongClient, Task<Fin<T>>> call, long? maxBytes = null, RetryPolicy? retry = null)
    {
        await using var server = RawServer.Start(x => x.Write(answer));
        using var http = new HttpClient();
        var client = new BakongClient(http, new BakongClientOptions
        {
            BaseUrl = server.BaseUrl,
            Token = CanaryToken,
            Retry = retry ?? RetryPolicy.None,
            Timeout = TimeSpan.FromSeconds(10),
            MaxResponseBytes = maxBytes ?? BakongClientOptions.DefaultMaxResponseBytes,
        });
        return await call(client);
    }

    /// <summary>A 200 with a JSON body, over a raw socket.</summary>
    public static Task<Fin<T>> Serve<T>(string body, Func<BakongClient, Task<Fin<T>>> call) =>
        Raw(RawServer.Http(200, body), call);

    public static Task<Fin<Transaction>> ByMd5(BakongClient c) => c.SendAsync(CheckTransactionByMd5.Create(Md5));

    public static Task<Fin<Option<Transaction>>> ByMd5OrNone(BakongClient c) => c.SendAsync(CheckTransactionByMd5.Create(Md5).OrNone());

    public static Task<Fin<Transaction>> ByHash(BakongClient c) => c.SendAsync(CheckTransactionByHash.Create(Hash));

    /// <summary>The decode error at exactly <paramref name="path"/>, its reason containing <paramref name="contains"/>.</summary>
    public static DecodeError AssertDecode<T>(Fin<T> result, string path, string? contains = null)
    {
        var e = result.FailAs<BakongError.Decode, T>();
        Assert.Equal(path, e.Problem.Path);
        if (contains is not null)
            Assert.Contains(contains, e.Problem.Expected, StringComparison.Ordinal);
        return e.Problem;
    }

    /// <summary>Invalid input naming exactly <paramref name="field"/> (and only it), its reason containing <paramref name="contains"/>.</summary>
    public static FieldError AssertInvalid<T>(Fin<T> result, string field, string? contains = null)
    {
        var e = result.FailAs<BakongError.InvalidInput, T>();
        var error = Assert.Single(e.Errors);
        Assert.Equal(field, error.Field);
        if (contains is not null)
            Assert.Contains(contains, error.Reason, StringComparison.Ordinal);
        return error;
    }

    public static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
}
