namespace GroundStation.Orbits.Geometry;

/// <summary>
/// A point given by WGS-84 geodetic latitude, longitude and height above the ellipsoid in metres (metres because
/// that is how sites are surveyed and how the CLI takes them; every Cartesian position here is in km).
/// </summary>
public readonly record struct GeodeticPosition
{
    private const int MaxIterations = 10;

    /// <summary>Creates a geodetic position; the height must be a finite number of metres.</summary>
    public GeodeticPosition(Latitude latitude, Longitude longitude, double altitudeMeters)
    {
        if (!double.IsFinite(altitudeMeters))
        {
            throw new ArgumentOutOfRangeException(nameof(altitudeMeters), altitudeMeters, "The altitude must be a finite number of metres.");
        }

        Latitude = latitude;
        Longitude = longitude;
        AltitudeMeters = altitudeMeters;
    }

    /// <summary>Geodetic latitude.</summary>
    public Latitude Latitude { get; }

    /// <summary>Longitude, east positive.</summary>
    public Longitude Longitude { get; }

    /// <summary>Height above the WGS-84 ellipsoid in metres.</summary>
    public double AltitudeMeters { get; }

    /// <summary>Height above the WGS-84 ellipsoid in kilometres.</summary>
    public double AltitudeKm => AltitudeMeters / 1000.0;

    /// <summary>The Earth-fixed (ECEF/ITRF-aligned) Cartesian position in km.</summary>
    public Vector3D ToEarthFixed()
    {
        var (sinLat, cosLat) = Math.SinCos(Latitude.Radians);
        var (sinLon, cosLon) = Math.SinCos(Longitude.Radians);
        var primeVertical = Wgs84.EquatorialRadiusKm / Math.Sqrt(1.0 - (Wgs84.EccentricitySquared * sinLat * sinLat));
        var horizontal = (primeVertical + AltitudeKm) * cosLat;
        return new Vector3D(
            horizontal * cosLon,
            horizontal * sinLon,
            ((primeVertical * (1.0 - Wgs84.EccentricitySquared)) + AltitudeKm) * sinLat);
    }

    /// <summary>
    /// The geodetic position of an Earth-fixed point in km. Iterates on latitude with the height formula that stays
    /// well-conditioned at the poles; converges below 1e-12 rad within a few steps for any point outside the core.
    /// </summary>
    public static GeodeticPosition FromEarthFixed(Vector3D positionKm)
    {
        var p = Math.Sqrt((positionKm.X * positionKm.X) + (positionKm.Y * positionKm.Y));
        var longitude = Math.Atan2(positionKm.Y, positionKm.X);
        var latitude = Math.Atan2(positionKm.Z, p * (1.0 - Wgs84.EccentricitySquared));
        for (var i = 0; i < MaxIterations; i++)
        {
            var sinLat = Math.Sin(latitude);
            var primeVertical = Wgs84.EquatorialRadiusKm / Math.Sqrt(1.0 - (Wgs84.EccentricitySquared * sinLat * sinLat));
            var next = Math.Atan2(positionKm.Z + (Wgs84.EccentricitySquared * primeVertical * sinLat), p);
            var converged = Math.Abs(next - latitude) < 1e-13;
            latitude = next;
            if (converged)
            {
                break;
            }
        }

        var (s, c) = Math.SinCos(latitude);
        var heightKm = (p * c) + (positionKm.Z * s) -
                       (Wgs84.EquatorialRadiusKm * Math.Sqrt(1.0 - (Wgs84.EccentricitySquared * s * s)));
        return new GeodeticPosition(Latitude.FromRadians(latitude), Longitude.FromRadians(longitude), heightKm * 1000.0);
    }
}
