using System.Runtime.Intrinsics;

namespace GroundStation.Orbits.Propagation;

/// <summary>The TEME states of one lane block and which lanes failed, and how.</summary>
internal readonly record struct NearEarthLaneStates(
    Vector256<double> X, Vector256<double> Y, Vector256<double> Z,
    Vector256<double> Vx, Vector256<double> Vy, Vector256<double> Vz,
    Vector256<double> EccentricityOutOfRange, Vector256<double> SemiLatusRectumNegative, Vector256<double> Decayed,
    Vector256<double> KeplerUnconverged)
{
    /// <summary>
    /// True when Kepler's equation used all ten iterations without converging in this lane. The result then depends on
    /// the last bits of every operation (the reference's fixed iteration cap, not the orbit, decides it), so the
    /// caller takes such lanes from the scalar propagator.
    /// </summary>
    public bool NeedsScalar(int lane) => KeplerUnconverged.GetElement(lane) != 0.0;

    /// <summary>True when every lane has a valid state and none needs the scalar path (the usual case).</summary>
    public bool AllValid =>
        (EccentricityOutOfRange | SemiLatusRectumNegative | Decayed | KeplerUnconverged) == Vector256<double>.Zero;


    /// <summary>The outcome for one lane, with the precedence the scalar propagator gives the error checks.</summary>
    public Sgp4Error ErrorOf(int lane) =>
        EccentricityOutOfRange.GetElement(lane) != 0.0 ? Sgp4Error.MeanEccentricityOutOfRange
        : SemiLatusRectumNegative.GetElement(lane) != 0.0 ? Sgp4Error.SemiLatusRectumNegative
        : Decayed.GetElement(lane) != 0.0 ? Sgp4Error.Decayed
        : Sgp4Error.None;

    /// <summary>The state of one lane (meaningful for <see cref="Sgp4Error.None"/> and <see cref="Sgp4Error.Decayed"/>).</summary>
    public TemeState StateOf(int lane) => new(
        new Vector3D(X.GetElement(lane), Y.GetElement(lane), Z.GetElement(lane)),
        new Vector3D(Vx.GetElement(lane), Vy.GetElement(lane), Vz.GetElement(lane)));
}

/// <summary>
/// Near-Earth SGP4 for four satellites at once. The arithmetic repeats <see cref="Sgp4Propagator"/> operation for
/// operation (same order, no fused multiply-adds), so lanes agree with it bit for bit except where it calls the
/// libm: <see cref="Vector256.SinCos(Vector256{double})"/> is within one ulp of <see cref="Math.SinCos"/>, and
/// angles that are a known angle plus a small correction (the argument of latitude after its short-period term, taken
/// from sinu and cosu instead of atan2; the osculating inclination; the drag-shifted mean anomaly) come from the
/// angle-sum identity with a short series for the correction, which saves four full sine evaluations of about ten.
/// These leave differences of a few 1e-16 relative, far inside 1e-9 km. Kepler's equation iterates
/// each lane until its own convergence test passes, exactly as the scalar loop does.
/// </summary>
internal static class NearEarthLaneKernel
{
    private const double TwoPi = 2.0 * Math.PI;

    /// <summary>Below this (1/64 rad) the short series of <see cref="SinCosSmall"/> is exact to rounding.</summary>
    private const double SmallAngleLimit = 1.0 / 64.0;

    public static NearEarthLaneStates Evaluate(in NearEarthLaneBlock s, Vector256<double> t, in GravityConstants gravity)
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
        tempe += s.BStar * s.C5 * (SinOfSum(sinXmdf, cosXmdf, mm, dragShift) - s.SinM0);
        templ = templ + (s.T3Coefficient * t3) + (t4 * (s.T4Coefficient + (t * s.T5Coefficient)));

        var xke = Vector256.Create(gravity.Xke);
        var am = s.SemiMajorAxis * tempa * tempa;
        var nm = xke / (am * Vector256.Sqrt(am));
        var em = s.Eccentricity - tempe;
        var eccentricityOutOfRange = Vector256.GreaterThanOrEqual(em, one) |
                                     Vector256.LessThan(em, Vector256.Create(-0.001));
        var minimumEccentricity = Vector256.Create(1.0e-6);
        em = Vector256.ConditionalSelect(Vector256.LessThan(em, minimumEccentricity), minimumEccentricity, em);

        mm += s.MeanMotion * templ;
        var xlm = mm + argpm + nodem;
        nodem = Remainder2Pi(nodem);
        argpm = Remainder2Pi(argpm);
        xlm = Remainder2Pi(xlm);
        mm = Remainder2Pi(xlm - argpm - nodem);

        // Long-period periodics.
        var (sinArgp, cosArgp) = Vector256.SinCos(argpm);
        var axnl = em * cosArgp;
        var temp0 = one / (am * (one - (em * em)));
        var aynl = (em * sinArgp) + (temp0 * s.LongPeriodAyCoefficient);
        var xl = mm + argpm + nodem + (temp0 * s.LongPeriodLCoefficient * axnl);

        var (sineo1, coseo1, keplerUnconverged) = SolveKepler(Remainder2Pi(xl - nodem), axnl, aynl);

        // Short-period preliminary quantities.
        var ecose = (axnl * coseo1) + (aynl * sineo1);
        var esine = (axnl * sineo1) - (aynl * coseo1);
        var el2 = (axnl * axnl) + (aynl * aynl);
        var pl = am * (one - el2);
        var semiLatusRectumNegative = Vector256.LessThan(pl, Vector256<double>.Zero) & ~eccentricityOutOfRange;

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
        var mrt = (rl * (one - (onePointFive * temp2 * betal * s.Con41))) +
                  (Vector256.Create(0.5) * temp1 * s.X1mth2 * cos2u);
        var suCorrection = Vector256.Create(0.25) * temp2 * s.X7thm1 * sin2u;
        var xnode = nodem + (onePointFive * temp2 * s.CosInclination * sin2u);
        var incCorrection = onePointFive * temp2 * s.CosInclination * s.SinInclination * cos2u;
        var xinc = s.Inclination + incCorrection;
        var mvt = rdotl - (nm * temp1 * s.X1mth2 * sin2u / xke);
        var rvdot = rvdotl + (nm * temp1 * ((s.X1mth2 * cos2u) + (onePointFive * s.Con41)) / xke);

        // su = atan2(sinu, cosu) - correction, taken through its sine and cosine directly.
        var inverseLength = one / Vector256.Sqrt((sinu * sinu) + (cosu * cosu));
        var sinu0 = sinu * inverseLength;
        var cosu0 = cosu * inverseLength;
        var (sinCorrection, cosCorrection) = SinCosSmall(suCorrection);
        var sinsu = (sinu0 * cosCorrection) - (cosu0 * sinCorrection);
        var cossu = (cosu0 * cosCorrection) + (sinu0 * sinCorrection);

        // Orientation vectors and the state.
        var (snod, cnod) = Vector256.SinCos(xnode);
        var (sini, cosi) = SinCosOfSum(s.SinInclination, s.CosInclination, xinc, incCorrection);
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
        var decayed = Vector256.LessThan(mrt, one) & ~(eccentricityOutOfRange | semiLatusRectumNegative);
        return new NearEarthLaneStates(
            mrt * ux * radius, mrt * uy * radius, mrt * uz * radius,
            ((mvt * ux) + (rvdot * vx)) * vkmpersec,
            ((mvt * uy) + (rvdot * vy)) * vkmpersec,
            ((mvt * uz) + (rvdot * vz)) * vkmpersec,
            eccentricityOutOfRange, semiLatusRectumNegative, decayed, keplerUnconverged & ~eccentricityOutOfRange);
    }

    /// <summary>
    /// sin(a + d) from the sine and cosine of a when the increment d is small (the drag shift of the mean anomaly):
    /// one short polynomial instead of a second full sine.
    /// </summary>
    private static Vector256<double> SinOfSum(
        Vector256<double> sinA, Vector256<double> cosA, Vector256<double> sum, Vector256<double> d)
    {
        if (!Vector256.LessThanAll(Vector256.Abs(d), Vector256.Create(SmallAngleLimit)))
        {
            return Vector256.Sin(sum);
        }

        var (sinD, cosD) = SinCosSmall(d);
        return (sinA * cosD) + (cosA * sinD);
    }

    /// <summary>sin and cos of a + d from those of a when the increment d is small (the short-period inclination term).</summary>
    private static (Vector256<double> Sin, Vector256<double> Cos) SinCosOfSum(
        Vector256<double> sinA, Vector256<double> cosA, Vector256<double> sum, Vector256<double> d)
    {
        if (!Vector256.LessThanAll(Vector256.Abs(d), Vector256.Create(SmallAngleLimit)))
        {
            return Vector256.SinCos(sum);
        }

        var (sinD, cosD) = SinCosSmall(d);
        return ((sinA * cosD) + (cosA * sinD), (cosA * cosD) - (sinA * sinD));
    }

    /// <summary>
    /// sin and cos of angles below <see cref="SmallAngleLimit"/> by their Taylor series to the x^9 and x^10 terms,
    /// whose truncation error (below 1e-26) leaves only the rounding of a few operations; larger angles go through
    /// <see cref="Vector256.SinCos(Vector256{double})"/>.
    /// </summary>
    private static (Vector256<double> Sin, Vector256<double> Cos) SinCosSmall(Vector256<double> x)
    {
        if (!Vector256.LessThanAll(Vector256.Abs(x), Vector256.Create(SmallAngleLimit)))
        {
            return Vector256.SinCos(x);
        }

        var x2 = x * x;
        var sinSeries = Vector256.Create(-1.0 / 5040.0) + (x2 * Vector256.Create(1.0 / 362880.0));
        sinSeries = Vector256.Create(1.0 / 120.0) + (x2 * sinSeries);
        sinSeries = Vector256.Create(-1.0 / 6.0) + (x2 * sinSeries);
        var sin = x + (x * x2 * sinSeries);
        var cosSeries = Vector256.Create(1.0 / 40320.0) + (x2 * Vector256.Create(-1.0 / 3628800.0));
        cosSeries = Vector256.Create(-1.0 / 720.0) + (x2 * cosSeries);
        cosSeries = Vector256.Create(1.0 / 24.0) + (x2 * cosSeries);
        cosSeries = Vector256.Create(-0.5) + (x2 * cosSeries);
        var cos = Vector256.Create(1.0) + (x2 * cosSeries);
        return (sin, cos);
    }

    /// <summary>
    /// Kepler's equation in the equinoctial form, Newton-Raphson with the step limited to 0.95 rad; each lane stops
    /// at its own convergence (|step| below 1e-12) or after ten iterations, and returns the sine and cosine of the
    /// eccentric longitude its last iteration started from, as the scalar loop does, and the lanes that had not
    /// converged after the last iteration.
    /// </summary>
    private static (Vector256<double> Sin, Vector256<double> Cos, Vector256<double> Unconverged) SolveKepler(
        Vector256<double> u, Vector256<double> axnl, Vector256<double> aynl)
    {
        var one = Vector256.Create(1.0);
        var limit = Vector256.Create(0.95);
        var tolerance = Vector256.Create(1.0e-12);
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
            active &= Vector256.GreaterThanOrEqual(Vector256.Abs(tem5), tolerance);
        }

        return (sineo1, coseo1, active);
    }

    /// <summary>
    /// x % 2 pi exactly as the C# (fmod) remainder gives it: the sign of x and no rounding. The quotient estimate can be
    /// one off when x / 2 pi is within rounding of an integer; the fused multiply-add then shows it by a result out of
    /// range, and the corrected quotient gives the exact (representable) remainder.
    /// </summary>
    private static Vector256<double> Remainder2Pi(Vector256<double> x)
    {
        var twoPi = Vector256.Create(TwoPi);
        var quotient = Vector256.Truncate(x / twoPi);
        var remainder = Vector256.FusedMultiplyAdd(-quotient, twoPi, x);
        var nonNegative = Vector256.GreaterThanOrEqual(x, Vector256<double>.Zero);
        var tooFar = Vector256.ConditionalSelect(
            nonNegative,
            Vector256.GreaterThanOrEqual(remainder, twoPi),
            Vector256.GreaterThan(remainder, Vector256<double>.Zero));
        var tooShort = Vector256.ConditionalSelect(
            nonNegative,
            Vector256.LessThan(remainder, Vector256<double>.Zero),
            Vector256.LessThanOrEqual(remainder, -twoPi));
        if ((tooFar | tooShort) == Vector256<double>.Zero)
        {
            return remainder;
        }

        // tooFar / tooShort are all-ones masks; as doubles they are NaN, so build the +1 / -1 steps by selection.
        var step = Vector256.ConditionalSelect(tooFar, Vector256.Create(1.0), Vector256<double>.Zero) -
                   Vector256.ConditionalSelect(tooShort, Vector256.Create(1.0), Vector256<double>.Zero);
        return Vector256.FusedMultiplyAdd(-(quotient + step), twoPi, x);
    }
}
