using System.Runtime.Intrinsics;

namespace GroundStation.Orbits.Propagation;

/// <summary>
/// Vector helpers the lane kernels share: the exact angle reduction and sines and cosines of angles that are a known
/// angle plus a small correction, taken through the angle-sum identity with a short series for the correction.
/// </summary>
internal static class LaneMath
{
    private const double TwoPi = 2.0 * Math.PI;

    /// <summary>Below this (1/64 rad) the short series of <see cref="SinCosSmall"/> is exact to rounding.</summary>
    private const double SmallAngleLimit = 1.0 / 64.0;

    /// <summary>
    /// sin(a + d) from the sine and cosine of a when the increment d is small (the drag shift of the mean anomaly):
    /// one short polynomial instead of a second full sine.
    /// </summary>
    public static Vector256<double> SinOfSum(
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
    public static (Vector256<double> Sin, Vector256<double> Cos) SinCosOfSum(
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
    public static (Vector256<double> Sin, Vector256<double> Cos) SinCosSmall(Vector256<double> x)
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
    /// x % 2 pi exactly as the C# (fmod) remainder gives it: the sign of x and no rounding. The quotient estimate (a
    /// multiplication by 1 / 2 pi, cheaper than the division) can be one off either way when x / 2 pi is within rounding
    /// of an integer; the fused multiply-add then shows it by a result out of range, and the corrected quotient gives
    /// the exact (representable) remainder. The vector twin of <see cref="Angle.Remainder2Pi"/>.
    /// </summary>
    public static Vector256<double> Remainder2Pi(Vector256<double> x)
    {
        var twoPi = Vector256.Create(TwoPi);
        var quotient = Vector256.Truncate(x * Vector256.Create(1.0 / TwoPi));
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
