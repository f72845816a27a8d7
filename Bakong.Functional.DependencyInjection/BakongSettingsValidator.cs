using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Bakong.Functional.DependencyInjection;

/// <summary>
/// Checks <see cref="BakongSettings"/> at startup (with <c>ValidateOnStart</c>), naming each bad configuration key and the
/// values it accepts. Raw configuration text that cannot even be converted (<c>Bakong:Timeout=abc</c>) is reported here
/// too, instead of surfacing as the binder's exception on the first request.
/// </summary>
internal sealed class BakongSettingsValidator(IConfiguration? configuration, string section) : IValidateOptions<BakongSettings>
{
    private const string Duration = "a duration such as 00:00:30";

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, BakongSettings options)
    {
        var problems = RawProblems(configuration, section);
        if (problems.Count == 0)
            problems = SettingProblems(options, section);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>Keys whose text does not convert to the setting's type; binding them would throw.</summary>
    internal static List<string> RawProblems(IConfiguration? configuration, string section)
    {
        var problems = new List<string>();
        if (configuration is null)
            return problems;
        void Check(string key, Func<string, bool> parses, string expected)
        {
            var text = configuration[key];
            if (text is not null && !parses(text))
                problems.Add($"{section}:{key}: '{text}' is not {expected}.");
        }
        static bool IsDuration(string t) => TimeSpan.TryParse(t, CultureInfo.InvariantCulture, out _);
        static bool IsInt(string t) => int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out _);
        static bool IsNumber(string t) => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
        static bool IsBool(string t) => bool.TryParse(t, out _);
        Check("BaseUrl", t => Uri.TryCreate(t, UriKind.RelativeOrAbsolute, out _), "a URL such as https://api-bakong.nbc.gov.kh");
        Check("Timeout", IsDuration, Duration);
        Check("RenewalMargin", IsDuration, "a duration such as 1.00:00:00");
        Check("Retry:Enabled", IsBool, "true or false");
        Check("Retry:MaxAttempts", IsInt, "a whole number from 1 to 100");
        Check("Retry:MaxRetryAfter", IsDuration, Duration);
        foreach (var schedule in new[] { "Retry:Schedule", "Poll" })
        {
            Check($"{schedule}:InitialDelay", IsDuration, Duration);
            Check($"{schedule}:MaxDelay", IsDuration, Duration);
            Check($"{schedule}:Factor", IsNumber, "a number from 1 to 100");
            Check($"{schedule}:Jitter", IsNumber, "a number from 0 to 1");
        }
        return problems;
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
        if (!string.IsNullOrEmpty(s.Email) && RenewToken.Create(s.Email).IsFail)
            problems.Add($"{section}:Email: must be the e-mail registered with Bakong, such as shop@example.com, at most 30 characters.");
        if (s.Timeout <= TimeSpan.Zero || s.Timeout > TimeSpan.FromDays(1))
            problems.Add($"{section}:Timeout: must be more than zero and at most one day, such as 00:00:30.");
        if (s.RenewalMargin < TimeSpan.Zero || s.RenewalMargin > TimeSpan.FromDays(365))
            problems.Add($"{section}:RenewalMargin: must be zero to 365 days, such as 1.00:00:00.");
        if (s.Retry is { Enabled: true } retry)
            retry.ToPolicy().Validate().IfFail(e => problems.AddRange(Keys(e, $"{section}:Retry")));
        (s.Poll ?? ScheduleSettings.From(BackoffSchedule.PollingDefault)).ToSchedule().Validate()
            .IfFail(e => problems.AddRange(Keys(e, $"{section}:Poll")));
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
