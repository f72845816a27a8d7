using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Bakong.Functional.DependencyInjection;

/// <summary>
/// Reads settings from configuration key by key instead of through the binder, so that a value that does not convert is a
/// problem naming its key (reported by <c>ValidateOnStart</c>), never the binder's exception, and durations take the forms
/// the <c>bakong</c> tool takes.
/// </summary>
internal sealed class SettingsReader(IConfiguration configuration, string prefix)
{
    /// <summary>What a duration key accepts, as every message says it.</summary>
    internal const string DurationForms = "a duration such as 500ms, 30s, 5m, 1h or 00:00:30";

    private delegate bool TryParse<T>(string text, out T value);

    /// <summary>Each key whose text did not convert, with what it accepts.</summary>
    public List<string> Problems { get; } = [];

    public void Text(string key, Action<string> set)
    {
        var text = configuration[key];
        if (text is not null)
            set(text);
    }

    public void Duration(string key, Action<TimeSpan> set) => Read(key, TryDuration, DurationForms, set);

    public void Int(string key, string expected, Action<int> set) =>
        Read(key, (string t, out int v) => int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out v), expected, set);

    public void Number(string key, string expected, Action<double> set) =>
        Read(key, (string t, out double v) => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out v), expected, set);

    public void Bool(string key, Action<bool> set) => Read(key, bool.TryParse, "true or false", set);

    public void Url(string key, Action<Uri> set) =>
        Read(key, (string t, out Uri v) => Uri.TryCreate(t, UriKind.RelativeOrAbsolute, out v!), "a URL such as https://api-bakong.nbc.gov.kh", set);

    /// <summary>A <see cref="ScheduleSettings"/> under <paramref name="key"/>, starting from <paramref name="current"/>.</summary>
    public ScheduleSettings Schedule(string key, ScheduleSettings? current)
    {
        var schedule = current ?? new ScheduleSettings();
        Duration($"{key}:InitialDelay", v => schedule.InitialDelay = v);
        Duration($"{key}:MaxDelay", v => schedule.MaxDelay = v);
        Number($"{key}:Factor", "a number from 1 to 100", v => schedule.Factor = v);
        Number($"{key}:Jitter", "a number from 0 to 1", v => schedule.Jitter = v);
        return schedule;
    }

    private void Read<T>(string key, TryParse<T> parse, string expected, Action<T> set)
    {
        var text = configuration[key];
        if (text is null)
            return;
        if (parse(text.Trim(), out var value))
            set(value);
        else
            Problems.Add($"{(prefix.Length == 0 ? key : $"{prefix}:{key}")}: '{text}' is not {expected}.");
    }

    /// <summary>
    /// <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>1h</c> (as the CLI takes them), or .NET's <c>[d.]hh:mm:ss[.fff]</c>. A bare
    /// number is refused: the binder reads <c>30</c> as thirty days, people mean thirty seconds.
    /// </summary>
    internal static bool TryDuration(string text, out TimeSpan value)
    {
        value = default;
        var s = text.Trim().ToLowerInvariant();
        var (number, seconds) = s.EndsWith("ms", StringComparison.Ordinal) ? (s[..^2], 0.001)
            : s.EndsWith('s') ? (s[..^1], 1.0)
            : s.EndsWith('m') ? (s[..^1], 60.0)
            : s.EndsWith('h') ? (s[..^1], 3600.0)
            : ((string?)null, 0.0);
        if (number is not null)
        {
            if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) || n * seconds > TimeSpan.MaxValue.TotalSeconds / 2)
                return false;
            value = TimeSpan.FromMilliseconds(Math.Round(n * seconds * 1000));
            return true;
        }
        return s.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out value);
    }
}
