namespace Bakong.Functional.Tests.Support;

/// <summary>A clock that moves only when a test says so; timers fire inside <see cref="Advance"/>, on the caller's thread.</summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly object gate = new();
    private readonly List<ManualTimer> timers = [];
    private DateTimeOffset now;

    public ManualTimeProvider(DateTimeOffset? start = null) => now = start ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
            return now;
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>The time of the earliest armed timer, if any.</summary>
    public DateTimeOffset? NextDue
    {
        get
        {
            lock (gate)
                return timers.Count == 0 ? null : timers.Min(t => t.Due);
        }
    }

    /// <summary>How often <see cref="RunUntilDone{T}"/> had to wait in real time because no timer was armed; 0 means fully simulated.</summary>
    public int RealWaits { get; private set; }

    /// <summary>How many timers are armed now.</summary>
    public int ArmedTimers
    {
        get
        {
            lock (gate)
                return timers.Count;
        }
    }

    /// <summary>Moves the clock forward, firing each timer that falls due, in order.</summary>
    public void Advance(TimeSpan by)
    {
        DateTimeOffset target;
        lock (gate)
            target = now + by;
        while (true)
        {
            ManualTimer? next;
            lock (gate)
            {
                next = timers.Where(t => t.Due <= target).OrderBy(t => t.Due).FirstOrDefault();
                if (next is null)
                {
                    now = target;
                    return;
                }
                now = next.Due;
                timers.Remove(next);
                if (next.Period > TimeSpan.Zero && next.Period != Timeout.InfiniteTimeSpan)
                {
                    next.Due = now + next.Period;
                    timers.Add(next);
                }
            }
            next.Fire();
        }
    }

    /// <summary>Advances to each next timer until <paramref name="task"/> completes; the task's own awaits must be on this clock.</summary>
    /// <remarks>
    /// Only timers due within <paramref name="horizon"/> are fired, so a per-call timeout armed while a continuation
    /// is still running elsewhere is never mistaken for the next wait.
    /// </remarks>
    public async Task<T> RunUntilDone<T>(Task<T> task, TimeSpan? horizon = null, int maxSteps = 10_000)
    {
        var window = horizon ?? TimeSpan.FromHours(1);
        for (var i = 0; i < maxSteps && !task.IsCompleted; i++)
        {
            var due = NextDue is { } d0 && d0 - GetUtcNow() <= window ? d0 : (DateTimeOffset?)null;
            if (due is { } d)
                Advance(d - GetUtcNow() > TimeSpan.Zero ? d - GetUtcNow() : TimeSpan.Zero);
            else
            {
                RealWaits++;
                await Task.Delay(1);
            }
        }
        return await task.WaitAsync(TimeSpan.FromSeconds(5));
    }

    internal void Arm(ManualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        lock (gate)
        {
            timers.Remove(timer);
            if (dueTime == Timeout.InfiniteTimeSpan)
                return;
            timer.Due = now + (dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime);
            timer.Period = period;
            timers.Add(timer);
        }
    }

    internal void Disarm(ManualTimer timer)
    {
        lock (gate)
            timers.Remove(timer);
    }

    internal sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        internal DateTimeOffset Due { get; set; }

        internal TimeSpan Period { get; set; }

        internal void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            owner.Arm(this, dueTime, period);
            return true;
        }

        public void Dispose() => owner.Disarm(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
