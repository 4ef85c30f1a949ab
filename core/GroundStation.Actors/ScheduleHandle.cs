namespace GroundStation.Actors;

/// <summary>
/// A message scheduled on the system's <see cref="TimeProvider"/>. Cancel it to stop further deliveries; schedules an
/// actor made are cancelled for it when it stops or restarts, so a fresh instance starts without stale timers.
/// </summary>
public sealed class ScheduleHandle
{
    private readonly Action _action;
    private readonly bool _repeating;
    private readonly Action<ScheduleHandle>? _onEnded;
    private readonly ITimer _timer;
    private int _ended;

    internal ScheduleHandle(TimeProvider clock, TimeSpan dueIn, TimeSpan period, Action action, Action<ScheduleHandle>? onEnded)
    {
        _action = action;
        _repeating = period != Timeout.InfiniteTimeSpan;
        _onEnded = onEnded;

        // Created disarmed and armed once assigned, so a timer due at once cannot fire before _timer is set.
        _timer = clock.CreateTimer(static state => ((ScheduleHandle)state!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer.Change(dueIn, period);
    }

    /// <summary>True until the schedule is cancelled or, for a one-shot schedule, has delivered its message.</summary>
    public bool IsActive => Volatile.Read(ref _ended) == 0;

    /// <summary>Stops further deliveries; a delivery already under way may still complete. Idempotent.</summary>
    public void Cancel()
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            return;
        }

        _timer.Dispose();
        _onEnded?.Invoke(this);
    }

    private void Fire()
    {
        if (!IsActive)
        {
            return;
        }

        _action();
        if (!_repeating)
        {
            Cancel();
        }
    }
}
