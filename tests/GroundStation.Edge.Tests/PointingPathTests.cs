using GroundStation.Edge.Passes;
using GroundStation.Hardware.Rotators;
using GroundStation.Orbits.Geometry;
using Azimuth = GroundStation.Orbits.Geometry.Azimuth;

namespace GroundStation.Edge.Tests;

public sealed class PointingPathTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // A pass sweeping azimuth from `from` through `to` (degrees, continuous, may cross north), elevation peaking at `maxEl`.
    private static List<TrackSample> Sweep(double from, double to, double maxEl, int steps = 60)
    {
        var samples = new List<TrackSample>();
        for (var i = 0; i <= steps; i++)
        {
            var f = (double)i / steps;
            var az = from + ((to - from) * f);
            var el = maxEl * Math.Sin(Math.PI * f);
            samples.Add(new TrackSample(T0.AddSeconds(i * 10), Azimuth.FromDegreesWrapped(az), el));
        }

        return samples;
    }

    private static IEnumerable<RotatorPosition> Positions(PointingPath path, List<TrackSample> samples) =>
        samples.Select(s => path.PositionFor(s.At, s.Azimuth, s.ElevationDegrees));

    [Fact]
    public void An_overwind_rotator_follows_a_pass_through_north_without_crossing_a_stop()
    {
        // 300 -> 60 degrees through north; a 0..450 rotator must take 300..420, not 300 -> 0 (unwinding through the stop).
        var samples = Sweep(300, 420, 40);
        var path = PointingPath.Plan(samples, RotatorLimits.FromDegrees(0, 450, 0, 90), 75, RotatorPosition.FromDegrees(0, 0));

        Assert.Equal(PointingMode.Normal, path.Mode);
        Assert.False(path.CrossesStop);
        var azimuths = Positions(path, samples).Select(p => p.Azimuth.Degrees).ToList();
        Assert.Equal(300, azimuths[0], 6);
        Assert.Equal(420, azimuths[^1], 6);
        Assert.All(azimuths.Zip(azimuths.Skip(1)), pair => Assert.True(Math.Abs(pair.Second - pair.First) < 5, $"jump {pair.First} -> {pair.Second}"));
    }

    [Fact]
    public void A_negative_overwind_range_is_used_when_it_is_nearest_the_rotator()
    {
        // 20 -> 330 going west through north (20 -> -30); a -180..450 rotator parked at 0 takes 20..-30.
        var samples = Sweep(20, -30, 30);
        var path = PointingPath.Plan(samples, RotatorLimits.FromDegrees(-180, 450, 0, 90), 75, RotatorPosition.FromDegrees(0, 0));

        var azimuths = Positions(path, samples).Select(p => p.Azimuth.Degrees).ToList();
        Assert.Equal(20, azimuths[0], 6);
        Assert.Equal(-30, azimuths[^1], 6);
    }

    [Fact]
    public void Without_overwind_a_pass_through_north_uses_flip_when_the_rotator_can()
    {
        // 0..360 rotator, el 0..180: the pass 300 -> 60 would cross the 0/360 stop; flipped it runs 120 -> 240.
        var samples = Sweep(300, 420, 40);
        var path = PointingPath.Plan(samples, RotatorLimits.FromDegrees(0, 360, 0, 180), 75, RotatorPosition.FromDegrees(180, 0));

        Assert.Equal(PointingMode.Flip, path.Mode);
        Assert.False(path.CrossesStop);
        var positions = Positions(path, samples).ToList();
        Assert.Equal(120, positions[0].Azimuth.Degrees, 6);
        Assert.Equal(240, positions[^1].Azimuth.Degrees, 6);
        Assert.Equal(140, positions[samples.Count / 2].Elevation.Degrees, 6);
    }

    [Fact]
    public void Without_overwind_or_flip_the_unavoidable_unwind_is_reported()
    {
        var samples = Sweep(300, 420, 40);
        var path = PointingPath.Plan(samples, RotatorLimits.FromDegrees(0, 360, 0, 90), 75, RotatorPosition.FromDegrees(0, 0));

        Assert.True(path.CrossesStop);
        Assert.All(Positions(path, samples), p => Assert.InRange(p.Azimuth.Degrees, 0, 360));
    }

    [Fact]
    public void High_passes_fly_in_flip_mode_on_flip_capable_rotators_and_normal_otherwise()
    {
        var high = Sweep(10, 190, 85);
        var flip = PointingPath.Plan(high, RotatorLimits.FromDegrees(0, 450, 0, 180), 75, RotatorPosition.FromDegrees(0, 0));
        var normal = PointingPath.Plan(high, RotatorLimits.FromDegrees(0, 450, 0, 90), 75, RotatorPosition.FromDegrees(0, 0));
        var low = PointingPath.Plan(Sweep(100, 280, 40), RotatorLimits.FromDegrees(0, 450, 0, 180), 75, RotatorPosition.FromDegrees(0, 0));

        Assert.Equal(PointingMode.Flip, flip.Mode);
        Assert.Equal(PointingMode.Normal, normal.Mode);
        Assert.Equal(PointingMode.Normal, low.Mode);
        var top = high[high.Count / 2];
        var flipped = flip.PositionFor(top.At, top.Azimuth, top.ElevationDegrees);
        Assert.Equal(Angle(top.Azimuth.Degrees + 180), Angle(flipped.Azimuth.Degrees), 6);
        Assert.Equal(180 - top.ElevationDegrees, flipped.Elevation.Degrees, 6);
    }

    private static double Angle(double degrees) => ((degrees % 360) + 360) % 360;
}
