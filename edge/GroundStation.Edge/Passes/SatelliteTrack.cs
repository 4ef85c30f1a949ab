using GroundStation.Orbits;
using GroundStation.Orbits.Frames;
using GroundStation.Orbits.Geometry;
using GroundStation.Orbits.Propagation;

namespace GroundStation.Edge.Passes;

/// <summary>
/// Where a satellite is seen from the station at any instant, computed on the station from the plan's TLE with SGP4
/// (TEME to Earth-fixed, then topocentric look angles), so tracking needs nothing from the core once the plan is here.
/// Immutable and thread-safe.
/// </summary>
public sealed class SatelliteTrack
{
    private readonly Sgp4Propagator _propagator;
    private readonly TopocentricObserver _observer;

    /// <summary>Creates a track for one satellite from one site.</summary>
    /// <exception cref="ArgumentException">The elements cannot be propagated (the SGP4 error is named).</exception>
    public SatelliteTrack(Sgp4Propagator propagator, GeodeticPosition site)
    {
        ArgumentNullException.ThrowIfNull(propagator);
        if (propagator.InitError != Sgp4Error.None)
        {
            throw new ArgumentException($"The elements cannot be propagated: SGP4 error {propagator.InitError}.", nameof(propagator));
        }

        _propagator = propagator;
        _observer = new TopocentricObserver(site);
    }

    /// <summary>Look angles (azimuth 0..360, elevation, range and range rate) at <paramref name="instant"/>.</summary>
    /// <exception cref="InvalidOperationException">SGP4 fails at that instant (decayed orbit).</exception>
    public LookAngles At(DateTimeOffset instant)
    {
        var utc = JulianDate.FromDateTime(instant);
        var result = _propagator.Propagate(utc);
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException($"SGP4 cannot propagate the satellite to {instant:O}: {result}.");
        }

        var earthFixed = TemeFrames.TemeToPef(result.State.PositionKm, result.State.VelocityKmPerSecond, utc);
        return _observer.Observe(earthFixed);
    }
}
