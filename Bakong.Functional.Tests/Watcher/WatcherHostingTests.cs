using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Bakong.Functional.DependencyInjection;
using Bakong.Functional.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Bakong.Functional.Tests.Watcher;

/// <summary>
/// A shop on Kestrel (127.0.0.1) with the watcher as a hosted service: a checkout endpoint registers a payment, a second
/// endpoint awaits it. Bakong is the emulator on its own loopback socket. Real time, with a short interval.
/// </summary>
public sealed class WatcherHostingTests
{
    private const string Md5 = "0123456789abcdef0123456789abcdef";

    [Fact]
    public async Task Checkout_registers_a_payment_and_the_second_endpoint_answers_once_it_is_paid()
    {
        var emulator = new BakongEmulator();
        await using var bakong = await emulator.StartServerAsync();
        await using var shop = await StartShop(new Dictionary<string, string?>
        {
            ["Bakong:BaseUrl"] = bakong.BaseUrl.ToString(),
            ["Bakong:Token"] = emulator.IssueToken().Reveal(),
            ["Bakong:Watcher:Interval"] = "00:00:00.050",
        });
        using var http = new HttpClient { BaseAddress = shop.Url, Timeout = TimeSpan.FromSeconds(30) };

        var checkout = await http.PostAsync($"/checkout/{Md5}?amount=2.50", null);
        Assert.Equal(HttpStatusCode.Accepted, checkout.StatusCode);
        var waiting = http.GetAsync($"/payments/{Md5}");
        await WatcherHarness.Until(() => emulator.Requests.Any(r => r.Path == CheckTransactionsByMd5List.Path));
        Assert.False(waiting.IsCompleted);

        emulator.AddPayment(new PaymentSeed { Md5 = Md5, Amount = 2.50m, ToAccountId = "shop@emul" });
        using var answer = await waiting;
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var body = await answer.Content.ReadFromJsonAsync<Dictionary<string, string>>();
        Assert.Equal("Paid", body!["outcome"]);

        // The payment left the watcher; asking again gives the same stored answer.
        Assert.Equal(0, shop.Services.GetRequiredService<PaymentWatcher>().Statistics.Pending);
        using var again = await http.GetAsync($"/payments/{Md5}");
        Assert.Equal("Paid", (await again.Content.ReadFromJsonAsync<Dictionary<string, string>>())!["outcome"]);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/payments/ffffffffffffffffffffffffffffffff")).StatusCode);
    }

    [Fact]
    public async Task Stopping_the_host_stops_the_watcher_and_ends_what_is_pending_as_cancelled()
    {
        var emulator = new BakongEmulator();
        await using var bakong = await emulator.StartServerAsync();
        var shop = await StartShop(new Dictionary<string, string?>
        {
            ["Bakong:BaseUrl"] = bakong.BaseUrl.ToString(),
            ["Bakong:Token"] = emulator.IssueToken().Reveal(),
            ["Bakong:Watcher:Interval"] = "00:00:00.050",
        });
        var watcher = shop.Services.GetRequiredService<PaymentWatcher>();
        var pending = watcher.Watch(Md5, DateTimeOffset.UtcNow.AddMinutes(5));
        await shop.DisposeAsync();
        var outcome = await pending.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.IsType<BakongError.Cancelled>(Assert.IsType<PaymentOutcome.Error>(outcome).Reason);
        Assert.True(watcher.IsQuiet);
    }

    [Fact]
    public async Task Bad_watcher_settings_stop_the_host_at_start_naming_each_configuration_key()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => StartShop(new Dictionary<string, string?>
        {
            ["Bakong:BaseUrl"] = "http://127.0.0.1:9/",
            ["Bakong:Watcher:Interval"] = "00:00:00",
            ["Bakong:Watcher:MaxConcurrency"] = "0",
            ["Bakong:Watcher:Backoff:Jitter"] = "2",
        }));
        Assert.Equal(
            ["Bakong:Watcher:Interval must be 10 milliseconds to 1 hour", "Bakong:Watcher:MaxConcurrency must be 1 to 256", "Bakong:Watcher:Backoff:Jitter must be 0 to 1"],
            failure.Failures);
    }

    [Fact]
    public void Registering_twice_adds_one_watcher_and_one_hosted_service()
    {
        var services = new ServiceCollection().AddBakongPaymentWatcher(null).AddBakongPaymentWatcher(null);
        Assert.Single(services, d => d.ServiceType == typeof(PaymentWatcher));
        Assert.Single(services, d => d.ServiceType == typeof(IHostedService));
        Assert.NotNull(((IServiceCollection?)null).AddBakongPaymentWatcher(null));
    }

    private sealed class Shop(WebApplication app, Uri url) : IAsyncDisposable
    {
        public Uri Url { get; } = url;
        public IServiceProvider Services => app.Services;

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static async Task<Shop> StartShop(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddBakongClient(builder.Configuration.GetSection("Bakong"));
        builder.Services.AddBakongPaymentWatcher(builder.Configuration.GetSection("Bakong:Watcher"));
        // The shop's own book of orders: the task of each payment, kept after the watcher lets go of it.
        builder.Services.AddSingleton<ConcurrentDictionary<string, Task<PaymentOutcome>>>();
        var app = builder.Build();

        app.MapPost("/checkout/{md5}", (string md5, decimal amount, PaymentWatcher watcher, ConcurrentDictionary<string, Task<PaymentOutcome>> orders) =>
        {
            // A real checkout makes the KHQR here and shows it; its md5 and expiry are what the watcher needs.
            var expected = new ExpectedPayment("shop@emul", Currency.USD, amount);
            orders[md5] = watcher.Watch(md5, DateTimeOffset.UtcNow.AddMinutes(5), expected);
            return Results.Accepted($"/payments/{md5}");
        });
        app.MapGet("/payments/{md5}", async (string md5, ConcurrentDictionary<string, Task<PaymentOutcome>> orders, CancellationToken ct) =>
        {
            if (!orders.TryGetValue(md5, out var order))
                return Results.NotFound();
            var outcome = await order.WaitAsync(ct);
            return Results.Ok(new Dictionary<string, string> { ["outcome"] = outcome.GetType().Name });
        });

        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Shop(app, new Uri(address));
    }
}
