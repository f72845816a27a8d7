using Bakong.Functional.Diagnostics;
using LanguageExt;
namespace Bakong.Functional.Runner;

/// <summary>
/// Retries requests that declare themselves repeatable after a transient failure: a 429, a 5xx or errorCode 9 in the raw
/// answer, or a transport failure or timeout. The server's <c>Retry-After</c> replaces the schedule's wait, and no retry
/// goes out before it. Waits run on the client's <see cref="TimeProvider"/> and end at once on cancellation.
/// </summary>
internal sealed class RetryStage(RetryPolicy policy, TimeProvider clock, Func<double> random, Stage next) : Stage
{
    internal override ValueTask<Fin<BakongResponse>> Send(BakongRequest request, Call call) =>
        // A second request_token would send a second e-mail: only repeatable requests are retried.
        request.IsRepeatable ? Retrying(request, call) : next.Send(request, call);

    private async ValueTask<Fin<BakongResponse>> Retrying(BakongRequest request, Call call)
    {
        for (var attempts = 1; ; attempts++)
        {
            var result = await next.Send(request, call).ConfigureAwait(false);
            var (errorType, requested) = result.Case is BakongResponse response
                ? (ResponseFacts.Transient(response), ResponseFacts.RequestedWait(response))
                : result.ErrorOf() is { IsTransient: true } error ? (Telemetry.ErrorType(error), error.RequestedWait)
                : (null, Option<TimeSpan>.None);
            if (errorType is null)
                return result;
            var wait = policy.NextDelay(attempts, requested, random());
            if (wait.Case is not TimeSpan delay)
                return result;
            call.Scope?.Retrying(errorType, delay);
            try
            {
                await Task.Delay(delay, clock, call.CancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return new BakongError.Cancelled();
            }
        }
    }
}
