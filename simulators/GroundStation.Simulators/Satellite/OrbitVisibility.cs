using GroundStation.Orbits;
using GroundStation.Orbits.Frames;
using GroundStation.Orbits.Geometry;
using GroundStation.Orbits.Passes;

namespace GroundStation.Simulators.Satellite;

/// <summary>
/// Visibility from the orbit engine: the satellite's TEME state, rotated to the Earth-fixed frame, seen from the
/// station, is in view when its elevation exceeds the station's threshold at that azimuth (minimum elevation and
/// horizon mask). This is the rule <see cref="PassPredictor"/> finds AOS and LOS by, so frames flow exactly
/// between the predicted AOS and LOS. A propagation failure (decay) reads as out of view.
/// </summary>
public sealed class OrbitVisibility : IVisibility
{
    private readonly ITemeEphemeris _ephemeris;
    private readonly GroundStationSite _site;
    private readonly TopocentricObserver _observer;

    /// <summary>Creates the visibility of <paramref name="ephemeris"/> from <paramref name="site"/>.</summary>
    public OrbitVisibility(ITemeEphemeris ephemeris, GroundStationSite site)
    {
        ArgumentNullException.ThrowIfNull(ephemeris);
        ArgumentNullException.ThrowIfNull(site);
        _ephemeris = ephemeris;
        _site = site;
        _observer = new TopocentricObserver(site.Position);
    }

    /// <inheritdoc />
    public VisibilitySample At(DateTimeOffset instant)
    {
        var utc = JulianDate.FromDateTime(instant);
        if (!_ephemeris.TryGetState(utc, out var positionKm, out var velocityKmPerSecond))
        {
            return new VisibilitySample(false, double.NaN, double.NaN);
        }

        var look = _observer.Observe(TemeFrames.TemeToPef(positionKm, velocityKmPerSecond, utc));
        var inView = look.Elevation.Degrees > _site.ThresholdAt(look.Azimuth).Degrees;
        return new VisibilitySample(inView, look.Elevation.Degrees, look.RangeRateKmPerSecond);
    }
}
