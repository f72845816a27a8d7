using System.Security.Cryptography;
using Bakong.Functional.DependencyInjection;
using Bakong.Functional.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace Bakong.Functional.Redis.Tests;

/// <summary>One DI call puts both the shared token and the shared watcher on a Redis connection string.</summary>
public sealed class FleetRegistrationTests
{
    private const string Email = "shop@example.com";

    [Fact]
    public async Task One_call_shares_the_token_and_the_poller_of_two_containers_through_redis()
    {
        var emulator = new BakongEmulator();
        emulator.RegisterEmail(Email);
        await using var server = await emulator.StartServerAsync();
        await using var redis = await RedisServer.StartAsync();
        var md5s = Enumerable.Range(0, 2).Select(_ => Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant()).ToArray();
        foreach (var m in md5s)
            emulator.AddPayment(m, 4m);

        var containers = Enumerable.Range(0, 2).Select(n =>
        {
            var services = new ServiceCollection();
            services.AddBakongClient(s => { s.BaseUrl = server.BaseUrl; s.Email = Email; });
            services.AddBakongRedisFleet(redis.ConnectionString, f =>
            {
                f.InstanceId = $"pod-{n}";
                f.Watcher = f.Watcher with { LeaseTime = TimeSpan.FromSeconds(1), Watcher = new PaymentWatcherOptions { Interval = TimeSpan.FromMilliseconds(200) } };
            });
            return services.BuildServiceProvider();
        }).ToArray();
        foreach (var c in containers)
            foreach (var hosted in c.GetServices<IHostedService>())
                await hosted.StartAsync(CancellationToken.None);

        var checks = await Task.WhenAll(containers.SelectMany(c => Enumerable.Range(0, 20).Select(_ =>
            c.GetRequiredService<BakongClient>().SendAsync(CheckTransactionByMd5.Create(md5s[0])))));
        var outcomes = await Task.WhenAll(containers.Select((c, n) => c.GetRequiredService<RedisPaymentWatcher>().Watch(md5s[n], DateTimeOffset.UtcNow.AddMinutes(1))))
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.All(checks, r => Assert.True(r.IsSucc));
        Assert.Equal(1, emulator.Requests.Count(r => r.Path == RenewToken.Path));
        Assert.All(outcomes, o => Assert.Equal(4m, Assert.IsType<PaymentOutcome.Paid>(o).Transaction.Amount));
        Assert.Single(containers, c => c.GetRequiredService<RedisPaymentWatcher>().IsPolling);
        foreach (var c in containers)
        {
            foreach (var hosted in c.GetServices<IHostedService>())
                await hosted.StopAsync(CancellationToken.None);
            await c.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_bad_connection_string_answers_invalid_input_naming_it_and_never_throws()
    {
        var services = new ServiceCollection();
        services.AddBakongClient(s => { s.BaseUrl = new Uri("http://127.0.0.1:1/"); s.Email = Email; });
        services.AddBakongRedisFleet("   ");
        await using var provider = services.BuildServiceProvider();

        var result = await provider.GetRequiredService<BakongClient>().SendAsync(CheckTransactionByMd5.Create(new string('a', 32)));

        Assert.Equal(["connectionString"], Assert.IsType<BakongError.InvalidInput>((LanguageExt.Common.Error)result).Errors.Map(e => e.Field).ToArray());
    }
}
