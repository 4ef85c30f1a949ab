using GroundStation.Time;

namespace GroundStation.Simulators.Hamlib;

/// <summary>The clock a simulator runs on: real time, or <see cref="ScaledTimeProvider"/> for <c>--speed</c>/<c>--start</c>.</summary>
public static class SimulatorClock
{
    /// <summary>Real time when speed is 1 and no start is given; otherwise a scaled clock.</summary>
    public static TimeProvider Create(double speed, DateTimeOffset? start) =>
        speed == 1 && start is null ? TimeProvider.System : new ScaledTimeProvider(start ?? TimeProvider.System.GetUtcNow(), speed);
}
