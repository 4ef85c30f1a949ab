using GroundStation.Orbits;

namespace GroundStation.Orbits.Tests;

public class JulianDateTests
{
    [Fact]
    public void Converts_a_known_instant_and_back_to_the_tick()
    {
        var instant = new DateTimeOffset(2004, 4, 6, 7, 51, 28, TimeSpan.Zero).AddTicks(3860090);
        var jd = JulianDate.FromDateTime(instant);

        Assert.Equal(2453101.5, jd.Day);
        Assert.Equal(instant, jd.ToDateTime());
        // 07:51:28.386009 is 0.327412... of a day (Vallado 2006, Appendix C).
        Assert.Equal(0.32741187510416666, jd.Fraction, 12);
    }

    [Fact]
    public void Greenwich_mean_sidereal_time_matches_Vallado_example_3_5()
    {
        // Vallado, Fundamentals of Astrodynamics, example 3-5: 1992-08-20 12:14 UT1 gives GMST 152.578787886 deg.
        var jd = JulianDate.FromDateTime(new DateTimeOffset(1992, 8, 20, 12, 14, 0, TimeSpan.Zero));

        var gmstDeg = jd.GreenwichMeanSiderealTime() * 180.0 / Math.PI;

        Assert.Equal(152.578787886, gmstDeg, 6);
    }

    [Fact]
    public void Arithmetic_keeps_the_fraction_normalised()
    {
        var jd = new JulianDate(2451544.5, 0.75).AddMinutes(720);

        Assert.Equal(2451545.5, jd.Day);
        Assert.Equal(0.25, jd.Fraction, 12);
        Assert.Equal(720, jd.MinutesSince(new JulianDate(2451544.5, 0.75)), 9);
        Assert.True(jd > new JulianDate(2451545.5, 0.2));
    }
}
