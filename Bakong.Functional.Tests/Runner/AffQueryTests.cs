using Bakong.Functional.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Bakong.Functional.Tests.Runner;

/// <summary>The LINQ front door over real sockets: renew, check and wait in one query, and cancellation that reaches the I/O.</summary>
public class AffQueryTests
{
    private const string Email = "shop@example.com";
    private const string Md5 = "0123456789abcdef0123456789abcdef";
    private static readonly BackoffSchedule Quick = BackoffSchedule.Fixed(TimeSpan.FromMilliseconds(20));

    private static BakongClient Client(Uri baseUrl) => new(new HttpClient(), new BakongClientOptions
    {
        BaseUrl = baseUrl,
        Retry = RetryPolicy.None,
    });

    private static Task Json(HttpContext ctx, string body)
    {
        ctx.Response.ContentType = "application/json";
        return ctx.Response.WriteAsync(body);
    }

    [Fact]
    public async Task Renew_then_check_then_wait_for_payment_compose_in_one_query()
    {
        var token = Envelopes.Jwt(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(90), "linq");
        var seen = new List<(string Path, string? Bearer)>();
        var checks = 0;
        await using var server = await LoopbackServer.StartAsync(ctx =>
        {
            lock (seen) seen.Add((ctx.Request.Path.Value!, ctx.Request.Headers.Authorization.FirstOrDefault()));
            return ctx.Request.Path == RenewToken.Path
                ? Json(ctx, Envelopes.Token(token))
                : Json(ctx, Interlocked.Increment(ref checks) < 3 ? Envelopes.NotFound : Envelopes.Found());
        });
        var client = Client(server.BaseUrl);
        var ct = CancellationToken.None;
        var deadline = DateTimeOffset.UtcNow.AddMinutes(1);

        var query =
            from t in client.Send(RenewToken.Create(Email), ct)
            from tx in client.WithToken(t).Send(CheckTransactionByMd5.Create(Md5).OrNone(), ct)
            from paid in client.WithToken(t).WaitForPayment(Md5, deadline, Quick, cancellationToken: ct)
            select (PaidAtFirstCheck: tx.IsSome, Amount: paid.Map(p => p.Amount));

        var result = (await query.Run()).Succ();

        Assert.Equal((false, Prelude.Some(1.5m)), result);
        Assert.Equal(
            [(RenewToken.Path, null), (CheckTransactionByMd5.Path, $"Bearer {token}"), (CheckTransactionByMd5.Path, $"Bearer {token}"), (CheckTransactionByMd5.Path, $"Bearer {token}")],
            seen);
    }

    [Fact]
    public async Task Nothing_is_sent_until_the_query_runs_and_each_run_sends_again()
    {
        var renewals = 0;
        await using var server = await LoopbackServer.StartAsync(ctx =>
        {
            Interlocked.Increment(ref renewals);
            return Json(ctx, Envelopes.Token("fresh-token"));
        });
        var query = from t in Client(server.BaseUrl).Send(RenewToken.Create(Email))
                    select t.Reveal();

        Assert.Equal(0, Volatile.Read(ref renewals));
        Assert.Equal("fresh-token", (await query.Run()).Succ());
        Assert.Equal("fresh-token", (await query.Run()).Succ());
        Assert.Equal(2, Volatile.Read(ref renewals));
    }

    [Fact]
    public async Task A_failed_step_ends_the_query_with_its_error_and_later_steps_send_nothing()
    {
        var paths = new List<string>();
        await using var server = await LoopbackServer.StartAsync(ctx =>
        {
            lock (paths) paths.Add(ctx.Request.Path.Value!);
            return Json(ctx, Fixture.Failure(10, "Not registered yet"));
        });
        var client = Client(server.BaseUrl);

        var query =
            from t in client.Send(RenewToken.Create(Email))
            from tx in client.WithToken(t).Send(CheckTransactionByMd5.Create(Md5).OrNone())
            from paid in client.WithToken(t).WaitForPayment(Md5, DateTimeOffset.UtcNow.AddMinutes(1), Quick)
            select paid;

        var error = (await query.Run()).FailAs<BakongError.ApiFailure, Option<Transaction>>();

        Assert.Equal((ApiErrorCode.NotRegistered, "Not registered yet"), (error.ErrorCode, error.ResponseMessage));
        Assert.Equal([RenewToken.Path], paths);
    }

    public static TheoryData<string> FrontDoors => ["SendAsync", "Send", "LINQ query, while polling"];

    [Theory, MemberData(nameof(FrontDoors))]
    public async Task Cancelling_while_a_request_is_in_flight_is_cancelled_and_aborts_the_request_on_the_server(string door)
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackServer.StartAsync(async ctx =>
        {
            if (ctx.Request.Path == RenewToken.Path)
            {
                await Json(ctx, Envelopes.Token("fresh-token"));
                return;
            }
            arrived.TrySetResult();
            try
            {
                await Task.Delay(TimeSpan.FromMinutes(5), ctx.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                aborted.TrySetResult();
            }
        });
        var client = Client(server.BaseUrl);
        using var cts = new CancellationTokenSource();
        var ct = cts.Token;

        var running = door switch
        {
            "SendAsync" => client.WithToken(Envelopes.Access("t")).SendAsync(CheckTransactionByMd5.Create(Md5).OrNone(), ct),
            "Send" => client.WithToken(Envelopes.Access("t")).Send(CheckTransactionByMd5.Create(Md5).OrNone(), ct).Run().AsTask(),
            _ => (from t in client.Send(RenewToken.Create(Email), ct)
                  from paid in client.WithToken(t).WaitForPayment(Md5, DateTimeOffset.UtcNow.AddMinutes(5), Quick, cancellationToken: ct)
                  select paid).Run().AsTask(),
        };
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(running.IsCompleted);
        await cts.CancelAsync();

        var result = await running.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.IsType<BakongError.Cancelled>(result.Fail());
        // The server saw the connection go: the cancellation reached the socket, not just the caller's await.
        await aborted.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
