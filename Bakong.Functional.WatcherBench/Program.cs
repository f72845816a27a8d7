using System.Globalization;
using Bakong.Functional.WatcherBench;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

// The payment watcher's figures. Not part of any test run.
//   dotnet run -c Release --project Bakong.Functional.WatcherBench -- lookup     emulator lookup cost, 1 vs 10,000 seeded (BenchmarkDotNet)
//   dotnet run -c Release --project Bakong.Functional.WatcherBench -- memory     bytes per pending payment, watcher vs one polling loop each
//   dotnet run -c Release --project Bakong.Functional.WatcherBench -- load [--pending N] [--mode watcher|polling|both]
//        [--interval S] [--delay MS] [--duration S] [--concurrency N] [--seed N]
//                                                                              the load run against an emulator in its own process
//   dotnet run -c Release --project Bakong.Functional.WatcherBench -- all      memory, then load for 1,000 and 10,000 pending, both modes
var command = args.Length > 0 ? args[0] : "all";
var rest = args.Skip(1).ToArray();
switch (command)
{
    case "serve":
        return await LoadServer.Serve(rest);
    case "lookup":
        return Lookup(rest);
    case "memory":
        await MemoryFigures.Print();
        return 0;
    case "load":
        await LoadRun.PrintHeader();
        foreach (var mode in Modes(rest))
            await LoadRun.Run(Settings(rest, mode));
        return 0;
    case "all":
        await MemoryFigures.Print();
        Console.WriteLine();
        await LoadRun.PrintHeader();
        foreach (var pending in new[] { 1_000, 10_000 })
            foreach (var mode in new[] { "watcher", "polling" })
                await LoadRun.Run(Settings(rest, mode) with { Pending = pending });
        return 0;
    default:
        Console.Error.WriteLine($"unknown command {command}: lookup, memory, load or all");
        return 2;
}

static int Lookup(string[] args)
{
    var config = DefaultConfig.Instance;
    if (!args.Contains("--job"))
        config = config.AddJob(Job.Default.WithWarmupCount(5).WithIterationCount(30).AsDefault());
    var summaries = BenchmarkSwitcher.FromTypes([typeof(LookupBenchmarks)]).Run(args.Contains("--filter") ? args : [.. args, "--filter", "*"], config);
    Console.WriteLine();
    Console.WriteLine("| Lookup | median, 1 seeded | median, 10,000 seeded | 10,000 / 1 |");
    Console.WriteLine("|---|---:|---:|---:|");
    foreach (var summary in summaries)
    {
        foreach (var group in summary.Reports.GroupBy(r => r.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo))
        {
            double? Median(int seeded) => group.FirstOrDefault(r => Equals(r.BenchmarkCase.Parameters["Seeded"], seeded))?.ResultStatistics?.Median;
            var one = Median(1);
            var many = Median(10_000);
            if (one is > 0 && many is > 0)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {group.Key.Trim('\'')} | {one / 1000:0.00} µs | {many / 1000:0.00} µs | {many / one:0.000} |"));
        }
    }
    return 0;
}

static IEnumerable<string> Modes(string[] args) => Arg(args, "--mode", "both") switch
{
    "watcher" => ["watcher"],
    "polling" => ["polling"],
    _ => ["watcher", "polling"],
};

static LoadSettings Settings(string[] args, string mode) => new(
    Mode: mode,
    Pending: int.Parse(Arg(args, "--pending", "1000"), CultureInfo.InvariantCulture),
    Interval: TimeSpan.FromSeconds(double.Parse(Arg(args, "--interval", "2"), CultureInfo.InvariantCulture)),
    NetworkDelay: TimeSpan.FromMilliseconds(double.Parse(Arg(args, "--delay", "30"), CultureInfo.InvariantCulture)),
    Duration: TimeSpan.FromSeconds(double.Parse(Arg(args, "--duration", "40"), CultureInfo.InvariantCulture)),
    Concurrency: int.Parse(Arg(args, "--concurrency", "64"), CultureInfo.InvariantCulture),
    Seed: int.Parse(Arg(args, "--seed", "1"), CultureInfo.InvariantCulture));

static string Arg(string[] args, string name, string fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
}
