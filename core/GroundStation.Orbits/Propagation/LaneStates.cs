using System.Runtime.Intrinsics;

namespace GroundStation.Orbits.Propagation;

/// <summary>
/// The TEME states of one lane block (four satellites) and each lane's outcome. <see cref="ErrorCode"/> holds the
/// <see cref="Sgp4Error"/> code of each lane as a double (0 for a valid state), set by the first failing check in the
/// scalar propagator's order, so later checks never overwrite an earlier failure.
/// </summary>
internal readonly record struct LaneStates(
    Vector256<double> X, Vector256<double> Y, Vector256<double> Z,
    Vector256<double> Vx, Vector256<double> Vy, Vector256<double> Vz,
    Vector256<double> ErrorCode, Vector256<double> KeplerNeedsScalar)
{
    /// <summary>
    /// True when Kepler's equation in this lane used all ten iterations without converging, or took a step so close to
    /// the convergence threshold that the scalar code might stop one iteration earlier or later. The result then
    /// depends on the last bits of every operation (the threshold or the reference's fixed iteration cap, not the
    /// orbit, decides it), so the caller takes such lanes from the scalar propagator.
    /// </summary>
    public bool NeedsScalar(int lane) => KeplerNeedsScalar.GetElement(lane) != 0.0;

    /// <summary>True when every lane has a valid state and none needs the scalar path (the usual case).</summary>
    public bool AllValid => (ErrorCode | KeplerNeedsScalar) == Vector256<double>.Zero;

    /// <summary>The outcome for one lane.</summary>
    public Sgp4Error ErrorOf(int lane) => (Sgp4Error)(int)ErrorCode.GetElement(lane);

    /// <summary>The state of one lane (meaningful for <see cref="Sgp4Error.None"/> and <see cref="Sgp4Error.Decayed"/>).</summary>
    public TemeState StateOf(int lane) => new(
        new Vector3D(X.GetElement(lane), Y.GetElement(lane), Z.GetElement(lane)),
        new Vector3D(Vx.GetElement(lane), Vy.GetElement(lane), Vz.GetElement(lane)));

    /// <summary>
    /// <paramref name="codes"/> with <paramref name="error"/> set in the lanes of <paramref name="failed"/> that have no
    /// error yet: the vector form of the scalar propagator's "return at the first failing check".
    /// </summary>
    public static Vector256<double> SetFirstError(Vector256<double> codes, Vector256<double> failed, Sgp4Error error) =>
        Vector256.ConditionalSelect(
            failed & Vector256.Equals(codes, Vector256<double>.Zero), Vector256.Create((double)error), codes);
}
