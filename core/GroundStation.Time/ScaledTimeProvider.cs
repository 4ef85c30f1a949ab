namespace GroundStation.Time;

/// <summary>
/// Simulated time: starts at a chosen instant and runs <see cref="Speed"/> times faster than the underlying clock.
/// Timers are scaled too, so a component that waits 60 simulated seconds at speed 60 waits one real second.
/// This is what lets a day of passes run in minutes in the demo and in seconds in tests.
/// </summary>
public sealed class ScaledTimeProvider : TimeProvider
{
    private readonly TimeProvider _underlying;
    private readonly long _originTimestamp;

    /// <summary>Creates a clock that reads <paramref name="start"/> now and advances <paramref name="speed"/> times faster.</summary>
    /// <param name="start">The simulated instant at construction.</param>
    /// <param name="speed">Simulated seconds per real second; 1 runs in real time.</param>
    /// <param name="underlying">The real clock; <see cref="TimeProvider.System"/> when null.</param>
    public ScaledTimeProvider(DateTimeOffset start, double speed, TimeProvider? underlying = null)
    {
        if (!double.IsFinite(speed) || speed <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(speed), speed, "The speed must be a finite number above zero.");
        }

        _underlying = underlying ?? System;
        _originTimestamp = _underlying.GetTimestamp();
        Start = start.ToUniversalTime();
        Speed = speed;
    }

    /// <summary>
    /// Creates a clock that agrees with every other clock made from the same anchor, whenever each is created: it read
    /// <paramref name="simulatedAtAnchor"/> when the underlying clock read <paramref name="anchor"/>. This is how the
    /// processes of one simulation (core, edge agents, simulators), started one after another, share one simulated time.
    /// </summary>
    /// <param name="simulatedAtAnchor">The simulated instant at the anchor.</param>
    /// <param name="anchor">The instant of the underlying clock at which simulated time was <paramref name="simulatedAtAnchor"/>.</param>
    /// <param name="speed">Simulated seconds per real second.</param>
    /// <param name="underlying">The real clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <returns>The clock.</returns>
    public static ScaledTimeProvider Anchored(DateTimeOffset simulatedAtAnchor, DateTimeOffset anchor, double speed, TimeProvider? underlying = null)
    {
        if (!double.IsFinite(speed) || speed <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(speed), speed, "The speed must be a finite number above zero.");
        }

        var real = underlying ?? System;
        var sinceAnchor = real.GetUtcNow() - anchor;
        return new ScaledTimeProvider(simulatedAtAnchor + TimeSpan.FromTicks((long)(sinceAnchor.Ticks * speed)), speed, real);
    }

    /// <summary>The simulated instant at which the clock was created.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>Simulated seconds per real second.</summary>
    public double Speed { get; }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => Start + SimulatedElapsed();

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc />
    public override long GetTimestamp() => Start.UtcTicks + SimulatedElapsed().Ticks;

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ScaledTimer(_underlying.CreateTimer(callback, state, ToReal(dueTime), ToReal(period)), this);

    private TimeSpan SimulatedElapsed() =>
        TimeSpan.FromTicks((long)(_underlying.GetElapsedTime(_originTimestamp).Ticks * Speed));

    private TimeSpan ToReal(TimeSpan simulated) =>
        simulated == Timeout.InfiniteTimeSpan || simulated <= TimeSpan.Zero
            ? simulated
            : TimeSpan.FromTicks(Math.Max(1, (long)(simulated.Ticks / Speed)));

    private sealed class ScaledTimer(ITimer inner, ScaledTimeProvider owner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) =>
            inner.Change(owner.ToReal(dueTime), owner.ToReal(period));

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
