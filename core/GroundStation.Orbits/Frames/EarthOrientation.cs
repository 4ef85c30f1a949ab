namespace GroundStation.Orbits.Frames;

/// <summary>
/// Earth orientation parameters for one instant (IERS Bulletin A/B values): UT1-UTC, polar motion and excess length
/// of day. <see cref="None"/> (all zero) is the usual choice for antenna pointing: UT1-UTC stays under 0.9 s (about
/// 0.4 km along track at the equator, well under a degree for any LEO at range) and polar motion is a few metres.
/// </summary>
/// <param name="Ut1MinusUtcSeconds">UT1-UTC, seconds (|value| &lt;= 0.9 by definition of UTC).</param>
/// <param name="PolarMotionXArcseconds">Pole x coordinate, arcseconds.</param>
/// <param name="PolarMotionYArcseconds">Pole y coordinate, arcseconds.</param>
/// <param name="LengthOfDayExcessSeconds">Excess length of day, seconds (slows the Earth-rotation term of velocity).</param>
public readonly record struct EarthOrientation(
    double Ut1MinusUtcSeconds,
    double PolarMotionXArcseconds,
    double PolarMotionYArcseconds,
    double LengthOfDayExcessSeconds = 0.0)
{
    /// <summary>No correction: UT1 = UTC, no polar motion, nominal rotation rate.</summary>
    public static EarthOrientation None => default;
}
