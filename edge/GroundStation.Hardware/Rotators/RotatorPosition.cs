namespace GroundStation.Hardware.Rotators;

/// <summary>Where a rotator points, or is told to point.</summary>
/// <param name="Azimuth">The azimuth.</param>
/// <param name="Elevation">The elevation.</param>
public readonly record struct RotatorPosition(Azimuth Azimuth, Elevation Elevation)
{
    /// <summary>Creates a position from degrees; NaN and infinities are refused.</summary>
    public static RotatorPosition FromDegrees(double azimuth, double elevation) =>
        new(new Azimuth(azimuth), new Elevation(elevation));

    /// <summary>The larger of the two axis differences, in degrees: how far apart two positions are for a rotator.</summary>
    public double DistanceTo(RotatorPosition other) =>
        Math.Max(Math.Abs(Azimuth.Degrees - other.Azimuth.Degrees), Math.Abs(Elevation.Degrees - other.Elevation.Degrees));

    /// <inheritdoc />
    public override string ToString() => $"az {Azimuth} el {Elevation}";
}
