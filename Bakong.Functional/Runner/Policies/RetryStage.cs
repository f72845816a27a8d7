using LanguageExt;
using LanguageExt.Common;
namespace Bakong.Functional.Runner;

/// <summary>
/// Retries endpoints that declare themselves repeatable after a transient failure (429, 5xx, transport, timeout,
/// errorCode 9). The server's <c>Retry-After</c> replaces the schedule's wait, and no retry goes out before it. Waits run on
/// the client's <see cref="TimeProvider"/> and end at once on cancellation.
/// </summary>
internal sealed class RetryStage(RetryPolicy policy, TimeProvider clock, Func<double> random, Stage next) : Stage
{
    internal override async ValueTask<Fin<A>> Send<A>(Endpoint<A> endpoint, Call call)
    {
        for (var attempts = 1; ; attempts++)
        {
            var result = await next.Send(endpoint, call).ConfigureAwait(false);
            // A second request_token would send a second e-mail: only repeatable requests are retried.
            if (!result.IsFail || !endpoint.Request.IsRepeatable)
                return result;
            var error = BakongError.From((Error)result);
            var wait = policy.NextDelay(attempts, error, random());
            if (wait.IsNone)
                return result;
            call.Scope?.Retrying(error, (TimeSpan)wait);
            try
            {
                await Task.Delay((TimeSpan)wait, clock, call.CancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return new BakongError.Cancelled();
            }
        }
    }
}
