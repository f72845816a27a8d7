using LanguageExt;
namespace Bakong.Functional.Runner;

/// <summary>
/// Gives each attempt at most <paramref name="timeout"/>, from sending to the last byte of the body, on the client's
/// clock. A cancellation that came from the deadline rather than the caller is reported as <see cref="BakongError.Timeout"/>.
/// </summary>
internal sealed class DeadlineStage(TimeSpan timeout, TimeProvider clock, Stage next) : Stage
{
    internal override async ValueTask<Fin<BakongResponse>> Send(BakongRequest request, Call call)
    {
        if (call.CancellationToken.IsCancellationRequested)
            return new BakongError.Cancelled();
        // A caller's token that can never fire needs no link: one timed source does it all.
        using var linked = call.CancellationToken.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(call.CancellationToken)
            : new CancellationTokenSource();
        // On the system clock the source times itself; a fake clock needs a timer of its own.
        using var timer = clock == TimeProvider.System ? null : new CancellationTokenSource(timeout, clock);
        using var registration = timer?.Token.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), linked) ?? default;
        if (timer is null)
            linked.CancelAfter(timeout);
        var result = await next.Send(request, call with { CancellationToken = linked.Token }).ConfigureAwait(false);
        return result.IsFail && result.ErrorOf() is BakongError.Cancelled && !call.CancellationToken.IsCancellationRequested
            ? new BakongError.Timeout(timeout)
            : result;
    }
}
