using Bakong.Functional.Endpoints;
using LanguageExt;

namespace Bakong.Functional;

/// <summary>How a <see cref="PaymentWatcher"/> paces its checks. Every setting has a default; <see cref="Validate"/> names each bad one.</summary>
/// <example>
/// <code>
/// var options = new PaymentWatcherOptions { Interval = TimeSpan.FromSeconds(3), MaxConcurrency = 4 };
/// </code>
/// </example>
public sealed record PaymentWatcherOptions
{
    /// <summary>The default options.</summary>
    public static PaymentWatcherOptions Default { get; } = new();

    /// <summary>
    /// How often each pending payment is checked. Default 2 seconds. A payment is seen at most one interval (plus one
    /// round trip) after Bakong has it. 10 ms to 1 hour.
    /// </summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How many md5_list requests (of up to 50 md5s each) may be in flight at once. Default 8; 1 to 256.</summary>
    public int MaxConcurrency { get; init; } = 8;

    /// <summary>
    /// How many single check_transaction_by_md5 lookups may be in flight at once while md5_list is refused with a
    /// non-JSON 403 (<see cref="BakongError.Blocked"/>). Default 4; 1 to 64.
    /// </summary>
    public int SingleLookupConcurrency { get; init; } = 4;

    /// <summary>After md5_list is refused with a non-JSON 403, how long to use single lookups before trying md5_list again. Default 5 minutes; zero to one day.</summary>
    public TimeSpan ListRetryDelay { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The waits after 5xx answers, transport failures and timeouts without a <c>Retry-After</c>, growing while failures
    /// go on. A 429 without <c>Retry-After</c> pauses every request for the same wait. Default 1 s, doubling, at most 60 s, ±20%.
    /// </summary>
    public BackoffSchedule Backoff { get; init; } = new(TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(60), 0.2);

    /// <summary>The most payments watched at once; more are refused with <see cref="BakongError.InvalidInput"/>. Default 100,000; 1 to 10,000,000.</summary>
    public int MaxPending { get; init; } = 100_000;

    /// <summary>Checks every setting, naming each bad one by its property name.</summary>
    public Fin<PaymentWatcherOptions> Validate()
    {
        var v = new Validator();
        v.Ensure(Interval >= TimeSpan.FromMilliseconds(10) && Interval <= TimeSpan.FromHours(1), nameof(Interval), "must be 10 milliseconds to 1 hour");
        v.Ensure(MaxConcurrency is >= 1 and <= 256, nameof(MaxConcurrency), "must be 1 to 256");
        v.Ensure(SingleLookupConcurrency is >= 1 and <= 64, nameof(SingleLookupConcurrency), "must be 1 to 64");
        v.Ensure(ListRetryDelay >= TimeSpan.Zero && ListRetryDelay <= TimeSpan.FromDays(1), nameof(ListRetryDelay), "must be zero to one day");
        if (v.Required(nameof(Backoff), Backoff))
            v.Part(nameof(Backoff), Backoff.Validate());
        v.Ensure(MaxPending is >= 1 and <= 10_000_000, nameof(MaxPending), "must be 1 to 10,000,000");
        return v.Result(this);
    }
}
