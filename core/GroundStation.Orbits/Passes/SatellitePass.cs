using GroundStation.Orbits.Geometry;

namespace GroundStation.Orbits.Passes;

/// <summary>How a pass relates to the search window and the orbit's validity.</summary>
[Flags]
public enum PassClipping
{
    /// <summary>A whole pass: it rose and set inside the window.</summary>
    None = 0,

    /// <summary>Already in view when the window started: AOS is the window's start, not a rise.</summary>
    InProgressAtStart = 1,

    /// <summary>Still in view when the window ended: LOS is the window's end, not a set.</summary>
    InProgressAtEnd = 2,

    /// <summary>The propagator failed (for example the satellite decayed) while in view: LOS is the last valid time.</summary>
    EndedByPropagationError = 4,
}

/// <summary>One period during which a satellite is above a station's threshold.</summary>
/// <param name="Aos">Acquisition of signal: the rise through the threshold (or the window start, see <paramref name="Clipping"/>).</param>
/// <param name="Tca">Culmination: the time of maximum elevation within the pass.</param>
/// <param name="Los">Loss of signal: the set through the threshold (or the window end, see <paramref name="Clipping"/>).</param>
/// <param name="MaxElevation">Elevation at <paramref name="Tca"/>.</param>
/// <param name="AosAzimuth">Azimuth at <paramref name="Aos"/>.</param>
/// <param name="TcaAzimuth">Azimuth at <paramref name="Tca"/>.</param>
/// <param name="LosAzimuth">Azimuth at <paramref name="Los"/>.</param>
/// <param name="Clipping">Whether the pass is clipped by the window or cut by a propagation error.</param>
public sealed record SatellitePass(
    DateTimeOffset Aos,
    DateTimeOffset Tca,
    DateTimeOffset Los,
    Elevation MaxElevation,
    Azimuth AosAzimuth,
    Azimuth TcaAzimuth,
    Azimuth LosAzimuth,
    PassClipping Clipping)
{
    /// <summary>Time in view.</summary>
    public TimeSpan Duration => Los - Aos;

    /// <summary>True when the satellite was in view for the whole window (a geostationary satellite, typically).</summary>
    public bool CoversWholeWindow =>
        Clipping.HasFlag(PassClipping.InProgressAtStart) && Clipping.HasFlag(PassClipping.InProgressAtEnd);
}

/// <summary>The passes of one satellite over one station in one window.</summary>
/// <param name="Passes">Passes in time order.</param>
/// <param name="PropagationFailedAt">
/// When the propagator first failed within the window (the search stops there), or null when it never did.
/// </param>
public sealed record PassPrediction(IReadOnlyList<SatellitePass> Passes, DateTimeOffset? PropagationFailedAt);
