namespace Bakong.Functional.DependencyInjection;

/// <summary>
/// Bakong client settings as they appear in configuration (for example the <c>"Bakong"</c> section of appsettings.json).
/// Plain settable properties, so the configuration binder can fill them; they become <see cref="BakongClientOptions"/>.
/// </summary>
/// <example>
/// <code>
/// "Bakong": {
///   "Environment": "Sit",
///   "Email": "shop@example.com",
///   "Token": "eyJhbGciOi…",
///   "Timeout": "00:00:20",
///   "Retry": { "MaxAttempts": 4 }
/// }
/// </code>
/// </example>
public sealed class BakongSettings
{
    /// <summary>The configuration section read by default.</summary>
    public const string DefaultSectionName = "Bakong";

    /// <summary>A host preset: <c>"Production"</c> (default) or <c>"Sit"</c>. Ignored when <see cref="BaseUrl"/> is set.</summary>
    public string? Environment { get; set; }

    /// <summary>The host's base URL, overriding <see cref="Environment"/>.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>The access token. With <see cref="Email"/> set it is only the starting token, renewed as it nears expiry.</summary>
    public string? Token { get; set; }

    /// <summary>The e-mail registered with Bakong; when set, tokens renew themselves through renew_token.</summary>
    public string? Email { get; set; }

    /// <summary>How long before expiry the token is renewed. Default one day.</summary>
    public TimeSpan RenewalMargin { get; set; } = RenewingAccessTokenSource.DefaultRenewalMargin;

    /// <summary>How long one call may take. Default 30 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of read-only calls after transient failures.</summary>
    public RetrySettings Retry { get; set; } = new();
}

/// <summary>A <see cref="BackoffSchedule"/> as configuration.</summary>
public sealed class ScheduleSettings
{
    /// <summary>The first wait.</summary>
    public TimeSpan InitialDelay { get; set; }

    /// <summary>How much each wait grows over the last.</summary>
    public double Factor { get; set; } = 1;

    /// <summary>The longest wait.</summary>
    public TimeSpan MaxDelay { get; set; }

    /// <summary>The relative random spread, 0 to 1.</summary>
    public double Jitter { get; set; }

    /// <summary>The schedule these settings describe.</summary>
    public BackoffSchedule ToSchedule() => new(InitialDelay, Factor, MaxDelay, Jitter);

    internal static ScheduleSettings From(BackoffSchedule schedule) => new()
    {
        InitialDelay = schedule.InitialDelay,
        Factor = schedule.Factor,
        MaxDelay = schedule.MaxDelay,
        Jitter = schedule.Jitter,
    };
}

/// <summary>A <see cref="RetryPolicy"/> as configuration.</summary>
public sealed class RetrySettings
{
    /// <summary>Whether read-only calls are retried at all. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Attempts in all, the first included. Default 3.</summary>
    public int MaxAttempts { get; set; } = RetryPolicy.Default.MaxAttempts;

    /// <summary>The longest <c>Retry-After</c> honoured. Default one minute.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = RetryPolicy.Default.MaxRetryAfter;

    /// <summary>The waits between attempts.</summary>
    public ScheduleSettings Schedule { get; set; } = ScheduleSettings.From(BackoffSchedule.RetryDefault);

    /// <summary>The policy these settings describe; <see cref="RetryPolicy.None"/> when disabled.</summary>
    public RetryPolicy ToPolicy() =>
        Enabled ? new RetryPolicy(MaxAttempts, (Schedule ?? new ScheduleSettings()).ToSchedule(), MaxRetryAfter) : RetryPolicy.None;
}
