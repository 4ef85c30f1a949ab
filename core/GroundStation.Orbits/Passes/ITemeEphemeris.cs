namespace GroundStation.Orbits.Passes;

/// <summary>
/// A satellite's TEME state as a function of time: the one thing the pass search needs from a propagator.
/// Implementations must be safe to call from several threads at once (the parallel search shares them).
/// </summary>
public interface ITemeEphemeris
{
    /// <summary>
    /// The TEME position (km) and velocity (km/s) at <paramref name="utc"/>, or false when the orbit cannot be
    /// propagated there (decayed, or any other propagator error).
    /// </summary>
    bool TryGetState(JulianDate utc, out Vector3D positionKm, out Vector3D velocityKmPerSecond);
}
