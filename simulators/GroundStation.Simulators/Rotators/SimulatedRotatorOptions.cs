using GroundStation.Hardware.Rotators;

namespace GroundStation.Simulators.Rotators;

/// <summary>The mechanics of a simulated rotator and the faults to inject into it.</summary>
public sealed record SimulatedRotatorOptions
{
    /// <summary>Mechanical limits; commands outside them are refused, as a controller at its end stops would.</summary>
    public RotatorLimits Limits { get; init; } = RotatorLimits.FromDegrees(0, 450, 0, 180);

    /// <summary>Azimuth slew rate in degrees per second (a Yaesu G-5500 turns about 6 deg/s).</summary>
    public double AzimuthRate { get; init; } = 6;

    /// <summary>Elevation slew rate in degrees per second.</summary>
    public double ElevationRate { get; init; } = 3;

    /// <summary>Where the rotator points at start.</summary>
    public RotatorPosition Initial { get; init; } = RotatorPosition.FromDegrees(0, 0);

    /// <summary>Where park sends it.</summary>
    public RotatorPosition Park { get; init; } = RotatorPosition.FromDegrees(0, 0);

    /// <summary>After this much simulated time from start both axes freeze (a stall); null for never.</summary>
    public TimeSpan? StallAfter { get; init; }

    /// <summary>Every Nth command is answered with the protocol's error reply; 0 for never.</summary>
    public int FaultEvery { get; init; }
}
