using System.Globalization;

namespace GroundStation.Orbits.Geometry;

/// <summary>A geodetic latitude in degrees, north positive, validated to [-90, 90].</summary>
public readonly record struct Latitude
{
    /// <summary>Creates a latitude; throws when <paramref name="degrees"/> is outside [-90, 90] or not a number.</summary>
    public Latitude(double degrees)
    {
        if (!(degrees is >= -90.0 and <= 90.0))
        {
            throw new ArgumentOutOfRangeException(nameof(degrees), degrees, "A latitude is between -90 and 90 degrees.");
        }

        Degrees = degrees;
    }

    /// <summary>The latitude in degrees.</summary>
    public double Degrees { get; }

    /// <summary>The latitude in radians.</summary>
    public double Radians => Degrees * AngleMath.RadiansPerDegree;

    /// <summary>Creates a latitude from radians (clamped to the poles against rounding just past them).</summary>
    public static Latitude FromRadians(double radians) =>
        new(Math.Clamp(radians * AngleMath.DegreesPerRadian, -90.0, 90.0));

    /// <inheritdoc />
    public override string ToString() => Degrees.ToString("0.######", CultureInfo.InvariantCulture) + " deg";
}
