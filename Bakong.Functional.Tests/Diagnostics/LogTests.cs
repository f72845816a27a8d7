using Bakong.Functional.DependencyInjection;
using Bakong.Functional.Tests.Support;
using Bakong.Functional.Tests.Watcher;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Bakong.Functional.Tests.Diagnostics;

/// <summary>Source-generated log lines with stable event ids, through an <see cref="ILoggerFactory"/> or the DI container, and silence without one.</summary>
public class LogTests
{
    private static (ILoggerFactory Factory, FakeLogCollector Logs) Fake()
    {
        var provider = new FakeLoggerProvider();
        var factory = LoggerFactory.Create(b => b.AddProvider(provider).SetMinimumLevel(LogLevel.Trace));
        return (factory, provider.Collector);
    }

    private static BakongClient Client(FakeBakong fake, ILoggerFactory? logs, RetryPolicy? retry = null, TimeProvider? time = null) =>
        new(new HttpMessageInvoker(fake), new BakongClientOptions
        {
            BaseUrl = new Uri("http://127.0.0.1:1"),
            Token = Envelopes.Access("test-token"),
            Retry = retry ?? RetryPolicy.None,
            TimeProvider = time ?? TimeProvider.System,
            LoggerFactory = logs,
        });

    [Fact]
    public async Task A_failed_call_is_a_warning_with_event_id_101_naming_the_endpoint_and_case()
    {
        var (factory, logs) = Fake();
        using var _ = factory;
        var client = Client(new FakeBakong((_, _, _) => new Canned(404, "", "text/plain")), factory);

        await client.SendAsync(CheckTransactionByMd5.Create(Fixture.Md5));

        var line = Assert.Single(logs.GetSnapshot());
        Assert.Equal(101, line.Id.Id);
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.Equal("Bakong.Functional.BakongClient", line.Category);
        Assert.Equal("check_transaction_by_md5", line.GetStructuredStateValue("Endpoint"));
        Assert.Equal("EndpointNotFound", line.GetStructuredStateValue("ErrorType"));
    }

    [Fact]
    public async Task A_payment_not_found_yet_is_an_answer_and_not_logged()
    {
        var (factory, logs) = Fake();
        using var _ = factory;
        await Client(new FakeBakong((_, _, _) => Canned.Json(Envelopes.NotFound)), factory).SendAsync(CheckTransactionByMd5.Create(Fixture.Md5));
        Assert.Empty(logs.GetSnapshot());
    }

    [Fact]
    public async Task A_retry_is_information_with_event_id_102_and_its_number()
    {
        var (factory, logs) = Fake();
        using var _ = factory;
        var time = Clock.New();
        var fake = new FakeBakong((_, _, n) => n < 2 ? new Canned(503, "", "text/plain") : Canned.Json(Envelopes.Found())) { Clock = time };
        var client = Client(fake, factory, new RetryPolicy(3, BackoffSchedule.Fixed(TimeSpan.FromSeconds(1)), TimeSpan.FromMinutes(1)), time);

        Assert.True((await time.RunUntilDone(client.SendAsync(CheckTransactionByMd5.Create(Fixture.Md5)))).IsSucc);

        var line = Assert.Single(logs.GetSnapshot());
        Assert.Equal(102, line.Id.Id);
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Equal(1, line.GetStructuredStateValue("Retry") is { } r ? int.Parse(r, System.Globalization.CultureInfo.InvariantCulture) : 0);
        Assert.Equal("ServerError", line.GetStructuredStateValue("ErrorType"));
    }

    [Fact]
    public async Task A_renewal_logs_201_and_a_failed_one_202()
    {
        var (factory, logs) = Fake();
        using var _ = factory;
        var ok = Client(new FakeBakong((_, _, _) => Canned.Json(Envelopes.Token("renewed"))), factory);
        var down = Client(new FakeBakong((_, _, _) => new Canned(500, "", "text/plain")), factory);

        await new RenewingAccessTokenSource(ok, "shop@example.com").GetTokenAsync();
        await new RenewingAccessTokenSource(down, "shop@example.com").GetTokenAsync();

        var renewals = logs.GetSnapshot().Where(l => l.Category == "Bakong.Functional.RenewingAccessTokenSource").ToList();
        Assert.Equal([201, 202], renewals.Select(l => l.Id.Id));
        Assert.Equal([LogLevel.Information, LogLevel.Warning], renewals.Select(l => l.Level));
    }

    [Fact]
    public async Task A_settled_payment_is_a_debug_line_with_event_id_301()
    {
        var (factory, logs) = Fake();
        using var _ = factory;
        await using var h = new WatcherHarness();
        var options = new BakongClientOptions { BaseUrl = new Uri("http://127.0.0.1/"), TimeProvider = h.Clock, Token = h.Emulator.IssueToken(), LoggerFactory = factory };
        await using var watcher = new PaymentWatcher(new BakongClient(h.Http, options), WatcherHarness.Steady);
        h.Pay(WatcherHarness.Md5(7), TimeSpan.Zero);

        var task = watcher.Watch(WatcherHarness.Md5(7), WatcherHarness.Start.AddMinutes(1));
        while (!task.IsCompleted)
        {
            h.Clock.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Delay(5);
        }

        var line = Assert.Single(logs.GetSnapshot(), l => l.Id.Id == 301);
        Assert.Equal(LogLevel.Debug, line.Level);
        Assert.Equal("Bakong.Functional.PaymentWatcher", line.Category);
        Assert.Equal("paid", line.GetStructuredStateValue("Outcome"));
    }

    [Fact]
    public async Task Through_di_the_containers_loggers_get_the_lines()
    {
        var provider = new FakeLoggerProvider();
        var fake = new FakeBakong((_, _, _) => new Canned(404, "", "text/plain"));
        var services = new ServiceCollection()
            .AddLogging(b => b.AddProvider(provider))
            .AddBakongClient(s =>
            {
                s.BaseUrl = new Uri("http://127.0.0.1:1");
                s.Token = "test-token";
            });
        services.AddHttpClient(BakongServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => fake);
        await using var sp = services.BuildServiceProvider();

        await sp.GetRequiredService<BakongClient>().SendAsync(CheckTransactionByMd5.Create(Fixture.Md5));

        var line = Assert.Single(provider.Collector.GetSnapshot(), l => l.Category == "Bakong.Functional.BakongClient");
        Assert.Equal(101, line.Id.Id);
    }

    [Fact]
    public void Without_a_logger_factory_the_library_writes_nowhere()
    {
        var client = new BakongClient(new HttpClient(), new BakongClientOptions());
        Assert.Same(Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, client.Logs);
    }
}
