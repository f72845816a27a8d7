using Microsoft.Extensions.Time.Testing;

namespace Bakong.Functional.Tests.Support;

/// <summary>Fake clocks for tests: <see cref="FakeTimeProvider"/> started at a fixed instant, and a driver that moves it.</summary>
public static class Clock
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static FakeTimeProvider New() => new(Start);

    /// <summary>
    /// Moves the clock forward by <paramref name="step"/> (one second unless given) until <paramref name="task"/> completes.
    /// Before each step the test yields briefly, so a continuation on the thread pool arms its next timer before time moves.
    /// </summary>
    public static async Task<T> RunUntilDone<T>(this FakeTimeProvider clock, Task<T> task, TimeSpan? step = null, int maxSteps = 10_000)
    {
        var by = step ?? TimeSpan.FromSeconds(1);
        for (var i = 0; i < maxSteps && !task.IsCompleted; i++)
        {
            await Task.Delay(1);
            if (!task.IsCompleted)
                clock.Advance(by);
        }
        return await task.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
