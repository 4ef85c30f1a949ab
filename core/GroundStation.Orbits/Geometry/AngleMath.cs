namespace GroundStation.Orbits.Geometry;

/// <summary>Angle unit conversions and wrapping shared by the angle types.</summary>
internal static class AngleMath
{
    public const double RadiansPerDegree = Math.PI / 180.0;
    public const double DegreesPerRadian = 180.0 / Math.PI;
    public const double RadiansPerArcsecond = Math.PI / (180.0 * 3600.0);

    /// <summary>Wraps degrees into [0, 360).</summary>
    public static double WrapPositive(double degrees)
    {
        var wrapped = degrees % 360.0;
        if (wrapped < 0)
        {
            wrapped += 360.0;
        }

        // -1e-18 % 360 + 360 rounds to exactly 360.
        return wrapped >= 360.0 ? 0.0 : wrapped;
    }

    /// <summary>Wraps degrees into [-180, 180).</summary>
    public static double WrapSigned(double degrees) => WrapPositive(degrees + 180.0) - 180.0;
}
