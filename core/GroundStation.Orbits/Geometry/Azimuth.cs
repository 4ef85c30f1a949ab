using System.Globalization;

namespace GroundStation.Orbits.Geometry;

/// <summary>An azimuth in degrees clockwise from true north, validated to [0, 360).</summary>
public readonly record struct Azimuth
{
    /// <summary>Creates an azimuth; throws when <paramref name="degrees"/> is outside [0, 360) or not a number.</summary>
    public Azimuth(double degrees)
    {
        if (!(degrees is >= 0.0 and < 360.0))
        {
            throw new ArgumentOutOfRangeException(nameof(degrees), degrees, "An azimuth is in [0, 360) degrees.");
        }

        Degrees = degrees;
    }

    /// <summary>The azimuth in degrees.</summary>
    public double Degrees { get; }

    /// <summary>The azimuth in radians.</summary>
    public double Radians => Degrees * AngleMath.RadiansPerDegree;

    /// <summary>Creates an azimuth from any angle in degrees, wrapped into [0, 360).</summary>
    public static Azimuth FromDegreesWrapped(double degrees) => new(AngleMath.WrapPositive(degrees));

    /// <summary>Creates an azimuth from any angle in radians, wrapped into [0, 360).</summary>
    public static Azimuth FromRadians(double radians) => FromDegreesWrapped(radians * AngleMath.DegreesPerRadian);

    /// <inheritdoc />
    public override string ToString() => Degrees.ToString("0.###", CultureInfo.InvariantCulture) + " deg";
}
