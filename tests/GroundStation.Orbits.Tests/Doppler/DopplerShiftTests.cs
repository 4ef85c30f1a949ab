using GroundStation.Orbits.Doppler;

namespace GroundStation.Orbits.Tests.Doppler;

public class DopplerShiftTests
{
    private static readonly Frequency Beacon = Frequency.FromMegahertz(437.5);

    [Fact]
    public void An_approaching_satellite_is_heard_higher_by_f_times_rdot_over_c()
    {
        var received = DopplerShift.Downlink(Beacon, -7.0);

        Assert.Equal(437.5e6 * 7.0 / 299_792.458, received.Hertz - Beacon.Hertz, 6);
    }

    [Fact]
    public void A_receding_satellite_is_heard_lower()
    {
        Assert.True(DopplerShift.Downlink(Beacon, 5.0).Hertz < Beacon.Hertz);
    }

    [Fact]
    public void An_uplink_precompensated_for_the_range_rate_arrives_at_the_nominal_frequency()
    {
        foreach (var rangeRate in new[] { -7.5, -1.0, 0.0, 3.2, 7.5 })
        {
            var sent = DopplerShift.Uplink(Beacon, rangeRate);
            var arrives = DopplerShift.Downlink(sent, rangeRate);

            Assert.Equal(Beacon.Hertz, arrives.Hertz, 6);
        }
    }

    [Fact]
    public void A_frequency_must_be_positive() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Frequency(0));
}
