using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Bakong.Functional.Diagnostics;

namespace Bakong.Functional.Redis;

/// <summary>The fleet's instruments, on the library's one meter: who holds the poller lease, and each hand-over.</summary>
internal static class FleetTelemetry
{
    private const string Instance = "bakong.fleet.instance";
    private const string Change = "bakong.lease.change";

    private static readonly ConcurrentDictionary<RedisPaymentWatcher, byte> Live = new();

    internal static readonly ObservableUpDownCounter<int> LeaseHeld = Telemetry.Meter.CreateObservableUpDownCounter(
        BakongTelemetry.LeaseHeld, Held, "{lease}", "1 while this instance holds the fleet's poller lease, else 0.");

    internal static readonly Counter<long> Handovers = Telemetry.Meter.CreateCounter<long>(
        BakongTelemetry.LeaseHandovers, "{handover}", "Poller lease hand-overs seen by this instance: taken or lost.");

    /// <summary>Reports <paramref name="watcher"/>'s lease until <see cref="Stopped"/>.</summary>
    internal static void Started(RedisPaymentWatcher watcher) => Live[watcher] = 0;

    /// <summary>Stops reporting <paramref name="watcher"/>'s lease.</summary>
    internal static void Stopped(RedisPaymentWatcher watcher) => Live.TryRemove(watcher, out _);

    /// <summary>Counts this instance taking the lease.</summary>
    internal static void Taken(string instanceId) => Handover(instanceId, "taken");

    /// <summary>Counts this instance losing the lease to another.</summary>
    internal static void Lost(string instanceId) => Handover(instanceId, "lost");

    private static void Handover(string instanceId, string change)
    {
        if (Handovers.Enabled)
            Handovers.Add(1, new(Instance, instanceId), new(Change, change));
    }

    private static IEnumerable<Measurement<int>> Held()
    {
        foreach (var watcher in Live.Keys)
            yield return new Measurement<int>(watcher.IsPolling ? 1 : 0, new KeyValuePair<string, object?>(Instance, watcher.InstanceId));
    }
}
