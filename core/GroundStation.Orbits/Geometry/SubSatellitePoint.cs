using GroundStation.Orbits.Frames;

namespace GroundStation.Orbits.Geometry;

/// <summary>The point on the WGS-84 ellipsoid directly below a satellite (geodetic nadir).</summary>
public static class SubSatellitePoint
{
    /// <summary>
    /// Latitude and longitude of the geodetic nadir of an Earth-fixed position, with the satellite's height above the
    /// ellipsoid as the altitude.
    /// </summary>
    public static GeodeticPosition Of(EarthFixedState satellite) => GeodeticPosition.FromEarthFixed(satellite.PositionKm);
}
