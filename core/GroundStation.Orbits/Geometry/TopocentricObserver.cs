using GroundStation.Orbits.Frames;

namespace GroundStation.Orbits.Geometry;

/// <summary>
/// Look angles from one fixed site. The site's Earth-fixed position and its east/north/up basis are computed once,
/// so each observation costs a handful of multiplications.
/// </summary>
public sealed class TopocentricObserver
{
    private readonly Vector3D _east;
    private readonly Vector3D _north;
    private readonly Vector3D _up;

    /// <summary>Creates an observer at <paramref name="site"/>.</summary>
    public TopocentricObserver(GeodeticPosition site)
    {
        Site = site;
        PositionKm = site.ToEarthFixed();
        var (sinLat, cosLat) = Math.SinCos(site.Latitude.Radians);
        var (sinLon, cosLon) = Math.SinCos(site.Longitude.Radians);
        _east = new Vector3D(-sinLon, cosLon, 0.0);
        _north = new Vector3D(-sinLat * cosLon, -sinLat * sinLon, cosLat);
        _up = new Vector3D(cosLat * cosLon, cosLat * sinLon, sinLat);
    }

    /// <summary>The site.</summary>
    public GeodeticPosition Site { get; }

    /// <summary>The site's Earth-fixed position, km.</summary>
    public Vector3D PositionKm { get; }

    /// <summary>The unit vector of the site's geodetic zenith, Earth-fixed.</summary>
    public Vector3D Up => _up;

    /// <summary>Azimuth, elevation, range and range rate of a satellite given in the same Earth-fixed frame.</summary>
    public LookAngles Observe(EarthFixedState satellite)
    {
        var relative = satellite.PositionKm - PositionKm;
        var range = relative.Magnitude;
        var east = relative.Dot(_east);
        var north = relative.Dot(_north);
        var up = relative.Dot(_up);
        var elevation = Math.Asin(Math.Clamp(up / range, -1.0, 1.0));
        var azimuth = Math.Atan2(east, north);
        var rangeRate = relative.Dot(satellite.VelocityKmPerSecond) / range;
        return new LookAngles(Azimuth.FromRadians(azimuth), Elevation.FromRadians(elevation), range, rangeRate);
    }

    /// <summary>
    /// Elevation (radians), azimuth (radians, unwrapped, from atan2) and their time derivatives (rad/s) without
    /// building the validated types: the pass search calls this in its inner loop.
    /// </summary>
    internal TopocentricRates ObserveRates(EarthFixedState satellite)
    {
        var relative = satellite.PositionKm - PositionKm;
        var velocity = satellite.VelocityKmPerSecond;
        var e = relative.Dot(_east);
        var n = relative.Dot(_north);
        var u = relative.Dot(_up);
        var de = velocity.Dot(_east);
        var dn = velocity.Dot(_north);
        var du = velocity.Dot(_up);
        var horizontalSquared = (e * e) + (n * n);
        var horizontal = Math.Sqrt(horizontalSquared);
        var rangeSquared = horizontalSquared + (u * u);
        var elevation = Math.Atan2(u, horizontal);
        // d/dt atan2(u, h) = (h du - u dh) / (h^2 + u^2), dh = (e de + n dn) / h.
        var horizontalRate = horizontal > 0 ? ((e * de) + (n * dn)) / horizontal : 0.0;
        var elevationRate = ((horizontal * du) - (u * horizontalRate)) / rangeSquared;
        var azimuth = Math.Atan2(e, n);
        var azimuthRate = horizontalSquared > 0 ? ((n * de) - (e * dn)) / horizontalSquared : 0.0;
        return new TopocentricRates(elevation, elevationRate, azimuth, azimuthRate);
    }
}

/// <summary>Elevation and azimuth in radians with their rates in rad/s.</summary>
internal readonly record struct TopocentricRates(double Elevation, double ElevationRate, double Azimuth, double AzimuthRate);
