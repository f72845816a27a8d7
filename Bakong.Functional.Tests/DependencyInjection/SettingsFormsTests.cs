using Bakong.Functional.DependencyInjection;
using Bakong.Functional.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bakong.Functional.Tests.DependencyInjection;

/// <summary>
/// Every bad setting stops the host at startup with an <see cref="OptionsValidationException"/> naming its key, durations
/// take the CLI's forms, and a default app's log stays quiet while the client polls.
/// </summary>
public class SettingsFormsTests
{
    private const string Token = "settings-token";
    private const string Forms = "a duration such as 500ms, 30s, 5m, 1h or 00:00:30";

    public static TheoryData<string, TimeSpan> Durations => new()
    {
        { "500ms", TimeSpan.FromMilliseconds(500) },
        { "30s", TimeSpan.FromSeconds(30) },
        { "1.5s", TimeSpan.FromMilliseconds(1500) },
        { "5m", TimeSpan.FromMinutes(5) },
        { "1h", TimeSpan.FromHours(1) },
        { "00:00:30", TimeSpan.FromSeconds(30) },
        { "00:00:00.250", TimeSpan.FromMilliseconds(250) },
        { "1.00:00:00", TimeSpan.FromDays(1) },
    };

    [Theory]
    [MemberData(nameof(Durations))]
    public async Task A_duration_in_the_forms_the_cli_takes_or_hh_mm_ss_starts_the_host(string text, TimeSpan expected)
    {
        await using var app = Host(new() { ["Bakong:Token"] = Token, ["Bakong:RenewalMargin"] = text, ["Bakong:Watcher:ListRetryDelay"] = text });

        await app.StartAsync();

        Assert.Equal(expected, app.Services.GetRequiredService<IOptions<BakongSettings>>().Value.RenewalMargin);
        Assert.Equal(expected, app.Services.GetRequiredService<IOptions<PaymentWatcherSettings>>().Value.ListRetryDelay);
        await app.StopAsync();
    }

    public static TheoryData<string, string, string> BadDurations => new()
    {
        { "Bakong:Watcher:Interval", "abc", $"Bakong:Watcher:Interval: 'abc' is not {Forms}." },
        { "Bakong:Watcher:Interval", "30", $"Bakong:Watcher:Interval: '30' is not {Forms}." },
        { "Bakong:Watcher:Interval", "5h", "Bakong:Watcher:Interval must be 10 milliseconds to 1 hour" },
        { "Bakong:Watcher:Backoff:MaxDelay", "soon", $"Bakong:Watcher:Backoff:MaxDelay: 'soon' is not {Forms}." },
        { "Bakong:Watcher:MaxPending", "many", "Bakong:Watcher:MaxPending: 'many' is not a whole number from 1 to 10000000." },
        { "Bakong:Timeout", "5x", $"Bakong:Timeout: '5x' is not {Forms}." },
        { "Bakong:Timeout", "25h", "Bakong:Timeout: must be more than zero and at most one day, such as 30s or 00:00:30." },
        { "Bakong:Retry:Schedule:InitialDelay", "-1s", $"Bakong:Retry:Schedule:InitialDelay: '-1s' is not {Forms}." },
    };

    [Theory]
    [MemberData(nameof(BadDurations))]
    public async Task A_bad_duration_stops_startup_with_an_options_validation_exception_naming_the_key_and_the_forms(string key, string value, string expected)
    {
        await using var app = Host(new() { ["Bakong:Token"] = Token, [key] = value });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Equal([expected], error.Failures);
    }

    [Fact]
    public async Task A_host_with_neither_token_nor_email_stops_at_startup()
    {
        await using var app = Host(new() { ["Bakong:Environment"] = "Sit" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Equal(["Bakong:Token: is not set: payment checks need an access token; set Bakong:Token, or Bakong:Email to renew one."], error.Failures);
    }

    [Theory]
    [InlineData("Bakong:Token", Token)]
    [InlineData("Bakong:Email", "shop@example.com")]
    public async Task A_host_with_a_token_or_an_email_starts(string key, string value)
    {
        await using var app = Host(new() { [key] = value });

        await app.StartAsync();
        await app.StopAsync();
    }

    [Fact]
    public async Task The_bakong_http_client_writes_no_information_logs_while_another_client_still_does()
    {
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection()
            .AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Information))
            .AddBakongClient(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Bakong:BaseUrl"] = "https://bakong.test",
                ["Bakong:Token"] = Token,
            }).Build().GetSection("Bakong"));
        services.AddHttpClient(BakongServiceCollectionExtensions.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new RecordingHandler(200, Fixture.Text("check_transaction.success.json")));
        services.AddHttpClient("other").ConfigurePrimaryHttpMessageHandler(() => new RecordingHandler(200, "{}"));
        await using var provider = services.BuildServiceProvider();

        var result = await provider.GetRequiredService<BakongClient>().SendAsync(CheckTransactionByMd5.Create(Fixture.Md5));
        using var other = await provider.GetRequiredService<IHttpClientFactory>().CreateClient("other").GetAsync(new Uri("https://other.test/"));

        Assert.True(result.IsSucc);
        Assert.DoesNotContain(logs.Categories, c => c.StartsWith("System.Net.Http.HttpClient.Bakong.Functional", StringComparison.Ordinal));
        Assert.Contains(logs.Categories, c => c.StartsWith("System.Net.Http.HttpClient.other", StringComparison.Ordinal));
    }

    private static WebApplication Host(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddBakongClient(builder.Configuration.GetSection("Bakong"));
        builder.Services.AddBakongPaymentWatcher(builder.Configuration.GetSection("Bakong:Watcher"));
        return builder.Build();
    }

    /// <summary>The category of every entry written at Information or above.</summary>
    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly List<string> categories = [];

        public IReadOnlyList<string> Categories { get { lock (categories) return categories.ToList(); } }

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose() { }

        private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                    lock (owner.categories) owner.categories.Add(category);
            }
        }
    }
}
