namespace GroundStation.Orbits.Propagation;

/// <summary>
/// Where the deep-space resonance integrator stands: after whole 720-minute steps to <paramref name="Atime"/> minutes
/// from epoch, the mean longitude and mean motion reached and the rates evaluated there (atime, xli, xni, xndt and
/// xnddt of Vallado's dspace). The steps from epoch are deterministic, so continuing from a saved state reproduces a
/// restart from epoch bit for bit. The default value (atime zero) means "start from epoch".
/// </summary>
/// <param name="Atime">Minutes from epoch of the last whole step.</param>
/// <param name="Xli">Resonance mean longitude there, rad.</param>
/// <param name="Xni">Mean motion there, rad/min.</param>
/// <param name="Xndt">Rate of the mean motion there.</param>
/// <param name="Xnddt">Second-derivative term there, before scaling by the mean longitude rate.</param>
internal readonly record struct ResonanceState(double Atime, double Xli, double Xni, double Xndt, double Xnddt);
