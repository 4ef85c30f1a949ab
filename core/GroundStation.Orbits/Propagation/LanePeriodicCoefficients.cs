using System.Runtime.Intrinsics;

namespace GroundStation.Orbits.Propagation;

/// <summary>
/// <see cref="PeriodicCoefficients"/> of one perturbing body for four satellites, lane by lane, and their evaluation
/// with vectors, in the scalar evaluation's order of operations.
/// </summary>
internal struct LanePeriodicCoefficients
{
    public Vector256<double> E2, E3, I2, I3, L2, L3, L4, Gh2, Gh3, Gh4, H2, H3;

    /// <summary>Lays out the coefficients of exactly <see cref="Vector256{T}.Count"/> satellites.</summary>
    public static LanePeriodicCoefficients From(IReadOnlyList<PeriodicCoefficients> lanes)
    {
        Vector256<double> Lanes(Func<PeriodicCoefficients, double> value) =>
            Vector256.Create(value(lanes[0]), value(lanes[1]), value(lanes[2]), value(lanes[3]));

        return new LanePeriodicCoefficients
        {
            E2 = Lanes(c => c.E2),
            E3 = Lanes(c => c.E3),
            I2 = Lanes(c => c.I2),
            I3 = Lanes(c => c.I3),
            L2 = Lanes(c => c.L2),
            L3 = Lanes(c => c.L3),
            L4 = Lanes(c => c.L4),
            Gh2 = Lanes(c => c.Gh2),
            Gh3 = Lanes(c => c.Gh3),
            Gh4 = Lanes(c => c.Gh4),
            H2 = Lanes(c => c.H2),
            H3 = Lanes(c => c.H3),
        };
    }

    /// <summary>
    /// The periodic perturbations at the body's mean anomaly <paramref name="zm"/> (as
    /// <see cref="PeriodicCoefficients.Evaluate"/>): eccentricity, inclination, mean longitude, perigee and node.
    /// </summary>
    public readonly (Vector256<double> E, Vector256<double> I, Vector256<double> L, Vector256<double> Gh, Vector256<double> H)
        Evaluate(Vector256<double> zm, double bodyEccentricity)
    {
        var zf = zm + (Vector256.Create(2.0 * bodyEccentricity) * Vector256.Sin(zm));
        var (sinzf, coszf) = Vector256.SinCos(zf);
        var f2 = (Vector256.Create(0.5) * sinzf * sinzf) - Vector256.Create(0.25);
        var f3 = Vector256.Create(-0.5) * sinzf * coszf;
        return ((E2 * f2) + (E3 * f3),
            (I2 * f2) + (I3 * f3),
            (L2 * f2) + (L3 * f3) + (L4 * sinzf),
            (Gh2 * f2) + (Gh3 * f3) + (Gh4 * sinzf),
            (H2 * f2) + (H3 * f3));
    }
}
