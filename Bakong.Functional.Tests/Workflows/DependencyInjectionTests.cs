using Bakong.Functional.DependencyInjection;
using Bakong.Functional.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bakong.Functional.Tests.Workflows;

public class DependencyInjectionTests
{
    private const string Md5 = "0123456789abcdef0123456789abcdef";

    [Fact]
    public async Task A_client_resolved_from_configuration_renews_its_token_and_checks_a_payment_on_a_loopback_server()
    {
        var token = Envelopes.Jwt(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(90), "served");
        var builder = WebApplication.CreateSlimBuilder();
        await using var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        var renewals = 0;
        app.MapPost(RenewToken.Path, () =>
        {
            Interlocked.Increment(ref renewals);
            return Results.Text(Envelopes.Token(token), "application/json");
        });
        app.MapPost(CheckTransactionByMd5.Path, (HttpRequest request) =>
            request.Headers.Authorization.ToString() == $"Bearer {token}"
                ? Results.Text(Envelopes.Found(), "application/json")
                : Results.Text(Envelopes.Unauthorized, "application/json", statusCode: 401));
        await app.StartAsync();
        // After start the address list holds the port Kestrel actually bound.
        var address = app.Urls.First();

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bakong:BaseUrl"] = address,
            ["Bakong:Email"] = "shop@example.com",
            ["Bakong:Timeout"] = "00:00:10",
            ["Bakong:Retry:MaxAttempts"] = "2",
        }).Build();
        await using var provider = new ServiceCollection()
            .AddBakongClient(configuration.GetSection(BakongSettings.DefaultSectionName))
            .BuildServiceProvider();

        var client = provider.GetRequiredService<BakongClient>();
        var paid = await client.SendAsync(CheckTransactionByMd5.Create(Md5).OrNone());
        var again = await provider.GetRequiredService<BakongClient>().SendAsync(CheckTransactionByMd5.Create(Md5));

        Assert.Equal(Envelopes.Hash, ((Transaction)paid.Succ()).Hash);
        Assert.True(again.IsSucc);
        // Both clients share one renewing source: one renewal in all.
        Assert.Equal(1, renewals);
        await app.StopAsync();
    }

    [Fact]
    public async Task Settings_become_client_options_and_a_bad_preset_is_an_error_value_not_an_exception()
    {
        var options = BakongServiceCollectionExtensions.ToOptions(new BakongSettings
        {
            Environment = "sit",
            Retry = new RetrySettings { Enabled = false },
        }, null);
        Assert.Equal(BakongEnvironment.Sit, options.BaseUrl);
        Assert.Equal(RetryPolicy.None, options.Retry);
        Assert.True(options.Token.IsNone);

        using var provider = new ServiceCollection()
            .AddBakongClient(s => { s.Environment = "Staging"; s.Token = "abc"; })
            .BuildServiceProvider();
        var result = await provider.GetRequiredService<BakongClient>().SendAsync(CheckTransactionByMd5.Create(Md5));
        Assert.True(result.FailAs<BakongError.InvalidInput, Transaction>().Names("Bakong:Environment"));
    }

    [Fact]
    public void A_null_container_gets_a_new_one_instead_of_an_exception()
    {
        var services = ((IServiceCollection?)null).AddBakongClient((Action<BakongSettings>?)null);
        using var provider = services.BuildServiceProvider();
        Assert.NotNull(provider.GetService<BakongClient>());
    }
}
