using GroundStation.Hardware.Rotators;
using GroundStation.Simulators.Rotators;
using GroundStation.Testing;

namespace GroundStation.Simulators.Tests.Rotators;

public class SimulatedRotatorTests
{
    private static SimulatedRotator Create(ManualTimeProvider clock, TimeSpan? stallAfter = null) =>
        new(new SimulatedRotatorOptions { AzimuthRate = 6, ElevationRate = 3, StallAfter = stallAfter }, clock);

    [Fact]
    public void Each_axis_slews_at_its_own_rate_and_stops_on_target()
    {
        var clock = new ManualTimeProvider();
        var rotator = Create(clock);

        Assert.True(rotator.Command(120, 45));
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(RotatorPosition.FromDegrees(60, 30), rotator.Position);

        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(RotatorPosition.FromDegrees(120, 45), rotator.Position);

        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(RotatorPosition.FromDegrees(120, 45), rotator.Position);
    }

    [Fact]
    public void Stop_holds_the_current_position()
    {
        var clock = new ManualTimeProvider();
        var rotator = Create(clock);
        rotator.Command(120, 45);
        clock.Advance(TimeSpan.FromSeconds(5));

        rotator.Stop();
        clock.Advance(TimeSpan.FromSeconds(20));

        Assert.Equal(RotatorPosition.FromDegrees(30, 15), rotator.Position);
    }

    [Theory]
    [InlineData(451, 10)]
    [InlineData(-1, 10)]
    [InlineData(10, 181)]
    [InlineData(double.NaN, 10)]
    [InlineData(10, double.PositiveInfinity)]
    public void Commands_outside_the_mechanical_limits_are_refused_and_recorded(double az, double el)
    {
        var rotator = Create(new ManualTimeProvider());

        Assert.False(rotator.Command(az, el));

        var record = Assert.Single(rotator.Commands);
        Assert.False(record.Accepted);
        Assert.Equal(RotatorPosition.FromDegrees(0, 0), rotator.Target);
    }

    [Fact]
    public void An_injected_stall_freezes_both_axes()
    {
        var clock = new ManualTimeProvider();
        var rotator = Create(clock);
        rotator.Command(120, 45);
        clock.Advance(TimeSpan.FromSeconds(2));

        rotator.InjectStall();
        clock.Advance(TimeSpan.FromSeconds(30));

        Assert.True(rotator.IsStalled);
        Assert.Equal(RotatorPosition.FromDegrees(12, 6), rotator.Position);
    }

    [Fact]
    public void A_scheduled_stall_freezes_at_its_instant_even_between_readings()
    {
        var clock = new ManualTimeProvider();
        var rotator = Create(clock, stallAfter: TimeSpan.FromSeconds(4));
        rotator.Command(120, 45);

        clock.Advance(TimeSpan.FromSeconds(60));

        Assert.Equal(RotatorPosition.FromDegrees(24, 12), rotator.Position);
        Assert.True(rotator.IsStalled);
    }

    [Fact]
    public void Fault_injection_hits_every_nth_command()
    {
        var rotator = new SimulatedRotator(new SimulatedRotatorOptions { FaultEvery = 3 }, new ManualTimeProvider());

        Assert.Equal([false, false, true, false, false, true], Enumerable.Range(0, 6).Select(_ => rotator.NextCommandFaults()));
    }
}
