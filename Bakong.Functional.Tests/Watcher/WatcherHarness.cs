using System.Globalization;
using Bakong.Functional.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Bakong.Functional.Tests.Watcher;

/// <summary>
/// A watcher over the emulator, both on one manual clock. The clock is moved only to the watcher's own next wake-up,
/// and only once the watcher is quiet, so every check happens at exactly the moment it was planned for.
/// </summary>
internal sealed class WatcherHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = Support.Clock.Start;

    public WatcherHarness(PaymentWatcherOptions? options = null, IAccessTokenSource? tokens = null, EmulatorOptions? emulatorOptions = null,
        CancellationToken cancellationToken = default)
    {
        Clock = Support.Clock.New();
        Emulator = new BakongEmulator(emulatorOptions, Clock);
        Http = new HttpClient(Emulator.CreateHandler());
        var clientOptions = new BakongClientOptions { BaseUrl = new Uri("http://127.0.0.1/"), TimeProvider = Clock };
        if (tokens is null)
            clientOptions.Token = Emulator.IssueToken();
        else
            clientOptions.TokenSource = tokens;
        Client = new BakongClient(Http, clientOptions);
        Watcher = new PaymentWatcher(Client, options ?? Steady, cancellationToken: cancellationToken);
    }

    private WatcherHarness(FakeTimeProvider clock, BakongEmulator emulator, EmulatorServer server, PaymentWatcherOptions options, long maxResponseBytes)
    {
        Clock = clock;
        Emulator = emulator;
        Server = server;
        Http = new HttpClient();
        Client = new BakongClient(Http, new BakongClientOptions
        {
            BaseUrl = server.BaseUrl, TimeProvider = clock, Token = emulator.IssueToken(), MaxResponseBytes = maxResponseBytes,
        });
        Watcher = new PaymentWatcher(Client, options);
    }

    /// <summary>The same, with the emulator served by Kestrel on 127.0.0.1, so every answer crosses a real socket.</summary>
    public static async Task<WatcherHarness> OnLoopback(PaymentWatcherOptions? options = null, long maxResponseBytes = BakongClientOptions.DefaultMaxResponseBytes)
    {
        var clock = Support.Clock.New();
        var emulator = new BakongEmulator(null, clock);
        var server = await emulator.StartServerAsync();
        return new WatcherHarness(clock, emulator, server, options ?? Steady, maxResponseBytes);
    }

    public EmulatorServer? Server { get; }

    /// <summary>One-second interval and fixed, jitter-free backoff, so every time in a test can be written down.</summary>
    public static PaymentWatcherOptions Steady { get; } = new()
    {
        Interval = TimeSpan.FromSeconds(1),
        Backoff = BackoffSchedule.Fixed(TimeSpan.FromSeconds(3)),
        ListRetryDelay = TimeSpan.FromSeconds(10),
    };

    public FakeTimeProvider Clock { get; }
    public BakongEmulator Emulator { get; }
    public HttpClient Http { get; }
    public BakongClient Client { get; }
    public PaymentWatcher Watcher { get; }

    public DateTimeOffset Now => Clock.GetUtcNow();

    public static string Md5(int i) => i.ToString("x32", CultureInfo.InvariantCulture);

    public static ExpectedPayment Expect(decimal amount = 1.5m) => new("merchant@emul", Currency.USD, amount);

    /// <summary>Seeds a payment that becomes visible <paramref name="after"/> from the start, paid in full by default.</summary>
    public void Pay(string md5, TimeSpan after, decimal amount = 1.5m, SeedOutcome outcome = SeedOutcome.Paid) =>
        Emulator.AddPayment(new PaymentSeed { Md5 = md5, Amount = amount, Outcome = outcome, VisibleAt = Start + after });

    public IReadOnlyList<RequestLogEntry> Lists => Emulator.Requests.Where(r => r.Path == CheckTransactionsByMd5List.Path).ToList();

    public IReadOnlyList<RequestLogEntry> Singles => Emulator.Requests.Where(r => r.Path == CheckTransactionByMd5.Path).ToList();

    /// <summary>Waits, in real time, until the watcher sleeps with nothing running.</summary>
    public async Task Quiet()
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        for (var spins = 0; !Watcher.IsQuiet; spins++)
        {
            if (DateTime.UtcNow > until)
                throw new TimeoutException("the watcher did not settle: " + Watcher.DebugState);
            if (spins < 200)
                await Task.Yield();
            else
                await Task.Delay(1);
        }
    }

    /// <summary>Waits, in real time, for a condition that does not need the clock to move.</summary>
    public static async Task Until(Func<bool> condition)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > until)
                throw new TimeoutException("the condition never held");
            await Task.Delay(1);
        }
    }

    /// <summary>Moves the clock to the watcher's next wake-up, or to <paramref name="limit"/> if that comes first; false when nothing is due by then.</summary>
    public async Task<bool> Step(DateTimeOffset limit)
    {
        await Quiet();
        var next = Watcher.NextWake;
        // Nothing planned and no limit: the clock stays where it is.
        if (next == DateTimeOffset.MaxValue && limit == DateTimeOffset.MaxValue)
            return false;
        var to = next < limit ? next : limit;
        if (to > Now)
            Clock.Advance(to - Now);
        await Quiet();
        return next <= limit;
    }

    /// <summary>Runs the watcher until the clock reads <paramref name="time"/>, stopping at every planned wake-up on the way.</summary>
    public async Task RunUntil(DateTimeOffset time)
    {
        while (Now < time && await Step(time))
        {
        }
        await Quiet();
    }

    public Task RunFor(TimeSpan span) => RunUntil(Now + span);

    /// <summary>Runs the watcher until <paramref name="task"/> completes.</summary>
    public async Task<T> RunUntilDone<T>(Task<T> task, int maxSteps = 10_000)
    {
        for (var i = 0; i < maxSteps && !task.IsCompleted; i++)
            await Step(DateTimeOffset.MaxValue);
        return await task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        await Watcher.DisposeAsync();
        Http.Dispose();
        if (Server is not null)
            await Server.DisposeAsync();
    }
}
