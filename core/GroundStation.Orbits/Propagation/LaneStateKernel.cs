using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GroundStation.Orbits.Propagation;

/// <summary>
/// The part of SGP4 that near-Earth and deep-space satellites share, for four satellites at once: long-period
/// periodics, Kepler's equation, short-period periodics and the TEME state. The arithmetic repeats
/// <see cref="Sgp4Propagator"/> operation for operation (same order, no fused multiply-adds), except where it calls the
/// libm: <see cref="Vector256.SinCos(Vector256{double})"/> is within one ulp of <see cref="Math.SinCos"/>, and the
/// argument of latitude after its short-period term and the osculating inclination are taken through the angle-sum
/// identity (<see cref="LaneMath"/>) instead of atan2 and a full sine.
/// </summary>
internal static class LaneStateKernel
{
    /// <summary>
    /// The secular mean eccentricity after drag, checked and floored as SGP4 does: lanes outside [-0.001, 1) get
    /// <see cref="Sgp4Error.MeanEccentricityOutOfRange"/> in <paramref name="errorCode"/> (unless an earlier error is
    /// there), and every lane is raised to at least 1e-6.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> CheckedMeanEccentricity(Vector256<double> em, ref Vector256<double> errorCode)
    {
        errorCode = LaneStates.SetFirstError(
            errorCode,
            Vector256.GreaterThanOrEqual(em, Vector256.Create(1.0)) | Vector256.LessThan(em, Vector256.Create(-0.001)),
            Sgp4Error.MeanEccentricityOutOfRange);
        var minimumEccentricity = Vector256.Create(1.0e-6);
        return Vector256.ConditionalSelect(Vector256.LessThan(em, minimumEccentricity), minimumEccentricity, em);
    }

    /// <summary>
    /// Adds the drag term to the mean anomaly and brings node, argument of perigee and mean anomaly into [0, 2pi)
    /// through the mean longitude, in SGP4's order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NormaliseAngles(ref Vector256<double> mm, ref Vector256<double> argpm, ref Vector256<double> nodem,
        Vector256<double> meanMotion, Vector256<double> templ)
    {
        mm += meanMotion * templ;
        var xlm = mm + argpm + nodem;
        nodem = LaneMath.Remainder2Pi(nodem);
        argpm = LaneMath.Remainder2Pi(argpm);
        xlm = LaneMath.Remainder2Pi(xlm);
        mm = LaneMath.Remainder2Pi(xlm - argpm - nodem);
    }

    /// <summary>
    /// The TEME states of <paramref name="o"/>. <paramref name="errorCode"/> carries the failures found before this
    /// stage; the semi-latus rectum and decay checks are added where no earlier check failed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static LaneStates Evaluate(in LaneMeanOrbit o, Vector256<double> errorCode, in GravityConstants gravity)
    {
        var one = Vector256.Create(1.0);
        var am = o.SemiMajorAxis;
        var em = o.Eccentricity;
        var xke = Vector256.Create(gravity.Xke);

        // Long-period periodics.
        var (sinArgp, cosArgp) = Vector256.SinCos(o.ArgPerigee);
        var axnl = em * cosArgp;
        var temp0 = one / (am * (one - (em * em)));
        var aynl = (em * sinArgp) + (temp0 * o.LongPeriodAyCoefficient);
        var xl = o.MeanAnomaly + o.ArgPerigee + o.Node + (temp0 * o.LongPeriodLCoefficient * axnl);

        var (sineo1, coseo1, keplerNeedsScalar) = SolveKepler(LaneMath.Remainder2Pi(xl - o.Node), axnl, aynl);

        // Kepler's result only matters where no earlier check failed (the scalar code returns before it).
        keplerNeedsScalar &= Vector256.Equals(errorCode, Vector256<double>.Zero);

        // Short-period preliminary quantities.
        var ecose = (axnl * coseo1) + (aynl * sineo1);
        var esine = (axnl * sineo1) - (aynl * coseo1);
        var el2 = (axnl * axnl) + (aynl * aynl);
        var pl = am * (one - el2);
        errorCode = LaneStates.SetFirstError(
            errorCode, Vector256.LessThan(pl, Vector256<double>.Zero), Sgp4Error.SemiLatusRectumNegative);

        var rl = am * (one - ecose);
        var rdotl = Vector256.Sqrt(am) * esine / rl;
        var rvdotl = Vector256.Sqrt(pl) / rl;
        var betal = Vector256.Sqrt(one - el2);
        var temp = esine / (one + betal);
        var sinu = am / rl * (sineo1 - aynl - (axnl * temp));
        var cosu = am / rl * (coseo1 - axnl + (aynl * temp));
        var sin2u = (cosu + cosu) * sinu;
        var cos2u = one - (Vector256.Create(2.0) * sinu * sinu);
        temp = one / pl;
        var temp1 = Vector256.Create(0.5 * gravity.J2) * temp;
        var temp2 = temp1 * temp;

        // Short-period periodics.
        var onePointFive = Vector256.Create(1.5);
        var mrt = (rl * (one - (onePointFive * temp2 * betal * o.Con41))) +
                  (Vector256.Create(0.5) * temp1 * o.X1mth2 * cos2u);
        var suCorrection = Vector256.Create(0.25) * temp2 * o.X7thm1 * sin2u;
        var xnode = o.Node + (onePointFive * temp2 * o.CosInclination * sin2u);
        var incCorrection = onePointFive * temp2 * o.CosInclination * o.SinInclination * cos2u;
        var xinc = o.Inclination + incCorrection;
        var mvt = rdotl - (o.MeanMotion * temp1 * o.X1mth2 * sin2u / xke);
        var rvdot = rvdotl + (o.MeanMotion * temp1 * ((o.X1mth2 * cos2u) + (onePointFive * o.Con41)) / xke);

        // su = atan2(sinu, cosu) - correction, taken through its sine and cosine directly.
        var inverseLength = one / Vector256.Sqrt((sinu * sinu) + (cosu * cosu));
        var sinu0 = sinu * inverseLength;
        var cosu0 = cosu * inverseLength;
        var (sinCorrection, cosCorrection) = LaneMath.SinCosSmall(suCorrection);
        var sinsu = (sinu0 * cosCorrection) - (cosu0 * sinCorrection);
        var cossu = (cosu0 * cosCorrection) + (sinu0 * sinCorrection);

        // Orientation vectors and the state.
        var (snod, cnod) = Vector256.SinCos(xnode);
        var (sini, cosi) = LaneMath.SinCosOfSum(o.SinInclination, o.CosInclination, xinc, incCorrection);
        var xmx = -snod * cosi;
        var xmy = cnod * cosi;
        var ux = (xmx * sinsu) + (cnod * cossu);
        var uy = (xmy * sinsu) + (snod * cossu);
        var uz = sini * sinsu;
        var vx = (xmx * cossu) - (cnod * sinsu);
        var vy = (xmy * cossu) - (snod * sinsu);
        var vz = sini * cossu;

        var radius = Vector256.Create(gravity.RadiusKm);
        var vkmpersec = Vector256.Create(gravity.KmPerSecondPerUnit);
        errorCode = LaneStates.SetFirstError(errorCode, Vector256.LessThan(mrt, one), Sgp4Error.Decayed);
        return new LaneStates(
            mrt * ux * radius, mrt * uy * radius, mrt * uz * radius,
            ((mvt * ux) + (rvdot * vx)) * vkmpersec,
            ((mvt * uy) + (rvdot * vy)) * vkmpersec,
            ((mvt * uz) + (rvdot * vz)) * vkmpersec,
            errorCode, keplerNeedsScalar);
    }

    /// <summary>
    /// Kepler's equation in the equinoctial form, Newton-Raphson with the step limited to 0.95 rad; each lane stops
    /// at its own convergence (|step| below 1e-12) or after ten iterations, and returns the sine and cosine of the
    /// eccentric longitude its last iteration started from, as the scalar loop does. The result is off by about the
    /// last step, up to 1e-12 rad (7e-9 km in LEO), so the vector lanes must stop at the same iteration as the scalar
    /// code: a step within 1% of the threshold could fall on the other side of it there (the vector sines differ by an
    /// ulp, which moves the step by a few 1e-16), so such lanes are returned as needing the scalar path, as are lanes
    /// that had not converged after the last iteration. On the benchmark catalog one propagation in about 7,000 is
    /// borderline.
    /// </summary>
    private static (Vector256<double> Sin, Vector256<double> Cos, Vector256<double> NeedsScalar) SolveKepler(
        Vector256<double> u, Vector256<double> axnl, Vector256<double> aynl)
    {
        var one = Vector256.Create(1.0);
        var limit = Vector256.Create(0.95);
        var tolerance = Vector256.Create(1.0e-12);
        var borderlineLow = Vector256.Create(0.99e-12);
        var borderlineHigh = Vector256.Create(1.01e-12);
        var borderline = Vector256<double>.Zero;
        var eo1 = u;
        var sineo1 = Vector256<double>.Zero;
        var coseo1 = Vector256<double>.Zero;
        var active = Vector256<double>.AllBitsSet;
        for (var iteration = 1; iteration <= 10 && active != Vector256<double>.Zero; iteration++)
        {
            var (sin, cos) = Vector256.SinCos(eo1);
            sineo1 = Vector256.ConditionalSelect(active, sin, sineo1);
            coseo1 = Vector256.ConditionalSelect(active, cos, coseo1);
            var tem5 = one - (coseo1 * axnl) - (sineo1 * aynl);
            tem5 = (u - (aynl * coseo1) + (axnl * sineo1) - eo1) / tem5;
            var clamped = Vector256.ConditionalSelect(
                Vector256.GreaterThan(tem5, Vector256<double>.Zero), limit, -limit);
            tem5 = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(Vector256.Abs(tem5), limit), clamped, tem5);
            eo1 = Vector256.ConditionalSelect(active, eo1 + tem5, eo1);
            var step = Vector256.Abs(tem5);
            borderline |= active & Vector256.GreaterThan(step, borderlineLow) & Vector256.LessThan(step, borderlineHigh);
            active &= Vector256.GreaterThanOrEqual(step, tolerance);
        }

        return (sineo1, coseo1, active | borderline);
    }
}
