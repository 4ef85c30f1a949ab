namespace GroundStation.Orbits.Propagation;

/// <summary>The operation mode of SGP4 (Vallado et al. 2006, "opsmode").</summary>
public enum Sgp4Mode
{
    /// <summary>
    /// AFSPC compatibility ('a'): the 1970-based sidereal time approximation at epoch and the legacy node wrapping in
    /// the Lyddane modification, reproducing the operational code of the US Space Force.
    /// </summary>
    Afspc,

    /// <summary>Improved ('i'): IAU-82 sidereal time at epoch and no node wrapping. The default.</summary>
    Improved,
}
