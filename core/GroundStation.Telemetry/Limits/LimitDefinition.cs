using System.Globalization;

namespace GroundStation.Telemetry.Limits;

/// <summary>
/// The yellow and red ranges of one parameter: a value outside [<paramref name="YellowLow"/>, <paramref name="YellowHigh"/>]
/// is Yellow, outside [<paramref name="RedLow"/>, <paramref name="RedHigh"/>] Red. A null bound is open.
/// </summary>
/// <param name="Parameter">The parameter name.</param>
/// <param name="RedLow">Below this: Red.</param>
/// <param name="YellowLow">Below this: Yellow.</param>
/// <param name="YellowHigh">Above this: Yellow.</param>
/// <param name="RedHigh">Above this: Red.</param>
/// <param name="Persistence">How many consecutive samples must be out of limits before an alarm is raised (and back in
/// before it clears), so one noisy sample does not page anyone.</param>
public sealed record LimitDefinition(string Parameter, double? RedLow, double? YellowLow, double? YellowHigh, double? RedHigh, int Persistence = 1)
{
    /// <summary>Where <paramref name="value"/> stands.</summary>
    public LimitState Classify(double value) =>
        value < RedLow || value > RedHigh ? LimitState.Red
        : value < YellowLow || value > YellowHigh ? LimitState.Yellow
        : LimitState.Nominal;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first inconsistent bound.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(Parameter);
        if (Persistence < 1)
        {
            throw new ArgumentException($"Limits of {Parameter}: persistence {Persistence} must be at least 1.");
        }

        if (RedLow > YellowLow || YellowLow > YellowHigh || YellowHigh > RedHigh || RedLow > RedHigh)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Limits of {Parameter}: bounds must be ordered redLow <= yellowLow <= yellowHigh <= redHigh ({RedLow}, {YellowLow}, {YellowHigh}, {RedHigh})."));
        }
    }
}

/// <summary>The default limits of <c>gs-sim-housekeeping-v1</c>, from the simulator's documented ranges.</summary>
public static class HousekeepingLimits
{
    /// <summary>Battery 6.0-8.4 V nominal swing; temperatures of a LEO cubesat.</summary>
    public static IReadOnlyList<LimitDefinition> Defaults { get; } =
    [
        new("batteryVoltage", RedLow: 6.2, YellowLow: 6.6, YellowHigh: 8.35, RedHigh: 8.45, Persistence: 2),
        new("batteryCurrent", RedLow: -1.5, YellowLow: -1.0, YellowHigh: 1.0, RedHigh: 1.5, Persistence: 2),
        new("batteryTemperature", RedLow: -10, YellowLow: 0, YellowHigh: 40, RedHigh: 50, Persistence: 2),
        new("obcTemperature", RedLow: -25, YellowLow: -15, YellowHigh: 60, RedHigh: 75, Persistence: 2),
        new("panelXTemperature", RedLow: -90, YellowLow: -70, YellowHigh: 100, RedHigh: 120, Persistence: 2),
    ];
}
