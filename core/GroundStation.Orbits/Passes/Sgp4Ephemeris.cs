using GroundStation.Orbits.Propagation;

namespace GroundStation.Orbits.Passes;

/// <summary>
/// The SGP4/SDP4 propagator as a pass-search ephemeris. Any SGP4 error (decay included) reads as "cannot propagate";
/// the propagator itself says which error it was. Thread-safe because the propagator is immutable.
/// </summary>
/// <param name="propagator">The initialised propagator.</param>
public sealed class Sgp4Ephemeris(Sgp4Propagator propagator) : ITemeEphemeris
{
    /// <summary>The propagator behind this ephemeris.</summary>
    public Sgp4Propagator Propagator { get; } = propagator ?? throw new ArgumentNullException(nameof(propagator));

    /// <inheritdoc />
    public bool TryGetState(JulianDate utc, out Vector3D positionKm, out Vector3D velocityKmPerSecond)
    {
        var result = Propagator.Propagate(utc);
        positionKm = result.State.PositionKm;
        velocityKmPerSecond = result.State.VelocityKmPerSecond;
        return result.IsSuccess;
    }
}
