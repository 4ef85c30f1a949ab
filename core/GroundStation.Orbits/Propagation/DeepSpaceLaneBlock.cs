using System.Runtime.Intrinsics;

namespace GroundStation.Orbits.Propagation;

/// <summary>
/// The epoch constants of four deep-space (SDP4) satellites laid out lane by lane (one <see cref="Vector256{T}"/> per
/// constant) for <see cref="DeepSpaceLaneKernel"/>: the near-Earth secular terms SDP4 keeps, the lunar-solar secular
/// rates and periodic coefficients, and the resonance constants. Lane masks are all-ones where a property holds.
/// </summary>
internal struct DeepSpaceLaneBlock
{
    public Vector256<double> MeanAnomaly;
    public Vector256<double> ArgPerigee;
    public Vector256<double> Raan;
    public Vector256<double> Eccentricity;
    public Vector256<double> Inclination;
    public Vector256<double> BStar;
    public Vector256<double> MeanAnomalyRate;
    public Vector256<double> ArgPerigeeRate;
    public Vector256<double> NodeRate;
    public Vector256<double> NodeDragCoefficient;
    public Vector256<double> C1;
    public Vector256<double> C4;
    public Vector256<double> T2Coefficient;
    public Vector256<double> MeanMotion;
    public Vector256<double> SemiMajorAxis;

    // Lunar-solar secular rates.
    public Vector256<double> Dedt;
    public Vector256<double> Didt;
    public Vector256<double> Dmdt;
    public Vector256<double> Dnodt;
    public Vector256<double> Domdt;

    // Lunar-solar periodics: the bodies' mean anomalies at epoch and their coefficients.
    public Vector256<double> Zmos;
    public Vector256<double> Zmol;
    public LanePeriodicCoefficients Solar;
    public LanePeriodicCoefficients Lunar;

    // Resonance.
    public Vector256<double> Gsto;
    public Vector256<double> ResonanceRateOffset;
    public Vector256<double> Resonant;
    public Vector256<double> HalfDay;

    /// <summary>Lanes in <see cref="Sgp4Mode.Afspc"/>, whose Lyddane node is wrapped to [0, 2 pi).</summary>
    public Vector256<double> Afspc;

    /// <summary>Whether any lane integrates a resonance (otherwise the resonance terms are skipped).</summary>
    public bool HasResonance;

    /// <summary>Lays out exactly <see cref="Vector256{T}.Count"/> deep-space propagators (repeat one to pad).</summary>
    public static DeepSpaceLaneBlock From(ReadOnlySpan<Sgp4Propagator> lanes)
    {
        if (lanes.Length != Vector256<double>.Count)
        {
            throw new ArgumentException($"A lane block holds exactly {Vector256<double>.Count} satellites.", nameof(lanes));
        }

        var propagators = lanes.ToArray();
        var deep = new DeepSpaceTerms[lanes.Length];
        for (var i = 0; i < lanes.Length; i++)
        {
            deep[i] = propagators[i].DeepTerms ?? throw new ArgumentException(
                $"Satellite {propagators[i].Elements.Id} is not deep space.", nameof(lanes));
        }

        Vector256<double> Lanes(Func<int, double> value) => Vector256.Create(value(0), value(1), value(2), value(3));
        Vector256<double> Mask(Func<int, bool> value) => Lanes(i => value(i) ? BitConverter.Int64BitsToDouble(-1) : 0.0);

        return new DeepSpaceLaneBlock
        {
            MeanAnomaly = Lanes(i => propagators[i].Mean.MeanAnomaly),
            ArgPerigee = Lanes(i => propagators[i].Mean.ArgPerigee),
            Raan = Lanes(i => propagators[i].Mean.Raan),
            Eccentricity = Lanes(i => propagators[i].Mean.Eccentricity),
            Inclination = Lanes(i => propagators[i].Mean.Inclination),
            BStar = Lanes(i => propagators[i].Mean.BStar),
            MeanAnomalyRate = Lanes(i => propagators[i].NearTerms.MeanAnomalyRate),
            ArgPerigeeRate = Lanes(i => propagators[i].NearTerms.ArgPerigeeRate),
            NodeRate = Lanes(i => propagators[i].NearTerms.NodeRate),
            NodeDragCoefficient = Lanes(i => propagators[i].NearTerms.NodeDragCoefficient),
            C1 = Lanes(i => propagators[i].NearTerms.C1),
            C4 = Lanes(i => propagators[i].NearTerms.C4),
            T2Coefficient = Lanes(i => propagators[i].NearTerms.T2Coefficient),
            MeanMotion = Lanes(i => propagators[i].NearTerms.MeanMotion),
            SemiMajorAxis = Lanes(i => propagators[i].NearTerms.SemiMajorAxis),
            Dedt = Lanes(i => deep[i].SecularRates.Dedt),
            Didt = Lanes(i => deep[i].SecularRates.Didt),
            Dmdt = Lanes(i => deep[i].SecularRates.Dmdt),
            Dnodt = Lanes(i => deep[i].SecularRates.Dnodt),
            Domdt = Lanes(i => deep[i].SecularRates.Domdt),
            Zmos = Lanes(i => deep[i].Zmos),
            Zmol = Lanes(i => deep[i].Zmol),
            Solar = LanePeriodicCoefficients.From(deep.Select(d => d.Solar).ToArray()),
            Lunar = LanePeriodicCoefficients.From(deep.Select(d => d.Lunar).ToArray()),
            Gsto = Lanes(i => deep[i].Gsto),
            ResonanceRateOffset = Lanes(i => deep[i].ResonanceRateOffset),
            Resonant = Mask(i => deep[i].IsResonant),
            HalfDay = Mask(i => deep[i].IsHalfDayResonant),
            Afspc = Mask(i => propagators[i].Mode == Sgp4Mode.Afspc),
            HasResonance = deep.Any(d => d.IsResonant),
        };
    }
}
