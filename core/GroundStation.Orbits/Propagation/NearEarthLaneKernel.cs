using System.Runtime.Intrinsics;

namespace GroundStation.Orbits.Propagation;

/// <summary>
/// Near-Earth SGP4 for four satellites at once: the secular gravity and drag terms, then <see cref="LaneStateKernel"/>
/// for the rest. The arithmetic repeats <see cref="Sgp4Propagator"/> operation for operation (same order, no fused
/// multiply-adds); the drag-shifted mean anomaly's sine comes from the angle-sum identity with a short series for the
/// shift (<see cref="LaneMath.SinOfSum"/>), which saves a full sine. The differences this and the vector sines leave
/// are a few 1e-16 relative, far inside 1e-9 km.
/// </summary>
internal static class NearEarthLaneKernel
{
    public static LaneStates Evaluate(in NearEarthLaneBlock s, Vector256<double> t, in GravityConstants gravity)
    {
        var one = Vector256.Create(1.0);

        // Secular gravity and atmospheric drag.
        var xmdf = s.MeanAnomaly + (s.MeanAnomalyRate * t);
        var argpdf = s.ArgPerigee + (s.ArgPerigeeRate * t);
        var nodedf = s.Raan + (s.NodeRate * t);
        var t2 = t * t;
        var nodem = nodedf + (s.NodeDragCoefficient * t2);
        var tempa = one - (s.C1 * t);
        var tempe = s.BStar * s.C4 * t;
        var templ = s.T2Coefficient * t2;
        var delomg = s.OmegaCoefficient * t;
        var (sinXmdf, cosXmdf) = Vector256.SinCos(xmdf);
        var delmtemp = one + (s.Eta * cosXmdf);
        var delm = s.MeanAnomalyCoefficient * ((delmtemp * delmtemp * delmtemp) - s.DeltaM0);
        var dragShift = delomg + delm;
        var mm = xmdf + dragShift;
        var argpm = argpdf - dragShift;
        var t3 = t2 * t;
        var t4 = t3 * t;
        tempa = tempa - (s.D2 * t2) - (s.D3 * t3) - (s.D4 * t4);
        tempe += s.BStar * s.C5 * (LaneMath.SinOfSum(sinXmdf, cosXmdf, mm, dragShift) - s.SinM0);
        templ = templ + (s.T3Coefficient * t3) + (t4 * (s.T4Coefficient + (t * s.T5Coefficient)));

        var xke = Vector256.Create(gravity.Xke);
        var am = s.SemiMajorAxis * tempa * tempa;
        var nm = xke / (am * Vector256.Sqrt(am));
        var errorCode = Vector256<double>.Zero;
        var em = LaneStateKernel.CheckedMeanEccentricity(s.Eccentricity - tempe, ref errorCode);
        LaneStateKernel.NormaliseAngles(ref mm, ref argpm, ref nodem, s.MeanMotion, templ);

        var orbit = new LaneMeanOrbit(
            am, nm, em, argpm, nodem, mm, s.Inclination, s.SinInclination, s.CosInclination,
            s.LongPeriodLCoefficient, s.LongPeriodAyCoefficient, s.Con41, s.X1mth2, s.X7thm1);
        return LaneStateKernel.Evaluate(in orbit, errorCode, in gravity);
    }
}

