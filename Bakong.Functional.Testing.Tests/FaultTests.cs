using System.Diagnostics;
using Bakong.Functional.Testing.Tests.Support;
using static Bakong.Functional.Testing.Tests.Support.FinAssert;

namespace Bakong.Functional.Testing.Tests;

public class FaultTests
{
    private static readonly string Md5 = Khqr.Md5("fault qr");

    private static async Task<Fin<Transaction>> Check(Harness h, TimeSpan? timeout = null) =>
        await h.Client(timeout: timeout).SendAsync(CheckTransactionByMd5.Create(Md5));

    private static async Task<Harness> WithPayment(Face face)
    {
        var h = await Harness.Start(face);
        h.Emulator.AddPayment(Md5, 1m);
        return h;
    }

    [Theory]
    [InlineData(Face.Handler)]
    [InlineData(Face.Server)]
    public async Task Latency_delays_but_answers(Face face)
    {
        await using var h = await WithPayment(face);
        h.Emulator.Inject(CheckTransactionByMd5.Path, new Fault.Latency(TimeSpan.FromMilliseconds(200)));
        var watch = Stopwatch.StartNew();
        Succ(await Check(h));
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(180), $"took {watch.Elapsed}");
        Assert.IsType<BakongError.Timeout>(Fail(await InjectAndCheck(h, new Fault.Latency(TimeSpan.FromSeconds(5)), TimeSpan.FromMilliseconds(200))));
    }

    [Theory]
    [InlineData(Face.Handler)]
    [InlineData(Face.Server)]
    public async Task Rate_limiting_says_when_to_retry_in_seconds_or_as_a_date(Face face)
    {
        await using var h = await WithPayment(face);
        var seconds = Assert.IsType<BakongError.RateLimited>(Fail(await InjectAndCheck(h, new Fault.RateLimited(TimeSpan.FromSeconds(3)))));
        Assert.Equal(TimeSpan.FromSeconds(3), seconds.RetryAfter);

        var date = Assert.IsType<BakongError.RateLimited>(Fail(await InjectAndCheck(h, new Fault.RateLimited(TimeSpan.FromSeconds(30), AsHttpDate: true))));
        var wait = (TimeSpan)date.RetryAfter;
        Assert.InRange(wait, TimeSpan.FromSeconds(27), TimeSpan.FromSeconds(31));
    }

    [Theory]
    [InlineData(Face.Handler)]
    [InlineData(Face.Server)]
    public async Task Server_errors_come_with_html(Face face)
    {
        await using var h = await WithPayment(face);
        var error = Assert.IsType<BakongError.ServerError>(Fail(await InjectAndCheck(h, new Fault.ServerError(503))));
        Assert.Equal(503, error.Response.Status);
        Assert.True(error.IsTransient);
        Assert.True(error.RetryAfter.IsNone);
    }

    [Theory]
    [InlineData(Face.Handler)]
    [InlineData(Face.Server)]
    public async Task A_geo_block_is_a_non_json_403(Face face)
    {
        await using var h = await WithPayment(face);
        var error = Assert.IsType<BakongError.Blocked>(Fail(await InjectAndCheck(h, new Fault.GeoBlocked())));
        Assert.Equal(403, error.Response.Status);
    }

    [Theory]
    [InlineData(Face.Handler)]
    [InlineData(Face.Server)]
    public async Task A_reset_connection_is_a_transport_error(Face face)
    {
        await using var h = await WithPayment(face);
        Assert.IsType<BakongError.Transport>(Fail(await InjectAndCheck(h, new Fault.ConnectionReset())));
        // The reset request never reached the API: nothing was polled.
        Assert.Equal(0, h.Emulator.Payment(Md5)!.Polls);
    }

    [Theory]
    [InlineData(Face.Handler)]
    [InlineData(Face.Server)]
    public async Task A_truncated_body_is_a_transport_error(Face face)
    {
        await using var h = await WithPayment(face);
        Assert.IsType<BakongError.Transport>(Fail(await InjectAndCheck(h, new Fault.TruncatedBody())));
    }

    [Theory]
    [InlineData(Face.Handler)]
    [InlineData(Face.Server)]
    public async Task A_slow_drip_arrives_whole_or_times_out(Face face)
    {
        await using var h = await WithPayment(face);
        h.Emulator.Inject(CheckTransactionByMd5.Path, new Fault.SlowDrip(TimeSpan.FromMilliseconds(5), ChunkSize: 64));
        Succ(await Check(h));
        Assert.IsType<BakongError.Timeout>(Fail(await InjectAndCheck(h, new Fault.SlowDrip(TimeSpan.FromMilliseconds(100), ChunkSize: 4), TimeSpan.FromMilliseconds(300))));
    }

    [Theory]
    [InlineData(Face.Handler)]
    [InlineData(Face.Server)]
    public async Task A_server_that_never_answers_is_a_timeout(Face face)
    {
        await using var h = await WithPayment(face);
        var error = Assert.IsType<BakongError.Timeout>(Fail(await InjectAndCheck(h, new Fault.NeverAnswer(), TimeSpan.FromMilliseconds(300))));
        Assert.Equal(TimeSpan.FromMilliseconds(300), error.After);
    }

    [Fact]
    public async Task A_counted_fault_applies_to_the_next_n_requests_of_its_path_only()
    {
        await using var h = await WithPayment(Face.Handler);
        h.Emulator.Inject(CheckTransactionByMd5.Path, new Fault.ServerError(), times: 2);
        Succ(await h.Client().SendAsync(CheckTransactionByHash.Create(h.Emulator.Payment(Md5)!.Hash)));
        Assert.IsType<BakongError.ServerError>(Fail(await Check(h)));
        Assert.IsType<BakongError.ServerError>(Fail(await Check(h)));
        Succ(await Check(h));
    }

    [Fact]
    public async Task A_standing_fault_applies_until_cleared_and_any_path_covers_every_path()
    {
        await using var h = await WithPayment(Face.Handler);
        h.Emulator.InjectAlways(BakongEmulator.AnyPath, new Fault.GeoBlocked());
        Assert.IsType<BakongError.Blocked>(Fail(await Check(h)));
        Assert.IsType<BakongError.Blocked>(Fail(await h.Client().SendAsync(GenerateDeeplink.Create("000201"))));
        h.Emulator.ClearFaults();
        Succ(await Check(h));
    }

    [Fact]
    public async Task Bad_fault_arguments_are_refused_at_once_and_leave_no_fault_behind()
    {
        await using var h = await WithPayment(Face.Handler);
        Assert.Equal("fault", Assert.Throws<ArgumentNullException>(() => h.Emulator.Inject(null, null!)).ParamName);
        Assert.Equal("times", Assert.Throws<ArgumentOutOfRangeException>(() => h.Emulator.Inject(CheckTransactionByMd5.Path, new Fault.GeoBlocked(), times: 0)).ParamName);
        Assert.Equal("fault", Assert.Throws<ArgumentNullException>(() => h.Emulator.InjectAlways("", null!)).ParamName);
        Succ(await Check(h));
    }

    private static async Task<Fin<Transaction>> InjectAndCheck(Harness h, Fault fault, TimeSpan? timeout = null)
    {
        h.Emulator.Inject(CheckTransactionByMd5.Path, fault);
        return await Check(h, timeout);
    }
}
