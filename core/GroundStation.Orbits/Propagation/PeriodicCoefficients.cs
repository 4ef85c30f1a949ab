namespace GroundStation.Orbits.Propagation;

/// <summary>
/// The periodic-term coefficients of one perturbing body (the Sun or the Moon) for eccentricity, inclination, mean
/// longitude, perigee and node, and their evaluation at a time (dscom and dpper in Vallado et al. 2006).
/// </summary>
internal readonly record struct PeriodicCoefficients(
    double E2, double E3, double I2, double I3, double L2, double L3, double L4,
    double Gh2, double Gh3, double Gh4, double H2, double H3)
{
    /// <summary>The coefficients from a body's intermediate terms, its orbital eccentricity and the satellite's e^2.</summary>
    public static PeriodicCoefficients From(
        double s1, double s2, double s3, double s4, double s6, double s7,
        double z1, double z2, double z3, double z11, double z12, double z13,
        double z21, double z22, double z23, double z31, double z32, double z33,
        double bodyEccentricity, double emsq) =>
        new(
            E2: 2.0 * s1 * s6,
            E3: 2.0 * s1 * s7,
            I2: 2.0 * s2 * z12,
            I3: 2.0 * s2 * (z13 - z11),
            L2: -2.0 * s3 * z2,
            L3: -2.0 * s3 * (z3 - z1),
            L4: -2.0 * s3 * (-21.0 - (9.0 * emsq)) * bodyEccentricity,
            Gh2: 2.0 * s4 * z32,
            Gh3: 2.0 * s4 * (z33 - z31),
            Gh4: -18.0 * s4 * bodyEccentricity,
            H2: -2.0 * s2 * z22,
            H3: -2.0 * s2 * (z23 - z21));

    /// <summary>
    /// The periodic perturbations at the body's mean anomaly <paramref name="zm"/>: eccentricity, inclination, mean
    /// longitude, perigee and node.
    /// </summary>
    public (double E, double I, double L, double Gh, double H) Evaluate(double zm, double bodyEccentricity)
    {
        var zf = zm + (2.0 * bodyEccentricity * Math.Sin(zm));
        var (sinzf, coszf) = Math.SinCos(zf);
        var f2 = (0.5 * sinzf * sinzf) - 0.25;
        var f3 = -0.5 * sinzf * coszf;
        return ((E2 * f2) + (E3 * f3),
            (I2 * f2) + (I3 * f3),
            (L2 * f2) + (L3 * f3) + (L4 * sinzf),
            (Gh2 * f2) + (Gh3 * f3) + (Gh4 * sinzf),
            (H2 * f2) + (H3 * f3));
    }
}
