using Bakong.Functional.Model;
using Bakong.Functional.Requests;
using Bakong.Functional.Runner;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace Bakong.Functional;

/// <summary>
/// Waiting for a KHQR to be paid, and confirming that what arrived is what it asked for. The md5 and the deadline come
/// from the payload; the transaction found is compared with the QR's receiving account, currency and amount.
/// </summary>
/// <remarks>
/// <para>
/// The answer is a <see cref="PaymentOutcome"/>. Only <see cref="PaymentOutcome.Paid"/> means the money asked for
/// arrived. A transaction for the QR that differs from it (underpaid, overpaid, another account or currency) is
/// <see cref="PaymentOutcome.Mismatch"/>, with each <see cref="PaymentDifference"/>. The other endings are
/// <see cref="PaymentOutcome.Failed"/> (errorCode 3), <see cref="PaymentOutcome.StaticQr"/> and
/// <see cref="PaymentOutcome.Expired"/>.
/// </para>
/// <para>
/// Errors stay in the <see cref="Fin{A}"/>: an invalid payload, a QR with no expiration and no deadline given, a refused
/// token, cancellation. So the waits here never answer <see cref="PaymentOutcome.Error"/>; only the
/// <see cref="PaymentWatcher"/> overloads do, since a watcher's task cannot fail.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// Fin&lt;PaymentOutcome&gt; outcome = await client.WaitForPaymentAsync(code, cancellationToken: ct);
/// var text = outcome.Match(
///     Succ: o => o.Match(
///         paid: p => $"paid {p.Transaction.Amount}",
///         mismatch: m => $"not what was asked: {string.Join(", ", m.Differences)}",
///         failed: f => $"failed: {f.Reason}",
///         staticQr: _ => "a static QR cannot be checked",
///         expired: e => $"not paid by {e.Deadline}",
///         unconfirmed: u => $"could not be confirmed by {u.Deadline}: reconcile by hand",
///         error: e => e.Reason.Summary),
///     Fail: e => BakongError.From(e).Summary);
/// </code>
/// </example>
public static class KhqrPayments
{
    /// <summary>
    /// Polls <c>check_transaction_by_md5</c> for this KHQR until it is paid, fails or expires, then checks the
    /// transaction against what the QR asked for.
    /// </summary>
    /// <param name="client">The client to check with; it needs a token.</param>
    /// <param name="code">The KHQR, as <see cref="Khqr.Encode"/> made it.</param>
    /// <param name="deadline">
    /// When to stop, if earlier than the QR's own expiration; required when the QR has none (older dynamic QRs carry
    /// only a creation time). At least one check is made even if the deadline has passed.
    /// </param>
    /// <param name="schedule">The waits between checks; null means <see cref="BackoffSchedule.PollingDefault"/>.</param>
    /// <param name="progress">Told about every check; exceptions it throws are ignored.</param>
    /// <param name="cancellationToken">Stops waiting at once, with <see cref="BakongError.Cancelled"/>.</param>
    /// <returns>
    /// The outcome; <see cref="PaymentOutcome.Unconfirmed"/> when the last check at the deadline was not heard. A static QR (no amount) is <see cref="PaymentOutcome.StaticQr"/> at once, without a request, since
    /// Bakong cannot check one by md5. Fails with <see cref="BakongError.InvalidInput"/>, before any request, when the
    /// payload is not a valid KHQR (each problem named <c>khqr.TAG</c>) or when there is no deadline.
    /// </returns>
    public static Task<Fin<PaymentOutcome>> WaitForPaymentAsync(
        this BakongClient? client, KhqrCode? code, Option<DateTimeOffset> deadline = default, BackoffSchedule? schedule = null,
        IProgress<PollAttempt>? progress = null, CancellationToken cancellationToken = default) =>
        client.WaitForPaymentAsync(code is null ? null : Khqr.Decode(code.Payload), deadline, schedule, progress, cancellationToken);

    /// <summary>
    /// The same for a payload read with <see cref="Khqr.Decode"/>, such as one scanned or received as text:
    /// <c>client.WaitForPaymentAsync(Khqr.Decode(payload))</c>.
    /// </summary>
    /// <param name="client">The client to check with; it needs a token.</param>
    /// <param name="qr">The decoded payload; one that is not valid fails with <see cref="BakongError.InvalidInput"/> before any request.</param>
    /// <param name="deadline">When to stop, if earlier than the QR's expiration; required when the QR has none.</param>
    /// <param name="schedule">The waits between checks; null means <see cref="BackoffSchedule.PollingDefault"/>.</param>
    /// <param name="progress">Told about every check; exceptions it throws are ignored.</param>
    /// <param name="cancellationToken">Stops waiting at once, with <see cref="BakongError.Cancelled"/>.</param>
    public static async Task<Fin<PaymentOutcome>> WaitForPaymentAsync(
        this BakongClient? client, KhqrDecoded? qr, Option<DateTimeOffset> deadline = default, BackoffSchedule? schedule = null,
        IProgress<PollAttempt>? progress = null, CancellationToken cancellationToken = default)
    {
        if (!Plan(client, qr, deadline, schedule).TrySucc(out var plan, out var invalid))
            return invalid;
        var (expected, until) = plan;
        // Bakong answers errorCode 2 for any static QR's md5: there is nothing to wait for. Only a static QR has no end.
        if (IsStatic(qr!, expected) || !until.TrySome(out var stop))
            return new PaymentOutcome.StaticQr();
        var poll = await client.PollAsync(CheckTransactionByMd5.Create(qr!.Md5).OrNone(), stop, schedule, progress, cancellationToken).ConfigureAwait(false);
        return poll.Heard || !poll.Result.TryFail(out var unheard)
            ? Outcome(poll.Result, expected, stop)
            : new PaymentOutcome.Unconfirmed(UnconfirmedReason.NotHeard, stop, Some(BakongError.From(unheard)), poll.Untrusted);
    }

    /// <summary>The same as <see cref="WaitForPaymentAsync(BakongClient, KhqrCode, Option{DateTimeOffset}, BackoffSchedule, IProgress{PollAttempt}, CancellationToken)"/>, as an effect for LINQ over <see cref="LanguageExt.Aff{A}"/>.</summary>
    public static Aff<PaymentOutcome> WaitForPayment(
        this BakongClient? client, KhqrCode? code, Option<DateTimeOffset> deadline = default, BackoffSchedule? schedule = null,
        IProgress<PollAttempt>? progress = null, CancellationToken cancellationToken = default) =>
        Effect.Of(() => client.WaitForPaymentAsync(code, deadline, schedule, progress, cancellationToken));

    /// <summary>The same as <see cref="WaitForPaymentAsync(BakongClient, KhqrDecoded, Option{DateTimeOffset}, BackoffSchedule, IProgress{PollAttempt}, CancellationToken)"/>, as an effect for LINQ over <see cref="LanguageExt.Aff{A}"/>.</summary>
    public static Aff<PaymentOutcome> WaitForPayment(
        this BakongClient? client, KhqrDecoded? qr, Option<DateTimeOffset> deadline = default, BackoffSchedule? schedule = null,
        IProgress<PollAttempt>? progress = null, CancellationToken cancellationToken = default) =>
        Effect.Of(() => client.WaitForPaymentAsync(qr, deadline, schedule, progress, cancellationToken));

    /// <summary>
    /// Starts watching this KHQR on <paramref name="watcher"/>: its md5, until its expiration (or
    /// <paramref name="deadline"/>, if earlier), expecting its receiving account, currency and amount.
    /// </summary>
    /// <param name="watcher">The watcher to add it to.</param>
    /// <param name="code">The KHQR, as <see cref="Khqr.Encode"/> made it.</param>
    /// <param name="deadline">When to stop, if earlier than the QR's expiration; required when the QR has none.</param>
    /// <returns>
    /// The outcome, which never faults: an invalid payload or a missing deadline is <see cref="PaymentOutcome.Error"/>
    /// with <see cref="BakongError.InvalidInput"/>, and a static QR is <see cref="PaymentOutcome.StaticQr"/> at once.
    /// </returns>
    /// <example><code>Task&lt;PaymentOutcome&gt; outcome = watcher.Watch(code);</code></example>
    public static Task<PaymentOutcome> Watch(this PaymentWatcher? watcher, KhqrCode? code, Option<DateTimeOffset> deadline = default) =>
        watcher.Watch(code is null ? null : Khqr.Decode(code.Payload), deadline);

    /// <summary>The same for a payload read with <see cref="Khqr.Decode"/>: <c>watcher.Watch(Khqr.Decode(payload))</c>.</summary>
    /// <param name="watcher">The watcher to add it to.</param>
    /// <param name="qr">The decoded payload.</param>
    /// <param name="deadline">When to stop, if earlier than the QR's expiration; required when the QR has none.</param>
    public static Task<PaymentOutcome> Watch(this PaymentWatcher? watcher, KhqrDecoded? qr, Option<DateTimeOffset> deadline = default)
    {
        var v = new Validator();
        v.Required("watcher", watcher);
        if (!Plan(v, qr, deadline).TrySucc(out var plan, out var invalid))
            return Task.FromResult<PaymentOutcome>(new PaymentOutcome.Error(BakongError.From(invalid)));
        var (expected, until) = plan;
        // Only a static QR has no end.
        if (IsStatic(qr!, expected) || !until.TrySome(out var stop))
            return Task.FromResult<PaymentOutcome>(new PaymentOutcome.StaticQr());
        return watcher!.Watch(qr!.Md5, stop, expected);
    }

    /// <summary>A static QR, a fixed-price sticker included, cannot be checked by md5: Bakong answers errorCode 2.</summary>
    private static bool IsStatic(KhqrDecoded qr, ExpectedPayment expected) =>
        expected.Amount.IsNone || qr.Initiation.Case is KhqrInitiation i && i == KhqrInitiation.Static;

    /// <summary>Every input checked before any request, all problems at once: the client's and schedule's, then the QR's.</summary>
    private static Fin<(ExpectedPayment Expected, Option<DateTimeOffset> Until)> Plan(
        BakongClient? client, KhqrDecoded? qr, Option<DateTimeOffset> deadline, BackoffSchedule? schedule)
    {
        var v = new Validator();
        if (v.Required("client", client))
            v.Part(null, (schedule ?? BackoffSchedule.PollingDefault).Validate());
        return Plan(v, qr, deadline);
    }

    /// <summary>What to expect of the QR, and until when (None only for a static QR), after what <paramref name="v"/> found before.</summary>
    private static Fin<(ExpectedPayment Expected, Option<DateTimeOffset> Until)> Plan(Validator v, KhqrDecoded? qr, Option<DateTimeOffset> deadline)
    {
        if (!v.Required("khqr", qr))
            return v.Failure;
        v.Part(null, qr!.ToFin());
        var expected = qr.ExpectedPayment;
        if (v.IsValid)
            v.Ensure(expected.IsSome, "khqr", "a receiving account and a currency");
        var until = Earliest(qr.ExpiresAt, deadline);
        v.Ensure(qr.Amount.IsNone || until.IsSome, "deadline", "is required: the QR carries no expiration (tag 99.01)");
        return v.IsValid && expected.TrySome(out var payment) ? (payment, until) : v.Failure;
    }

    private static Option<DateTimeOffset> Earliest(Option<DateTimeOffset> a, Option<DateTimeOffset> b) =>
        a.Case is DateTimeOffset x && b.Case is DateTimeOffset y ? (x <= y ? x : y) : a.IsSome ? a : b;

    /// <summary>What the wait found, as an outcome: a transaction is confirmed against the QR, never taken as paid on sight.</summary>
    private static Fin<PaymentOutcome> Outcome(Fin<Option<Transaction>> found, ExpectedPayment expected, DateTimeOffset deadline) =>
        found.Match(
            Succ: transaction => transaction.Match(
                Some: t => Fin<PaymentOutcome>.Succ(PaymentOutcome.Of(t, expected)),
                None: () => Fin<PaymentOutcome>.Succ(new PaymentOutcome.Expired(deadline))),
            Fail: error => BakongError.From(error) switch
            {
                BakongError.ApiFailure { ErrorCode: ApiErrorCode.TransactionFailed } f => Fin<PaymentOutcome>.Succ(new PaymentOutcome.Failed(f.ResponseMessage)),
                BakongError.ApiFailure { ErrorCode: ApiErrorCode.StaticQrNotSupported } => Fin<PaymentOutcome>.Succ(new PaymentOutcome.StaticQr()),
                var other => Fin<PaymentOutcome>.Fail(other),
            });
}
