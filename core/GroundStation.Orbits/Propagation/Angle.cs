namespace GroundStation.Orbits.Propagation;

/// <summary>Angle reduction for the propagation hot paths.</summary>
internal static class Angle
{
    private const double TwoPi = 2.0 * Math.PI;

    /// <summary>
    /// <paramref name="x"/> % 2 pi exactly as the C# (fmod) remainder gives it (the sign of x, no rounding), at a
    /// fraction of fmod's cost. The remainder is representable, so the fused multiply-add with the right integer
    /// quotient gives it exactly; the truncated quotient estimate can be one off when x / 2 pi is within rounding of an
    /// integer, which shows as a result out of range and is corrected. The scalar twin of the vector kernel's reduction.
    /// </summary>
    public static double Remainder2Pi(double x)
    {
        if (Math.Abs(x) < TwoPi || !double.IsFinite(x))
        {
            // Already reduced (fmod returns it unchanged, signed zero included), or NaN / infinite: fmod gives NaN.
            return double.IsFinite(x) ? x : double.NaN;
        }

        var quotient = Math.Truncate(x / TwoPi);
        var remainder = Math.FusedMultiplyAdd(-quotient, TwoPi, x);
        var tooFar = x >= 0.0 ? remainder >= TwoPi : remainder > 0.0;
        var tooShort = x >= 0.0 ? remainder < 0.0 : remainder <= -TwoPi;
        if (!tooFar && !tooShort)
        {
            return remainder;
        }

        return Math.FusedMultiplyAdd(-(quotient + (tooFar ? 1.0 : -1.0)), TwoPi, x);
    }
}
