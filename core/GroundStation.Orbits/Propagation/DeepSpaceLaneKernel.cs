using System.Runtime.Intrinsics;

namespace GroundStation.Orbits.Propagation;

/// <summary>
/// Deep-space SDP4 for four satellites at once: the secular terms SDP4 keeps from SGP4, the lunar-solar secular terms
/// (dsec), the resonance's mean anomaly and mean motion from each lane's integrator state, the lunar-solar periodics
/// (dpper) with Lyddane's modification in the lanes below 0.2 rad of inclination, then <see cref="LaneStateKernel"/>.
/// Branches of the scalar code become lane masks: where lanes disagree both sides are computed and blended, where they
/// agree (blocks are grouped by orbit kind) only one side runs. The arithmetic repeats <see cref="Sgp4Propagator"/>
/// operation for operation; the differences are the vector sines and cosines (one ulp), Lyddane's atan2 (taken per
/// lane with <see cref="Math.Atan2"/>, so exact) and the resonant semi-major axis, a cube root by Newton's method in
/// place of <see cref="Math.Pow(double, double)"/> (within an ulp or two).
/// The resonance integrator's steps stay scalar (<see cref="DeepSpaceTerms.AdvanceResonance"/>): the caller advances each
/// lane's state before the call, at most one 720-minute step per half day of a forward series.
/// </summary>
internal static class DeepSpaceLaneKernel
{
    private const double TwoPi = 2.0 * Math.PI;

    /// <summary>Below this perturbed inclination (rad) the periodics go through Lyddane's non-singular elements.</summary>
    private const double LyddaneInclination = 0.2;

    public static LaneStates Evaluate(
        in DeepSpaceLaneBlock s, Vector256<double> t, ReadOnlySpan<ResonanceState> resonance, in GravityConstants gravity)
    {
        var one = Vector256.Create(1.0);
        var zero = Vector256<double>.Zero;

        // Secular gravity and drag as SDP4 keeps them (no higher drag terms), then the lunar-solar secular rates.
        var xmdf = s.MeanAnomaly + (s.MeanAnomalyRate * t);
        var argpdf = s.ArgPerigee + (s.ArgPerigeeRate * t);
        var nodedf = s.Raan + (s.NodeRate * t);
        var t2 = t * t;
        var nodem = nodedf + (s.NodeDragCoefficient * t2);
        var tempa = one - (s.C1 * t);
        var tempe = s.BStar * s.C4 * t;
        var templ = s.T2Coefficient * t2;
        var em = s.Eccentricity + (s.Dedt * t);
        var inclm = s.Inclination + (s.Didt * t);
        var argpm = argpdf + (s.Domdt * t);
        nodem += s.Dnodt * t;
        var mm = xmdf + (s.Dmdt * t);
        var nm = s.MeanMotion;
        var am = s.SemiMajorAxis;
        if (s.HasResonance)
        {
            (mm, nm, am) = ApplyResonance(in s, t, resonance, nodem, argpm, mm, gravity.Xke);
        }

        var xke = Vector256.Create(gravity.Xke);
        var errorCode = LaneStates.SetFirstError(zero, Vector256.LessThanOrEqual(nm, zero), Sgp4Error.MeanMotionNotPositive);
        am = am * tempa * tempa;
        nm = xke / (am * Vector256.Sqrt(am));
        em = LaneStateKernel.CheckedMeanEccentricity(em - tempe, ref errorCode);
        LaneStateKernel.NormaliseAngles(ref mm, ref argpm, ref nodem, s.MeanMotion, templ);

        var orbit = ApplyPeriodics(in s, t, am, nm, em, inclm, nodem, argpm, mm, gravity.J3OverJ2, ref errorCode);
        return LaneStateKernel.Evaluate(in orbit, errorCode, in gravity);
    }

    /// <summary>
    /// The resonance's mean anomaly, mean motion and (unperturbed by drag) semi-major axis from each lane's integrator
    /// state (the end of dspace); non-resonant lanes keep <paramref name="mm"/> and their epoch values.
    /// </summary>
    private static (Vector256<double> Mm, Vector256<double> Nm, Vector256<double> Am) ApplyResonance(
        in DeepSpaceLaneBlock s,
        Vector256<double> t,
        ReadOnlySpan<ResonanceState> resonance,
        Vector256<double> nodem,
        Vector256<double> argpm,
        Vector256<double> mm,
        double xke)
    {
        var half = Vector256.Create(0.5);
        var two = Vector256.Create(2.0);
        var atime = Vector256.Create(resonance[0].Atime, resonance[1].Atime, resonance[2].Atime, resonance[3].Atime);
        var xli = Vector256.Create(resonance[0].Xli, resonance[1].Xli, resonance[2].Xli, resonance[3].Xli);
        var xni = Vector256.Create(resonance[0].Xni, resonance[1].Xni, resonance[2].Xni, resonance[3].Xni);
        var xndt = Vector256.Create(resonance[0].Xndt, resonance[1].Xndt, resonance[2].Xndt, resonance[3].Xndt);
        var xnddt = Vector256.Create(resonance[0].Xnddt, resonance[1].Xnddt, resonance[2].Xnddt, resonance[3].Xnddt);

        var theta = LaneMath.Remainder2Pi(s.Gsto + (t * Vector256.Create(DeepSpaceTerms.Rptim)));
        var xldot = xni + s.ResonanceRateOffset;
        xnddt *= xldot;
        var ft = t - atime;
        var nm = xni + (xndt * ft) + (xnddt * ft * ft * half);
        var xl = xli + (xldot * ft) + (xndt * ft * ft * half);
        var halfDay = xl - (two * nodem) + (two * theta);
        var synchronous = xl - nodem - argpm + theta;
        var resonantMm = Vector256.ConditionalSelect(s.HalfDay, halfDay, synchronous);

        // (xke / nm)^(2/3) as the cube root of its square, by Newton's method from the epoch semi-major axis, which is
        // the same power of the epoch mean motion: the resonance moves the mean motion by parts in a million per day,
        // so two or three steps reach rounding (each squares the relative error). Non-resonant lanes solve for their
        // epoch mean motion and stay put.
        nm = Vector256.ConditionalSelect(s.Resonant, nm, s.MeanMotion);
        var ratio = Vector256.Create(xke) / nm;
        var square = ratio * ratio;
        var am = s.SemiMajorAxis;
        var third = Vector256.Create(1.0 / 3.0);
        var tolerance = Vector256.Create(4.0e-16);
        for (var i = 0; i < 8; i++)
        {
            var next = ((am + am) + (square / (am * am))) * third;
            var converged = Vector256.LessThanOrEqualAll(Vector256.Abs(next - am), tolerance * am);
            am = next;
            if (converged)
            {
                break;
            }
        }

        return (Vector256.ConditionalSelect(s.Resonant, resonantMm, mm), nm,
            Vector256.ConditionalSelect(s.Resonant, am, s.SemiMajorAxis));
    }

    /// <summary>The lunar-solar periodics (dpper) and the inclination terms that follow from the perturbed inclination.</summary>
    private static LaneMeanOrbit ApplyPeriodics(
        in DeepSpaceLaneBlock s,
        Vector256<double> t,
        Vector256<double> am,
        Vector256<double> nm,
        Vector256<double> em,
        Vector256<double> inclm,
        Vector256<double> nodem,
        Vector256<double> argpm,
        Vector256<double> mm,
        double j3OverJ2,
        ref Vector256<double> errorCode)
    {
        var one = Vector256.Create(1.0);
        var zero = Vector256<double>.Zero;
        var (ses, sis, sls, sghs, shs) = s.Solar.Evaluate(
            s.Zmos + (Vector256.Create(DeepSpaceTerms.Zns) * t), DeepSpaceTerms.Zes);
        var (sel, sil, sll, sghl, shll) = s.Lunar.Evaluate(
            s.Zmol + (Vector256.Create(DeepSpaceTerms.Znl) * t), DeepSpaceTerms.Zel);
        var pe = ses + sel;
        var pinc = sis + sil;
        var pl = sls + sll;
        var pgh = sghs + sghl;
        var ph = shs + shll;

        var xincp = inclm + pinc;
        var ep = em + pe;
        var (sinip, cosip) = Vector256.SinCos(xincp);
        var lyddane = Vector256.LessThan(xincp, Vector256.Create(LyddaneInclination));
        Vector256<double> nodep, argpp;
        var mp = mm + pl;
        if (lyddane == zero)
        {
            (nodep, argpp) = DirectNodeAndPerigee(sinip, cosip, ph, pgh, nodem, argpm);
        }
        else
        {
            var (lyddaneNode, lyddaneArgp) = LyddaneNodeAndPerigee(
                in s, sinip, cosip, pinc, ph, pgh, pl, nodem, argpm, mm, mp);
            if (lyddane == Vector256<double>.AllBitsSet)
            {
                (nodep, argpp) = (lyddaneNode, lyddaneArgp);
            }
            else
            {
                var (directNode, directArgp) = DirectNodeAndPerigee(sinip, cosip, ph, pgh, nodem, argpm);
                nodep = Vector256.ConditionalSelect(lyddane, lyddaneNode, directNode);
                argpp = Vector256.ConditionalSelect(lyddane, lyddaneArgp, directArgp);
            }
        }

        // A negative inclination is the same orbit with the node half a turn round; sin and cos are odd and even.
        var negative = Vector256.LessThan(xincp, zero);
        if (negative != zero)
        {
            var pi = Vector256.Create(Math.PI);
            xincp = Vector256.ConditionalSelect(negative, -xincp, xincp);
            sinip = Vector256.ConditionalSelect(negative, -sinip, sinip);
            nodep = Vector256.ConditionalSelect(negative, nodep + pi, nodep);
            argpp = Vector256.ConditionalSelect(negative, argpp - pi, argpp);
        }

        errorCode = LaneStates.SetFirstError(
            errorCode,
            Vector256.LessThan(ep, zero) | Vector256.GreaterThan(ep, one),
            Sgp4Error.PerturbedEccentricityOutOfRange);

        // The J3 long-period coefficients and inclination functions of the perturbed inclination.
        var onePlusCos = one + cosip;
        var guard = Vector256.Create(NearEarthTerms.RetrogradeGuard);
        var denominator = Vector256.ConditionalSelect(
            Vector256.GreaterThan(Vector256.Abs(onePlusCos), guard), onePlusCos, guard);
        var xlcof = Vector256.Create(-0.25 * j3OverJ2) * sinip * (Vector256.Create(3.0) + (Vector256.Create(5.0) * cosip)) /
                    denominator;
        var aycof = Vector256.Create(-0.5 * j3OverJ2) * sinip;
        var cosisq = cosip * cosip;
        return new LaneMeanOrbit(
            am, nm, ep, argpp, nodep, mp, xincp, sinip, cosip, xlcof, aycof,
            (Vector256.Create(3.0) * cosisq) - one, one - cosisq, (Vector256.Create(7.0) * cosisq) - one);
    }

    /// <summary>Node and perigee with the periodics applied directly (inclination at or above 0.2 rad).</summary>
    private static (Vector256<double> Node, Vector256<double> ArgPerigee) DirectNodeAndPerigee(
        Vector256<double> sinip,
        Vector256<double> cosip,
        Vector256<double> ph,
        Vector256<double> pgh,
        Vector256<double> nodem,
        Vector256<double> argpm)
    {
        ph /= sinip;
        pgh -= cosip * ph;
        return (nodem + ph, argpm + pgh);
    }

    /// <summary>
    /// Node and perigee through Lyddane's non-singular elements (inclination below 0.2 rad). The node comes from
    /// atan2, taken lane by lane with <see cref="Math.Atan2"/> so it is exactly the scalar value.
    /// </summary>
    private static (Vector256<double> Node, Vector256<double> ArgPerigee) LyddaneNodeAndPerigee(
        in DeepSpaceLaneBlock s,
        Vector256<double> sinip,
        Vector256<double> cosip,
        Vector256<double> pinc,
        Vector256<double> ph,
        Vector256<double> pgh,
        Vector256<double> pl,
        Vector256<double> nodem,
        Vector256<double> argpm,
        Vector256<double> mm,
        Vector256<double> mp)
    {
        var zero = Vector256<double>.Zero;
        var twoPi = Vector256.Create(TwoPi);
        var pi = Vector256.Create(Math.PI);
        var (sinop, cosop) = Vector256.SinCos(nodem);
        var alfdp = (sinip * sinop) + ((ph * cosop) + (pinc * cosip * sinop));
        var betdp = (sinip * cosop) + ((-ph * sinop) + (pinc * cosip * cosop));
        var nodep = LaneMath.Remainder2Pi(nodem);
        nodep = Vector256.ConditionalSelect(s.Afspc & Vector256.LessThan(nodep, zero), nodep + twoPi, nodep);
        var xls = mm + argpm + (cosip * nodep);
        var dls = pl + pgh - (pinc * nodep * sinip);
        xls += dls;
        var xnoh = nodep;
        nodep = Vector256.Create(
            Math.Atan2(alfdp.GetElement(0), betdp.GetElement(0)),
            Math.Atan2(alfdp.GetElement(1), betdp.GetElement(1)),
            Math.Atan2(alfdp.GetElement(2), betdp.GetElement(2)),
            Math.Atan2(alfdp.GetElement(3), betdp.GetElement(3)));
        nodep = Vector256.ConditionalSelect(s.Afspc & Vector256.LessThan(nodep, zero), nodep + twoPi, nodep);
        var wrap = Vector256.GreaterThan(Vector256.Abs(xnoh - nodep), pi);
        var wrapped = Vector256.ConditionalSelect(Vector256.LessThan(nodep, xnoh), nodep + twoPi, nodep - twoPi);
        nodep = Vector256.ConditionalSelect(wrap, wrapped, nodep);
        return (nodep, xls - mp - (cosip * nodep));
    }
}
