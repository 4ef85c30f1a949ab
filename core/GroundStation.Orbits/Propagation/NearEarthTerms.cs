namespace GroundStation.Orbits.Propagation;

/// <summary>
/// The epoch constants of SGP4 (Hoots &amp; Roehrich 1980, as revised by Vallado et al. 2006): the un-Kozai'd mean motion,
/// secular rates from J2 and J4, and the drag polynomial coefficients. Computed once per element set.
/// </summary>
internal sealed class NearEarthTerms
{
    private const double TwoThirds = 2.0 / 3.0;

    /// <summary>Guards the 1/(1 + cos i) singularity of the long-period coefficient for retrograde equatorial orbits.</summary>
    public const double RetrogradeGuard = 1.5e-12;

    public NearEarthTerms(in MeanElements elements, in GravityConstants gravity)
    {
        var ecco = elements.Eccentricity;
        var inclo = elements.Inclination;
        var bstar = elements.BStar;
        var j2 = gravity.J2;
        var j3oj2 = gravity.J3OverJ2;
        var radius = gravity.RadiusKm;

        // Recover the original (Brouwer) mean motion and semi-major axis from the Kozai mean motion.
        var eccsq = ecco * ecco;
        var omeosq = 1.0 - eccsq;
        var rteosq = Math.Sqrt(omeosq);
        (SinInclination, CosInclination) = Math.SinCos(inclo);
        var cosio2 = CosInclination * CosInclination;
        var ak = Math.Pow(gravity.Xke / elements.KozaiMeanMotion, TwoThirds);
        var d1 = 0.75 * j2 * ((3.0 * cosio2) - 1.0) / (rteosq * omeosq);
        var del = d1 / (ak * ak);
        var adel = ak * (1.0 - (del * del) - (del * ((1.0 / 3.0) + (134.0 * del * del / 81.0))));
        del = d1 / (adel * adel);
        MeanMotion = elements.KozaiMeanMotion / (1.0 + del);
        SemiMajorAxis = Math.Pow(gravity.Xke / MeanMotion, TwoThirds);
        EccentricitySquared = eccsq;

        var po = SemiMajorAxis * omeosq;
        var con42 = 1.0 - (5.0 * cosio2);
        Con41 = -con42 - cosio2 - cosio2;
        var posq = po * po;
        var rp = SemiMajorAxis * (1.0 - ecco);

        // For perigees below 220 km the drag polynomial is truncated (the "simple" model).
        IsSimplified = rp < (220.0 / radius) + 1.0;

        // The atmospheric density parameter s and (q0 - s)^4 are lowered for perigees below 156 km.
        var sfour = (78.0 / radius) + 1.0;
        var qzms24 = Math.Pow((120.0 - 78.0) / radius, 4.0);
        var perigeeKm = (rp - 1.0) * radius;
        if (perigeeKm < 156.0)
        {
            sfour = perigeeKm < 98.0 ? 20.0 : perigeeKm - 78.0;
            qzms24 = Math.Pow((120.0 - sfour) / radius, 4.0);
            sfour = (sfour / radius) + 1.0;
        }

        var pinvsq = 1.0 / posq;
        var tsi = 1.0 / (SemiMajorAxis - sfour);
        Eta = SemiMajorAxis * ecco * tsi;
        var etasq = Eta * Eta;
        var eeta = ecco * Eta;
        var psisq = Math.Abs(1.0 - etasq);
        var coef = qzms24 * Math.Pow(tsi, 4.0);
        var coef1 = coef / Math.Pow(psisq, 3.5);
        var cc2 = coef1 * MeanMotion *
                  ((SemiMajorAxis * (1.0 + (1.5 * etasq) + (eeta * (4.0 + etasq)))) +
                   (0.375 * j2 * tsi / psisq * Con41 * (8.0 + (3.0 * etasq * (8.0 + etasq)))));
        C1 = bstar * cc2;
        var cc3 = ecco > 1.0e-4 ? -2.0 * coef * tsi * j3oj2 * MeanMotion * SinInclination / ecco : 0.0;
        X1mth2 = 1.0 - cosio2;
        C4 = 2.0 * MeanMotion * coef1 * SemiMajorAxis * omeosq *
             ((Eta * (2.0 + (0.5 * etasq))) + (ecco * (0.5 + (2.0 * etasq))) -
              (j2 * tsi / (SemiMajorAxis * psisq) *
               ((-3.0 * Con41 * (1.0 - (2.0 * eeta) + (etasq * (1.5 - (0.5 * eeta))))) +
                (0.75 * X1mth2 * ((2.0 * etasq) - (eeta * (1.0 + etasq))) * Math.Cos(2.0 * elements.ArgPerigee)))));
        C5 = 2.0 * coef1 * SemiMajorAxis * omeosq * (1.0 + (2.75 * (etasq + eeta)) + (eeta * etasq));

        // Secular rates of mean anomaly, perigee and node from J2 and J4.
        var cosio4 = cosio2 * cosio2;
        var temp1 = 1.5 * j2 * pinvsq * MeanMotion;
        var temp2 = 0.5 * temp1 * j2 * pinvsq;
        var temp3 = -0.46875 * gravity.J4 * pinvsq * pinvsq * MeanMotion;
        MeanAnomalyRate = MeanMotion + (0.5 * temp1 * rteosq * Con41) +
                          (0.0625 * temp2 * rteosq * (13.0 - (78.0 * cosio2) + (137.0 * cosio4)));
        ArgPerigeeRate = (-0.5 * temp1 * con42) + (0.0625 * temp2 * (7.0 - (114.0 * cosio2) + (395.0 * cosio4))) +
                         (temp3 * (3.0 - (36.0 * cosio2) + (49.0 * cosio4)));
        var xhdot1 = -temp1 * CosInclination;
        NodeRate = xhdot1 + (((0.5 * temp2 * (4.0 - (19.0 * cosio2))) + (2.0 * temp3 * (3.0 - (7.0 * cosio2)))) *
                             CosInclination);
        OmegaCoefficient = bstar * cc3 * Math.Cos(elements.ArgPerigee);
        MeanAnomalyCoefficient = ecco > 1.0e-4 ? -TwoThirds * coef * bstar / eeta : 0.0;
        NodeDragCoefficient = 3.5 * omeosq * xhdot1 * C1;
        T2Coefficient = 1.5 * C1;
        (LongPeriodLCoefficient, LongPeriodAyCoefficient) = LongPeriodCoefficients(
            SinInclination, CosInclination, j3oj2);
        var delmotemp = 1.0 + (Eta * Math.Cos(elements.MeanAnomaly));
        DeltaM0 = delmotemp * delmotemp * delmotemp;
        SinM0 = Math.Sin(elements.MeanAnomaly);
        X7thm1 = (7.0 * cosio2) - 1.0;

        if (!IsSimplified)
        {
            var cc1sq = C1 * C1;
            D2 = 4.0 * SemiMajorAxis * tsi * cc1sq;
            var temp = D2 * tsi * C1 / 3.0;
            D3 = ((17.0 * SemiMajorAxis) + sfour) * temp;
            D4 = 0.5 * temp * SemiMajorAxis * tsi * ((221.0 * SemiMajorAxis) + (31.0 * sfour)) * C1;
            T3Coefficient = D2 + (2.0 * cc1sq);
            T4Coefficient = 0.25 * ((3.0 * D3) + (C1 * ((12.0 * D2) + (10.0 * cc1sq))));
            T5Coefficient = 0.2 * ((3.0 * D4) + (12.0 * C1 * D3) + (6.0 * D2 * D2) + (15.0 * cc1sq * ((2.0 * D2) + cc1sq)));
        }
    }

    /// <summary>Un-Kozai'd (Brouwer) mean motion, rad/min.</summary>
    public double MeanMotion { get; }

    /// <summary>Semi-major axis from <see cref="MeanMotion"/>, Earth radii.</summary>
    public double SemiMajorAxis { get; }

    public double EccentricitySquared { get; }

    public double SinInclination { get; }

    public double CosInclination { get; }

    /// <summary>True when perigee is below 220 km and the higher drag terms are dropped.</summary>
    public bool IsSimplified { get; }

    public double Eta { get; }

    public double C1 { get; }

    public double C4 { get; }

    public double C5 { get; }

    public double D2 { get; }

    public double D3 { get; }

    public double D4 { get; }

    /// <summary>3 cos^2 i - 1.</summary>
    public double Con41 { get; }

    /// <summary>1 - cos^2 i.</summary>
    public double X1mth2 { get; }

    /// <summary>7 cos^2 i - 1.</summary>
    public double X7thm1 { get; }

    public double MeanAnomalyRate { get; }

    public double ArgPerigeeRate { get; }

    public double NodeRate { get; }

    public double OmegaCoefficient { get; }

    public double MeanAnomalyCoefficient { get; }

    public double NodeDragCoefficient { get; }

    public double T2Coefficient { get; }

    public double T3Coefficient { get; }

    public double T4Coefficient { get; }

    public double T5Coefficient { get; }

    /// <summary>Long-period coefficient of the mean longitude (J3).</summary>
    public double LongPeriodLCoefficient { get; }

    /// <summary>Long-period coefficient of the a_yN component (J3).</summary>
    public double LongPeriodAyCoefficient { get; }

    /// <summary>(1 + eta cos M0)^3.</summary>
    public double DeltaM0 { get; }

    public double SinM0 { get; }

    /// <summary>The J3 long-period coefficients for an inclination given by its sine and cosine.</summary>
    public static (double XlCoefficient, double AyCoefficient) LongPeriodCoefficients(
        double sinInclination, double cosInclination, double j3OverJ2)
    {
        var onePlusCos = 1.0 + cosInclination;
        var denominator = Math.Abs(onePlusCos) > RetrogradeGuard ? onePlusCos : RetrogradeGuard;
        return (-0.25 * j3OverJ2 * sinInclination * (3.0 + (5.0 * cosInclination)) / denominator,
            -0.5 * j3OverJ2 * sinInclination);
    }
}
