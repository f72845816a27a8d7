using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Bakong.Functional.Reliability.Tests.Support;

/// <summary>
/// The figures the suite measures, printed through xunit's output and kept in <c>bin/reliability-figures.txt</c>
/// so the README can quote exactly what a run printed.
/// </summary>
public static class Figures
{
    private static readonly ConcurrentDictionary<string, string> Values = new(StringComparer.Ordinal);
    private static readonly object FileGate = new();

    /// <summary>The project's bin/ folder (the test assembly runs from bin/&lt;config&gt;/&lt;tfm&gt;/).</summary>
    public static string FilePath { get; } =
        Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "reliability-figures.txt"));

    public static void Record(ITestOutputHelper output, string name, FormattableString value)
    {
        var text = value.ToString(CultureInfo.InvariantCulture);
        Values[name] = text;
        output.WriteLine($"FIGURE {name}: {text}");
        Console.WriteLine($"FIGURE {name}: {text}");
        lock (FileGate)
        {
            var sb = new StringBuilder();
            sb.AppendLine(CultureInfo.InvariantCulture, $"# Bakong.Functional reliability figures ({(LoadSettings.Full ? "full" : "short")} form, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription})");
            foreach (var (k, v) in Values.OrderBy(p => p.Key, StringComparer.Ordinal))
                sb.AppendLine(CultureInfo.InvariantCulture, $"{k}: {v}");
            File.WriteAllText(FilePath, sb.ToString());
        }
    }

    public static string Mb(long bytes) => (bytes / 1048576.0).ToString("0.00", CultureInfo.InvariantCulture) + " MB";
}

/// <summary>The load test's size: short in CI, the issue's full 10,000 calls with <c>BAKONG_FULL_LOAD=1</c>.</summary>
public static class LoadSettings
{
    public static bool Full => Environment.GetEnvironmentVariable("BAKONG_FULL_LOAD") == "1";
}
