using System.Runtime.Intrinsics;

namespace GroundStation.Orbits.Propagation;

/// <summary>
/// The epoch constants of four near-Earth satellites laid out lane by lane (one <see cref="Vector256{T}"/> per
/// constant), so one block feeds <see cref="NearEarthLaneKernel"/> with aligned loads. The drag terms of satellites on
/// the simplified model (perigee below 220 km) are zero here, which makes the full drag expressions reduce exactly to
/// the simplified ones without a per-lane branch.
/// </summary>
internal struct NearEarthLaneBlock
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
    public Vector256<double> C5;
    public Vector256<double> OmegaCoefficient;
    public Vector256<double> Eta;
    public Vector256<double> MeanAnomalyCoefficient;
    public Vector256<double> DeltaM0;
    public Vector256<double> SinM0;
    public Vector256<double> D2;
    public Vector256<double> D3;
    public Vector256<double> D4;
    public Vector256<double> T2Coefficient;
    public Vector256<double> T3Coefficient;
    public Vector256<double> T4Coefficient;
    public Vector256<double> T5Coefficient;
    public Vector256<double> MeanMotion;
    public Vector256<double> SemiMajorAxis;
    public Vector256<double> SinInclination;
    public Vector256<double> CosInclination;
    public Vector256<double> LongPeriodLCoefficient;
    public Vector256<double> LongPeriodAyCoefficient;
    public Vector256<double> Con41;
    public Vector256<double> X1mth2;
    public Vector256<double> X7thm1;

    /// <summary>Lays out exactly <see cref="Vector256{T}.Count"/> near-Earth propagators (repeat one to pad).</summary>
    public static NearEarthLaneBlock From(ReadOnlySpan<Sgp4Propagator> lanes)
    {
        if (lanes.Length != Vector256<double>.Count)
        {
            throw new ArgumentException($"A lane block holds exactly {Vector256<double>.Count} satellites.", nameof(lanes));
        }

        var mean = new MeanElements[lanes.Length];
        var near = new NearEarthTerms[lanes.Length];
        for (var i = 0; i < lanes.Length; i++)
        {
            mean[i] = lanes[i].Mean;
            near[i] = lanes[i].NearTerms;
        }

        Vector256<double> Mean(Func<MeanElements, double> value) =>
            Vector256.Create(value(mean[0]), value(mean[1]), value(mean[2]), value(mean[3]));

        Vector256<double> Near(Func<NearEarthTerms, double> value) =>
            Vector256.Create(value(near[0]), value(near[1]), value(near[2]), value(near[3]));

        Vector256<double> Drag(Func<NearEarthTerms, double> value) =>
            Near(n => n.IsSimplified ? 0.0 : value(n));

        return new NearEarthLaneBlock
        {
            MeanAnomaly = Mean(m => m.MeanAnomaly),
            ArgPerigee = Mean(m => m.ArgPerigee),
            Raan = Mean(m => m.Raan),
            Eccentricity = Mean(m => m.Eccentricity),
            Inclination = Mean(m => m.Inclination),
            BStar = Mean(m => m.BStar),
            MeanAnomalyRate = Near(n => n.MeanAnomalyRate),
            ArgPerigeeRate = Near(n => n.ArgPerigeeRate),
            NodeRate = Near(n => n.NodeRate),
            NodeDragCoefficient = Near(n => n.NodeDragCoefficient),
            C1 = Near(n => n.C1),
            C4 = Near(n => n.C4),
            C5 = Drag(n => n.C5),
            OmegaCoefficient = Drag(n => n.OmegaCoefficient),
            Eta = Near(n => n.Eta),
            MeanAnomalyCoefficient = Drag(n => n.MeanAnomalyCoefficient),
            DeltaM0 = Near(n => n.DeltaM0),
            SinM0 = Near(n => n.SinM0),
            D2 = Drag(n => n.D2),
            D3 = Drag(n => n.D3),
            D4 = Drag(n => n.D4),
            T2Coefficient = Near(n => n.T2Coefficient),
            T3Coefficient = Drag(n => n.T3Coefficient),
            T4Coefficient = Drag(n => n.T4Coefficient),
            T5Coefficient = Drag(n => n.T5Coefficient),
            MeanMotion = Near(n => n.MeanMotion),
            SemiMajorAxis = Near(n => n.SemiMajorAxis),
            SinInclination = Near(n => n.SinInclination),
            CosInclination = Near(n => n.CosInclination),
            LongPeriodLCoefficient = Near(n => n.LongPeriodLCoefficient),
            LongPeriodAyCoefficient = Near(n => n.LongPeriodAyCoefficient),
            Con41 = Near(n => n.Con41),
            X1mth2 = Near(n => n.X1mth2),
            X7thm1 = Near(n => n.X7thm1),
        };
    }
}
