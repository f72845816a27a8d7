using Bakong.Functional.DependencyInjection;
using Bakong.Functional.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bakong.Functional.Tests.DependencyInjection;

/// <summary>Bad settings stop the host at startup with a message naming the configuration key and what it accepts.</summary>
public class StartupValidationTests
{
    private const string Md5 = "0123456789abcdef0123456789abcdef";
    private const string SecretLooking = "not a token with spaces";

    public static TheoryData<string, string, string> BadSettings => new()
    {
        { "Bakong:Timeout", "abc", "Bakong:Timeout: 'abc' is not a duration such as 500ms, 30s, 5m, 1h or 00:00:30." },
        { "Bakong:Timeout", "00:00:00", "Bakong:Timeout: must be more than zero and at most one day, such as 30s or 00:00:30." },
        { "Bakong:Environment", "Staging", "Bakong:Environment: 'Staging' is not a Bakong environment; use Production or Sit, or set Bakong:BaseUrl." },
        { "Bakong:BaseUrl", "http://example.com/", "Bakong:BaseUrl: must be an absolute https URL such as https://api-bakong.nbc.gov.kh (plain http only on loopback)." },
        { "Bakong:Token", SecretLooking, "Bakong:Token: is not a bearer token (letters, digits and -._~+/ then optional = padding); the value is not shown." },
        { "Bakong:Email", "shop-at-example.com", "Bakong:Email: must be the e-mail registered with Bakong, such as shop@example.com, at most 30 characters." },
        { "Bakong:RenewalMargin", "400.00:00:00", "Bakong:RenewalMargin: must be zero to 365 days, such as 24h or 1.00:00:00." },
        { "Bakong:RenewalMargin", "soon", "Bakong:RenewalMargin: 'soon' is not a duration such as 500ms, 30s, 5m, 1h or 00:00:30." },
        { "Bakong:Retry:Enabled", "maybe", "Bakong:Retry:Enabled: 'maybe' is not true or false." },
        { "Bakong:Retry:MaxAttempts", "lots", "Bakong:Retry:MaxAttempts: 'lots' is not a whole number from 1 to 100." },
        { "Bakong:Retry:MaxAttempts", "0", "Bakong:Retry:MaxAttempts: must be 1 to 100." },
        { "Bakong:Retry:Schedule:Factor", "fast", "Bakong:Retry:Schedule:Factor: 'fast' is not a number from 1 to 100." },
        { "Bakong:Retry:Schedule:Jitter", "2", "Bakong:Retry:Schedule:Jitter: must be 0 to 1." },
        { "Bakong:Retry:Schedule:MaxDelay", "00:00:00.05", "Bakong:Retry:Schedule:MaxDelay: must be at least the initial delay and at most one day." },
        { "Bakong:Poll:InitialDelay", "00:00:03", "Bakong:Poll: is no longer read: pass the schedule to the poll itself (WaitForPaymentAsync(…, schedule: …))." },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task A_bad_setting_stops_the_host_at_startup_naming_its_key(string key, string value, string expected)
    {
        await using var app = Host(new() { [key] = value });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(expected, error.Failures);
        Assert.DoesNotContain(error.Failures, f => f.Contains(SecretLooking, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Good_settings_start_the_host()
    {
        await using var app = Host(new()
        {
            ["Bakong:Environment"] = "Sit",
            ["Bakong:Email"] = "shop@example.com",
            ["Bakong:Timeout"] = "00:00:20",
            ["Bakong:Retry:MaxAttempts"] = "4",
        });

        await app.StartAsync();
        await app.StopAsync();
    }

    [Fact]
    public async Task Without_a_host_a_client_from_bad_settings_never_throws_and_names_the_keys_on_every_call()
    {
        using var provider = Services(new() { ["Bakong:Timeout"] = "abc", ["Bakong:Retry:MaxAttempts"] = "lots" }).BuildServiceProvider();

        var client = provider.GetRequiredService<BakongClient>();
        var result = await client.SendAsync(CheckTransactionByMd5.Create(Md5));
        var withToken = await client.WithToken(AccessToken.From("fresh-token").Succ()).SendAsync(CheckTransactionByMd5.Create(Md5));

        var invalid = result.FailAs<BakongError.InvalidInput, Transaction>();
        Assert.True(invalid.Names("Bakong:Timeout"));
        Assert.True(invalid.Names("Bakong:Retry:MaxAttempts"));
        Assert.True(withToken.FailAs<BakongError.InvalidInput, Transaction>().Names("Bakong:Timeout"));
    }

    [Fact]
    public async Task A_missing_token_names_the_configuration_keys_not_the_library_option()
    {
        using var provider = Services(new() { ["Bakong:Environment"] = "Sit" }).BuildServiceProvider();

        var result = await provider.GetRequiredService<BakongClient>().SendAsync(CheckTransactionByMd5.Create(Md5));

        var field = Assert.Single(result.FailAs<BakongError.InvalidInput, Transaction>().Errors);
        Assert.Equal("Bakong:Token", field.Field);
        Assert.Equal("is not set: payment checks need an access token; set Bakong:Token, or Bakong:Email to renew one", field.Reason);
    }

    [Fact]
    public async Task Keys_are_named_by_the_section_actually_bound()
    {
        await using var app = Host(new() { ["Payments:Bakong:Timeout"] = "abc" }, "Payments:Bakong");

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Payments:Bakong:Timeout: 'abc' is not a duration such as 500ms, 30s, 5m, 1h or 00:00:30.", error.Failures);
    }

    private static IServiceCollection Services(Dictionary<string, string?> settings, string section = "Bakong")
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddBakongClient(configuration.GetSection(section));
    }

    private static WebApplication Host(Dictionary<string, string?> settings, string section = "Bakong")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddBakongClient(builder.Configuration.GetSection(section));
        return builder.Build();
    }
}
