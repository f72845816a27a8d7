using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Bakong.Functional.Benchmarks;

/// <summary>How many Bakong calls (or keys) one benchmark invocation makes, for the Calls/s column.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class CallsAttribute(int count) : Attribute
{
    public int Count { get; } = count;
}

/// <summary>Calls per second, from the mean time of an invocation and its <see cref="CallsAttribute"/>.</summary>
public sealed class CallsPerSecondColumn : IColumn
{
    public string Id => nameof(CallsPerSecondColumn);
    public string ColumnName => "Calls/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Bakong calls (or keys) completed per second";
    public bool IsDefault(Summary summary, BenchmarkDotNet.Running.BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
    public string GetValue(Summary summary, BenchmarkDotNet.Running.BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkDotNet.Running.BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var calls = benchmarkCase.Descriptor.WorkloadMethod.GetCustomAttributes(typeof(CallsAttribute), false).OfType<CallsAttribute>().FirstOrDefault()?.Count ?? 1;
        var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        return mean is > 0 ? (calls / (mean.Value / 1e9)).ToString("N0", CultureInfo.InvariantCulture) : "-";
    }
}

/// <summary>Adds the Calls/s column to the throughput table.</summary>
public sealed class ThroughputConfig : ManualConfig
{
    public ThroughputConfig() => AddColumn(new CallsPerSecondColumn());
}

public static class Program
{
    /// <summary>
    /// Runs every benchmark in one go and prints the tables. Arguments go to BenchmarkDotNet,
    /// for example <c>--filter *Decode*</c> or <c>--job dry</c>.
    /// </summary>
    public static void Main(string[] args)
    {
        // One table per class, each against its own baseline. Client and server share the cores on loopback, so
        // 20 iterations average out scheduling noise; a --job given on the command line (such as dry) wins.
        var config = DefaultConfig.Instance.WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Value));
        if (!args.Contains("--job"))
            config = config.AddJob(Job.Default.WithWarmupCount(5).WithIterationCount(20).AsDefault());
        // Everything unless a filter is given, so the run never stops to ask.
        var all = args.Contains("--filter") ? args : [.. args, "--filter", "*"];
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(all, config);
    }
}
