namespace GroundStation.Orbits.Geometry;

/// <summary>The WGS-84 reference ellipsoid, in kilometres (the unit of every position in this library).</summary>
public static class Wgs84
{
    /// <summary>Equatorial radius, km.</summary>
    public const double EquatorialRadiusKm = 6378.137;

    /// <summary>Flattening.</summary>
    public const double Flattening = 1.0 / 298.257223563;

    /// <summary>First eccentricity squared.</summary>
    public const double EccentricitySquared = Flattening * (2.0 - Flattening);

    /// <summary>Polar radius, km.</summary>
    public const double PolarRadiusKm = EquatorialRadiusKm * (1.0 - Flattening);
}
