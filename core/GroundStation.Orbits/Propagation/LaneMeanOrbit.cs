using System.Runtime.Intrinsics;

namespace GroundStation.Orbits.Propagation;

/// <summary>
/// Four satellites' mean elements at one time, after the secular terms (and, in deep space, the lunar-solar periodics):
/// what <see cref="LaneStateKernel"/> turns into TEME states. The inclination terms are the epoch constants for
/// near-Earth satellites and are recomputed from the perturbed inclination in deep space.
/// </summary>
internal readonly record struct LaneMeanOrbit(
    Vector256<double> SemiMajorAxis,
    Vector256<double> MeanMotion,
    Vector256<double> Eccentricity,
    Vector256<double> ArgPerigee,
    Vector256<double> Node,
    Vector256<double> MeanAnomaly,
    Vector256<double> Inclination,
    Vector256<double> SinInclination,
    Vector256<double> CosInclination,
    Vector256<double> LongPeriodLCoefficient,
    Vector256<double> LongPeriodAyCoefficient,
    Vector256<double> Con41,
    Vector256<double> X1mth2,
    Vector256<double> X7thm1);
