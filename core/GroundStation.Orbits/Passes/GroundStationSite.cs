using GroundStation.Orbits.Geometry;

namespace GroundStation.Orbits.Passes;

/// <summary>
/// A station as the pass search sees it: where it is, the lowest elevation it works at, and optionally a horizon mask
/// that raises that limit by azimuth. A satellite is in view when its elevation exceeds both.
/// </summary>
/// <param name="Position">Geodetic position of the antenna.</param>
/// <param name="MinimumElevation">Elevation a satellite must exceed at every azimuth.</param>
/// <param name="Mask">Optional azimuth-dependent limit, applied on top of <paramref name="MinimumElevation"/>.</param>
public sealed record GroundStationSite(GeodeticPosition Position, Elevation MinimumElevation, HorizonMask? Mask = null)
{
    /// <summary>The lowest elevation at which the station can see anything, degrees.</summary>
    public double LowestThresholdDegrees =>
        Mask is null ? MinimumElevation.Degrees : Math.Max(MinimumElevation.Degrees, Mask.LowestDegrees);

    /// <summary>The highest elevation the station may require anywhere, degrees.</summary>
    public double HighestThresholdDegrees =>
        Mask is null ? MinimumElevation.Degrees : Math.Max(MinimumElevation.Degrees, Mask.HighestDegrees);

    /// <summary>The elevation a satellite must exceed at <paramref name="azimuth"/>.</summary>
    public Elevation ThresholdAt(Azimuth azimuth) => new(Threshold(azimuth.Degrees).ElevationDeg);

    /// <summary>Threshold (deg) and its slope (deg per deg of azimuth) at an azimuth in [0, 360).</summary>
    internal (double ElevationDeg, double Slope) Threshold(double azimuthDeg)
    {
        if (Mask is null)
        {
            return (MinimumElevation.Degrees, 0.0);
        }

        var (maskDeg, slope) = Mask.Interpolate(azimuthDeg);
        return maskDeg > MinimumElevation.Degrees ? (maskDeg, slope) : (MinimumElevation.Degrees, 0.0);
    }
}
