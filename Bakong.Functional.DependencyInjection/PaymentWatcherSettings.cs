namespace Bakong.Functional.DependencyInjection;

/// <summary>
/// <see cref="PaymentWatcher"/> settings as they appear in configuration (for example the <c>"Bakong:Watcher"</c>
/// section). Plain settable properties for the configuration binder; they become <see cref="PaymentWatcherOptions"/>.
/// </summary>
/// <example>
/// <code>
/// "Bakong": {
///   "Watcher": { "Interval": "00:00:02", "MaxConcurrency": 8, "SingleLookupConcurrency": 4, "ListRetryDelay": "00:05:00" }
/// }
/// </code>
/// </example>
public sealed class PaymentWatcherSettings
{
    /// <summary>The configuration section read by default.</summary>
    public const string DefaultSectionName = "Bakong:Watcher";

    /// <summary>How often each pending payment is checked. Default 2 seconds.</summary>
    public TimeSpan Interval { get; set; } = PaymentWatcherOptions.Default.Interval;

    /// <summary>How many md5_list requests may be in flight at once. Default 8.</summary>
    public int MaxConcurrency { get; set; } = PaymentWatcherOptions.Default.MaxConcurrency;

    /// <summary>How many single lookups may be in flight at once while md5_list is blocked. Default 4.</summary>
    public int SingleLookupConcurrency { get; set; } = PaymentWatcherOptions.Default.SingleLookupConcurrency;

    /// <summary>How long to use single lookups after md5_list is blocked before trying it again. Default 5 minutes.</summary>
    public TimeSpan ListRetryDelay { get; set; } = PaymentWatcherOptions.Default.ListRetryDelay;

    /// <summary>The most payments watched at once. Default 100,000.</summary>
    public int MaxPending { get; set; } = PaymentWatcherOptions.Default.MaxPending;

    /// <summary>The waits after 5xx answers and transport failures.</summary>
    public ScheduleSettings Backoff { get; set; } = ScheduleSettings.From(PaymentWatcherOptions.Default.Backoff);

    /// <summary>The library options these settings describe.</summary>
    public PaymentWatcherOptions ToOptions() => new()
    {
        Interval = Interval,
        MaxConcurrency = MaxConcurrency,
        SingleLookupConcurrency = SingleLookupConcurrency,
        ListRetryDelay = ListRetryDelay,
        MaxPending = MaxPending,
        Backoff = (Backoff ?? new ScheduleSettings()).ToSchedule(),
    };
}
