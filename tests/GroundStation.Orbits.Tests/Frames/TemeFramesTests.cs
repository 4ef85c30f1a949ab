using GroundStation.Orbits.Frames;

namespace GroundStation.Orbits.Tests.Frames;

public class TemeFramesTests
{
    // Vallado, Crawford, Hujsak & Kelso (2006), Appendix C.
    private static readonly JulianDate Epoch = JulianDate.FromDateTime(
        new DateTimeOffset(2004, 4, 6, 7, 51, 28, TimeSpan.Zero).AddTicks(3860090));

    // The example's length of day (0.0015563 s) is part of its published method: it scales the Earth-rotation term of
    // the velocity by (1 - LOD / 86400), a 1e-8 km/s effect that the 1e-9 km/s tolerance sees.
    private static readonly EarthOrientation Orientation = new(-0.4399619, -0.140682, 0.333309, 0.0015563);
    private static readonly Vector3D TemePosition = new(5094.18016210, 6127.64465950, 6380.34453270);
    private static readonly Vector3D TemeVelocity = new(-4.746131487, 0.785818041, 5.531931288);

    [Fact]
    public void Teme_to_itrf_reproduces_Vallado_2006_appendix_C()
    {
        var itrf = TemeFrames.TemeToItrf(TemePosition, TemeVelocity, Epoch, Orientation);

        AssertClose(new Vector3D(-1033.4793830, 7901.2952754, 6380.3565958), itrf.PositionKm, 1e-6);
        AssertClose(new Vector3D(-3.225636520, -2.872451450, 5.531924446), itrf.VelocityKmPerSecond, 1e-9);
    }

    [Fact]
    public void Pef_differs_from_itrf_only_by_polar_motion_metres()
    {
        var pef = TemeFrames.TemeToPef(TemePosition, TemeVelocity, Epoch, Orientation);
        var itrf = TemeFrames.TemeToItrf(TemePosition, TemeVelocity, Epoch, Orientation);

        var offset = (pef.PositionKm - itrf.PositionKm).Magnitude;
        Assert.InRange(offset, 0.001, 0.05);
        Assert.Equal(TemePosition.Magnitude, pef.PositionKm.Magnitude, 9);
    }

    private static void AssertClose(Vector3D expected, Vector3D actual, double tolerance)
    {
        var error = (expected - actual).Magnitude;
        Assert.True(error <= tolerance, $"expected {expected}, got {actual}: off by {error:E3} (tolerance {tolerance:E1})");
    }
}
