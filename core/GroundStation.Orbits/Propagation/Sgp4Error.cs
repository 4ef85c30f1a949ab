namespace GroundStation.Orbits.Propagation;

/// <summary>
/// Why SGP4 could not produce a state. The numeric values are the error codes of the reference implementation
/// (Vallado et al. 2006), so they can be reported and compared as they are.
/// </summary>
public enum Sgp4Error
{
    /// <summary>The state is valid.</summary>
    None = 0,

    /// <summary>The mean eccentricity left the range [-0.001, 1): drag has taken the orbit apart.</summary>
    MeanEccentricityOutOfRange = 1,

    /// <summary>The mean motion fell to zero or below.</summary>
    MeanMotionNotPositive = 2,

    /// <summary>The eccentricity after the deep-space periodic terms left the range [0, 1].</summary>
    PerturbedEccentricityOutOfRange = 3,

    /// <summary>The semi-latus rectum became negative.</summary>
    SemiLatusRectumNegative = 4,

    /// <summary>The epoch elements are sub-orbital (code reserved by the reference implementation, never raised).</summary>
    SubOrbital = 5,

    /// <summary>The satellite is inside the Earth (radius below one Earth radius): it has decayed.</summary>
    Decayed = 6,
}
