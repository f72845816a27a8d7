using LanguageExt;
namespace Bakong.Functional.Runner;

/// <summary>
/// Gives each attempt at most <paramref name="timeout"/>, from sending to the last byte of the body, on the client's
/// clock. A cancellation that came from the deadline rather than the caller is reported as <see cref="BakongError.Timeout"/>.
/// </summary>
internal sealed class DeadlineStage(TimeSpan timeout, TimeProvider clock, Stage next) : Stage
{
    // A source whose deadline did not fire is reset and used again (as Kestrel does): a call then allocates no timer.
    private CancellationTokenSource? spare;

    internal override async ValueTask<Fin<BakongResponse>> Send(BakongRequest request, Call call)
    {
        if (call.CancellationToken.IsCancellationRequested)
            return new BakongError.Cancelled();
        // A caller's token that can never fire needs no link: one timed source does it all.
        var deadline = call.CancellationToken.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(call.CancellationToken)
            : Interlocked.Exchange(ref spare, null) ?? new CancellationTokenSource();
        try
        {
            // On the system clock the source times itself; a fake clock needs a timer of its own.
            using var timer = clock == TimeProvider.System ? null : new CancellationTokenSource(timeout, clock);
            using var registration = timer?.Token.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), deadline) ?? default;
            if (timer is null)
                deadline.CancelAfter(timeout);
            var result = await next.Send(request, call with { CancellationToken = deadline.Token }).ConfigureAwait(false);
            return result.IsFail && result.ErrorOf() is BakongError.Cancelled && !call.CancellationToken.IsCancellationRequested
                ? new BakongError.Timeout(timeout)
                : result;
        }
        finally
        {
            // A linked source stays tied to the caller's token, and a fired one cannot be reset: those are disposed.
            if (call.CancellationToken.CanBeCanceled || !deadline.TryReset() || Interlocked.CompareExchange(ref spare, deadline, null) is not null)
                deadline.Dispose();
        }
    }
}
