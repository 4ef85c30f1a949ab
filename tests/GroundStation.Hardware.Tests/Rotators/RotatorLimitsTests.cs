using GroundStation.Hardware.Rotators;
using Microsoft.Extensions.Logging;

namespace GroundStation.Hardware.Tests.Rotators;

public class RotatorLimitsTests
{
    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Non_finite_angles_are_refused(double value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Azimuth(value));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Elevation(value));
        Assert.Throws<ArgumentOutOfRangeException>(() => RotatorPosition.FromDegrees(value, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => RotatorPosition.FromDegrees(10, value));
    }

    [Fact]
    public void Overwind_azimuths_are_valid_angles()
    {
        Assert.Equal(-180, new Azimuth(-180).Degrees);
        Assert.Equal(450, new Azimuth(450).Degrees);
    }

    [Fact]
    public void Inverted_limits_are_refused()
    {
        Assert.Throws<ArgumentException>(() => RotatorLimits.FromDegrees(10, 0, 0, 90));
        Assert.Throws<ArgumentException>(() => RotatorLimits.FromDegrees(0, 360, 90, 0));
    }

    [Theory]
    [InlineData(-200, -5, -180, 0)]
    [InlineData(500, 95, 450, 90)]
    [InlineData(120, 45, 120, 45)]
    [InlineData(-90, 30, -90, 30)]
    public void Clamp_moves_each_axis_to_the_nearest_limit(double az, double el, double expectedAz, double expectedEl)
    {
        var limits = RotatorLimits.FromDegrees(-180, 450, 0, 90);
        Assert.Equal(RotatorPosition.FromDegrees(expectedAz, expectedEl), limits.Clamp(RotatorPosition.FromDegrees(az, el)));
    }

    [Fact]
    public void The_guard_logs_a_warning_only_when_it_clamps()
    {
        var logger = new RecordingLogger<RotatorLimitsTests>();
        var guard = new RotatorCommandGuard(RotatorLimits.FromDegrees(0, 360, 0, 90), logger);

        Assert.Equal(RotatorPosition.FromDegrees(100, 20), guard.Apply(RotatorPosition.FromDegrees(100, 20)));
        Assert.Empty(logger.Entries);

        Assert.Equal(RotatorPosition.FromDegrees(360, 90), guard.Apply(RotatorPosition.FromDegrees(400, 100)));
        var entry = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Contains("az 400 el 100", entry.Message, StringComparison.Ordinal);
        Assert.Contains("az 360 el 90", entry.Message, StringComparison.Ordinal);
    }
}
