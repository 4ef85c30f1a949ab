using GroundStation.Testing;

namespace GroundStation.Time.Tests;

public class ScaledTimeProviderTests
{
    private static readonly DateTimeOffset SimulatedStart = new(2014, 1, 23, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Simulated_time_runs_speed_times_faster_than_the_underlying_clock()
    {
        var real = new ManualTimeProvider();
        var clock = new ScaledTimeProvider(SimulatedStart, 60, real);

        real.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(SimulatedStart.AddMinutes(2), clock.GetUtcNow());
        Assert.Equal(TimeSpan.FromMinutes(2), clock.GetElapsedTime(clock.GetTimestamp() - TimeSpan.FromMinutes(2).Ticks));
    }

    [Fact]
    public void Clocks_made_from_one_anchor_agree_whenever_each_was_created()
    {
        var real = new ManualTimeProvider(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));
        var simulatedEpoch = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var anchor = real.GetUtcNow();

        var first = ScaledTimeProvider.Anchored(simulatedEpoch, anchor, 60, real);
        real.Advance(TimeSpan.FromSeconds(7));
        var second = ScaledTimeProvider.Anchored(simulatedEpoch, anchor, 60, real);
        real.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(simulatedEpoch + TimeSpan.FromMinutes(10), first.GetUtcNow());
        Assert.Equal(first.GetUtcNow(), second.GetUtcNow());
    }

    [Fact]
    public void Timers_fire_after_the_simulated_delay()
    {
        var real = new ManualTimeProvider();
        var clock = new ScaledTimeProvider(SimulatedStart, 60, real);
        var fired = 0;
        using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));

        real.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(0, fired);
        real.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, fired);
        real.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(4, fired);
    }

    [Fact]
    public void Changing_a_timer_scales_the_new_due_time()
    {
        var real = new ManualTimeProvider();
        var clock = new ScaledTimeProvider(SimulatedStart, 10, real);
        var fired = 0;
        using var timer = clock.CreateTimer(_ => fired++, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        real.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, fired);
        timer.Change(TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);
        real.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, fired);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Rejects_a_speed_that_is_not_a_positive_number(double speed)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ScaledTimeProvider(SimulatedStart, speed));
        Assert.Contains("speed", error.Message, StringComparison.Ordinal);
    }
}
