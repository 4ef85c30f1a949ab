using GroundStation.Frames.Ax25;
using GroundStation.Simulators.Radios;
using GroundStation.Simulators.Satellite;
using GroundStation.Simulators.Tests.Satellite;

namespace GroundStation.Simulators.Tests.Radios;

public sealed class TunedReceiverTests
{
    private static readonly Ax25Address First = new("S90001");
    private static readonly Ax25Address Second = new("S90002");
    private static readonly Ax25Address Unknown = new("S90003");

    private static DownlinkFrame From(Ax25Address satellite) =>
        new(satellite, new byte[] { 1, 2, 3 }, DateTimeOffset.UnixEpoch, 0, new VisibilitySample(true, 20, -3));

    [Fact]
    public void Only_the_spacecraft_a_VFO_is_tuned_to_is_heard_with_its_Doppler_shift()
    {
        var radio = new SimulatedRadio();
        var tnc = new CollectingSink();
        var log = new EmissionLog(100);
        var receiver = new TunedReceiver(radio, new Dictionary<Ax25Address, long> { [First] = 437_500_000, [Second] = 437_600_000 }, tnc)
        {
            Station = "gs-test",
            Emissions = log,
        };

        Assert.True(radio.SetFrequency("VFOB", 437_509_000)); // 9 kHz of Doppler above the first
        receiver.Deliver(From(First));
        receiver.Deliver(From(Second));
        receiver.Deliver(From(Unknown));

        Assert.Equal([First, Unknown], tnc.Frames.Select(f => f.Satellite));
        Assert.Equal(1, receiver.NotTuned);
        var missed = Assert.Single(log.Snapshot());
        Assert.Equal((Second, "gs-test", EmissionOutcome.NotTuned, EmissionLog.DigestOf(new byte[] { 1 })), (missed.Satellite, missed.Station, missed.Outcome, missed.Digest));

        Assert.True(radio.SetFrequency("VFOA", 437_600_000));
        receiver.Deliver(From(Second));
        Assert.Equal(Second, tnc.Frames[^1].Satellite);
    }

    [Fact]
    public void A_bad_tolerance_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new TunedReceiver(new SimulatedRadio(), new Dictionary<Ax25Address, long>(), new CollectingSink(), 0));
}
