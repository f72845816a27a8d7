using System.Diagnostics;
using Bakong.Functional.Diagnostics;
using Bakong.Functional.Testing;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Bakong.Functional.Redis.Tests;

/// <summary>Runs alone: it counts renewals on the process-wide meter, which other tests' renewals would add to.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RenewalMeterCollection
{
    public const string Name = "renewal meter";
}

/// <summary>
/// The renewing source and the Redis source renew through one piece of code: for the same renew_token answer they give
/// the same result, the same renewal span and the same count.
/// </summary>
[Collection(RenewalMeterCollection.Name)]
public sealed class SharedRenewalTests
{
    private const string Email = "shop@example.com";

    [Theory]
    [InlineData("ok", "ok", "span Unset", "counted 1 without error.type")]
    [InlineData("server error", "error ServerError: HTTP 500: server error", "span Error ServerError", "counted 1 with error.type ServerError")]
    [InlineData("geo-blocked", "error Blocked: HTTP 403 with a non-JSON body: the host refused this caller (production answers only from Cambodia)", "span Error Blocked", "counted 1 with error.type Blocked")]
    [InlineData("unregistered e-mail", "error ApiFailure: Bakong error 10 (NotRegistered): Not registered yet", "span Error ApiFailure", "counted 1 with error.type ApiFailure")]
    public async Task Both_sources_give_the_same_result_span_and_count_for_the_same_renew_token_answer(string answer, string outcome, string span, string counted)
    {
        var renewing = await RenewOnce(answer, (emulator, http, options, _) =>
            new RenewingAccessTokenSource(new BakongClient(http, options), Email));
        var shared = await RenewOnce(answer, (_, http, options, redis) =>
            new RedisAccessTokenSource(redis, http, options, Email));

        Assert.Equal(new Seen(outcome, span, counted), renewing);
        Assert.Equal(renewing, shared);
    }

    private sealed record Seen(string Outcome, string Span, string Counted);

    /// <summary>One GetTokenAsync with no token held, against an emulator giving <paramref name="answer"/> to renew_token.</summary>
    private static async Task<Seen> RenewOnce(
        string answer, Func<BakongEmulator, HttpClient, BakongClientOptions, StackExchange.Redis.IConnectionMultiplexer, IAccessTokenSource> source)
    {
        var emulator = new BakongEmulator();
        if (answer != "unregistered e-mail")
            emulator.RegisterEmail(Email);
        if (answer == "server error")
            emulator.Inject(RenewToken.Path, new Fault.ServerError(), times: 10);
        if (answer == "geo-blocked")
            emulator.Inject(RenewToken.Path, new Fault.GeoBlocked(), times: 10);
        await using var server = await emulator.StartServerAsync();
        await using var redis = await RedisServer.StartAsync();
        await using var connection = await redis.ConnectAsync();
        using var http = new HttpClient();
        using var renewals = new MetricCollector<long>(null, BakongTelemetry.MeterName, BakongTelemetry.TokenRenewals);
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == BakongTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (spans) spans.Add(a); },
        };
        ActivitySource.AddActivityListener(listener);
        using var root = new Activity("test root").Start();

        var result = await source(emulator, http, new BakongClientOptions { BaseUrl = server.BaseUrl }, connection).GetTokenAsync();

        Activity renewal;
        lock (spans)
            renewal = Assert.Single(spans, s => s.TraceId == root.TraceId && s.DisplayName == "Bakong token renewal");
        var counted = Assert.Single(renewals.GetMeasurementSnapshot());
        return new Seen(
            result.Match(_ => "ok", e => $"error {BakongError.From(e).GetType().Name}: {BakongError.From(e).Summary}"),
            $"span {renewal.Status} {renewal.GetTagItem("error.type")}".TrimEnd(),
            $"counted {counted.Value} {(counted.Tags.TryGetValue("error.type", out var type) ? $"with error.type {type}" : "without error.type")}");
    }
}
