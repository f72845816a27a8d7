using System.Globalization;
using Bakong.Functional.WatcherBench;

// The payment watcher's figures. Not part of any test run.
//   dotnet run -c Release --project Bakong.Functional.WatcherBench -- lookup     emulator lookup cost, 1 vs 10,000 seeded, in alternating timed rounds
//   dotnet run -c Release --project Bakong.Functional.WatcherBench -- memory     bytes per pending payment, watcher vs one polling loop each
//   dotnet run -c Release --project Bakong.Functional.WatcherBench -- load [--pending N] [--mode watcher|polling|both]
//        [--interval S] [--delay MS] [--duration S] [--concurrency N] [--seed N]
//                                                                              the load run against an emulator in its own process
//   dotnet run -c Release --project Bakong.Functional.WatcherBench -- all      lookup, memory, then load for 1,000 and 10,000 pending, both modes
var command = args.Length > 0 ? args[0] : "all";
var rest = args.Skip(1).ToArray();
switch (command)
{
    case "serve":
        return await LoadServer.Serve(rest);
    case "lookup":
        await LookupInterleaved.Print();
        return 0;
    case "memory":
        await MemoryFigures.Print();
        return 0;
    case "load":
        await LoadRun.PrintHeader();
        foreach (var mode in Modes(rest))
            await LoadRun.Run(Settings(rest, mode));
        return 0;
    case "all":
        await LookupInterleaved.Print();
        Console.WriteLine();
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
