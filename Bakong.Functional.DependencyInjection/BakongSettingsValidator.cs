using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Bakong.Functional.DependencyInjection;

/// <summary>
/// Checks <see cref="BakongSettings"/> at startup (with <c>ValidateOnStart</c>), naming each bad configuration key and the
/// values it accepts. Configuration text that does not convert (<c>Bakong:Timeout=abc</c>) is reported here too, never
/// as the binder's exception.
/// </summary>
internal sealed class BakongSettingsValidator(IConfiguration? configuration, string section) : IValidateOptions<BakongSettings>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, BakongSettings options)
    {
        var problems = RawProblems(configuration, section);
        if (problems.Count == 0)
            problems = SettingProblems(options, section);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>Keys whose text does not convert to the setting's type, each named with what it accepts.</summary>
    internal static List<string> RawProblems(IConfiguration? configuration, string section)
    {
        if (configuration is null)
            return [];
        var reader = new SettingsReader(configuration, section);
        Read(reader, new BakongSettings());
        // The client no longer carries a poll schedule; a setting that would be ignored in silence is named instead.
        if (configuration.GetSection("Poll").Exists())
            reader.Problems.Add($"{section}:Poll: is no longer read: pass the schedule to the poll itself (WaitForPaymentAsync(…, schedule: …)).");
        return reader.Problems;
    }

    /// <summary>Fills <paramref name="settings"/> from the keys whose text converts; <see cref="SettingsReader.Problems"/> names the others.</summary>
    internal static void Read(SettingsReader r, BakongSettings settings)
    {
        r.Text("Environment", v => settings.Environment = v);
        r.Url("BaseUrl", v => settings.BaseUrl = v);
        r.Text("Token", v => settings.Token = v);
        r.Text("Email", v => settings.Email = v);
        r.Duration("RenewalMargin", v => settings.RenewalMargin = v);
        r.Duration("Timeout", v => settings.Timeout = v);
        var retry = settings.Retry ??= new RetrySettings();
        r.Bool("Retry:Enabled", v => retry.Enabled = v);
        r.Int("Retry:MaxAttempts", "a whole number from 1 to 100", v => retry.MaxAttempts = v);
        r.Duration("Retry:MaxRetryAfter", v => retry.MaxRetryAfter = v);
        retry.Schedule = r.Schedule("Retry:Schedule", retry.Schedule);
    }

    /// <summary>Settings that converted but break a rule, each named by its configuration key.</summary>
    internal static List<string> SettingProblems(BakongSettings s, string section)
    {
        var problems = new List<string>();
        if (s.BaseUrl is null && !string.IsNullOrWhiteSpace(s.Environment) && !IsPreset(s.Environment))
            problems.Add($"{section}:Environment: '{s.Environment}' is not a Bakong environment; use Production or Sit, or set {section}:BaseUrl.");
        if (s.BaseUrl is { } url && (!url.IsAbsoluteUri || !(url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback))))
            problems.Add($"{section}:BaseUrl: must be an absolute https URL such as https://api-bakong.nbc.gov.kh (plain http only on loopback).");
        // The token's value is a secret: the message never repeats it.
        if (!string.IsNullOrEmpty(s.Token) && AccessToken.From(s.Token).IsFail)
            problems.Add($"{section}:Token: is not a bearer token (letters, digits and -._~+/ then optional = padding); the value is not shown.");
        if (string.IsNullOrWhiteSpace(s.Token) && string.IsNullOrWhiteSpace(s.Email))
            problems.Add($"{section}:Token: is not set: payment checks need an access token; set {section}:Token, or {section}:Email to renew one.");
        if (!string.IsNullOrEmpty(s.Email) && RenewToken.Create(s.Email).IsFail)
            problems.Add($"{section}:Email: must be the e-mail registered with Bakong, such as shop@example.com, at most 30 characters.");
        if (s.Timeout <= TimeSpan.Zero || s.Timeout > TimeSpan.FromDays(1))
            problems.Add($"{section}:Timeout: must be more than zero and at most one day, such as 30s or 00:00:30.");
        if (s.RenewalMargin < TimeSpan.Zero || s.RenewalMargin > TimeSpan.FromDays(365))
            problems.Add($"{section}:RenewalMargin: must be zero to 365 days, such as 24h or 1.00:00:00.");
        if (s.Retry is { Enabled: true } retry)
            retry.ToPolicy().Validate().IfFail(e => problems.AddRange(Keys(e, $"{section}:Retry")));
        return problems;
    }

    internal static bool IsPreset(string? name) =>
        string.IsNullOrWhiteSpace(name)
        || name.Equals("Production", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Sit", StringComparison.OrdinalIgnoreCase);

    /// <summary>The library's field errors as configuration keys: <c>Schedule.MaxDelay</c> under Retry becomes <c>Bakong:Retry:Schedule:MaxDelay</c>.</summary>
    private static IEnumerable<string> Keys(LanguageExt.Common.Error error, string prefix) =>
        error is BakongError.InvalidInput invalid
            ? invalid.Errors.Map(f => $"{prefix}:{f.Field.Replace('.', ':')}: {f.Reason}.")
            : [$"{prefix}: {error.Message}."];
}
