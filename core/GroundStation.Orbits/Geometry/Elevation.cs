using System.Globalization;

namespace GroundStation.Orbits.Geometry;

/// <summary>An elevation in degrees above the local horizontal plane, validated to [-90, 90].</summary>
public readonly record struct Elevation
{
    /// <summary>Creates an elevation; throws when <paramref name="degrees"/> is outside [-90, 90] or not a number.</summary>
    public Elevation(double degrees)
    {
        if (!(degrees is >= -90.0 and <= 90.0))
        {
            throw new ArgumentOutOfRangeException(nameof(degrees), degrees, "An elevation is between -90 and 90 degrees.");
        }

        Degrees = degrees;
    }

    /// <summary>The elevation in degrees.</summary>
    public double Degrees { get; }

    /// <summary>The elevation in radians.</summary>
    public double Radians => Degrees * AngleMath.RadiansPerDegree;

    /// <summary>Creates an elevation from radians (clamped to +-90 degrees against rounding just past them).</summary>
    public static Elevation FromRadians(double radians) =>
        new(Math.Clamp(radians * AngleMath.DegreesPerRadian, -90.0, 90.0));

    /// <inheritdoc />
    public override string ToString() => Degrees.ToString("0.###", CultureInfo.InvariantCulture) + " deg";
}
