using System.Globalization;

namespace GroundStation.Orbits.Geometry;

/// <summary>A longitude in degrees, east positive, validated to [-180, 180].</summary>
public readonly record struct Longitude
{
    /// <summary>Creates a longitude; throws when <paramref name="degrees"/> is outside [-180, 180] or not a number.</summary>
    public Longitude(double degrees)
    {
        if (!(degrees is >= -180.0 and <= 180.0))
        {
            throw new ArgumentOutOfRangeException(nameof(degrees), degrees, "A longitude is between -180 and 180 degrees.");
        }

        Degrees = degrees;
    }

    /// <summary>The longitude in degrees.</summary>
    public double Degrees { get; }

    /// <summary>The longitude in radians.</summary>
    public double Radians => Degrees * AngleMath.RadiansPerDegree;

    /// <summary>Creates a longitude from any angle in radians, wrapped into [-180, 180).</summary>
    public static Longitude FromRadians(double radians) =>
        new(AngleMath.WrapSigned(radians * AngleMath.DegreesPerRadian));

    /// <inheritdoc />
    public override string ToString() => Degrees.ToString("0.######", CultureInfo.InvariantCulture) + " deg";
}
