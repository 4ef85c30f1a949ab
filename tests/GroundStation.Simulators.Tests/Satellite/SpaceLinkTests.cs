using GroundStation.Frames.Ax25;
using GroundStation.Simulators.Satellite;
using GroundStation.Testing;

namespace GroundStation.Simulators.Tests.Satellite;

public sealed class SpaceLinkTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Ax25Address Callsign = new("GSSAT", 2);

    private static (SpaceLink Link, CollectingSink Sink, ManualTimeProvider Time) NewLink(LinkFaults faults, DateTimeOffset aos, DateTimeOffset los)
    {
        var time = new ManualTimeProvider(Start);
        var sink = new CollectingSink();
        var satellite = new SimulatedSatellite(new SimulatedSatelliteOptions { Callsign = Callsign }, Start.AddDays(-3));
        var link = new SpaceLink(satellite, new WindowVisibility(aos, los), time, TimeSpan.FromSeconds(10), faults, sink);
        link.Start();
        return (link, sink, time);
    }

    [Fact]
    public async Task Beacons_go_down_every_period_only_while_in_view()
    {
        var aos = Start.AddSeconds(95);
        var los = Start.AddSeconds(400);
        var (link, sink, time) = NewLink(LinkFaults.None, aos, los);
        await using var _ = link;
        time.Advance(TimeSpan.FromMinutes(15));

        var sent = sink.Frames.Select(f => f.SentAt).ToList();
        Assert.Equal(Enumerable.Range(10, 30).Select(k => Start.AddSeconds(k * 10)), sent);
        Assert.All(sink.Frames, f => Assert.True(Ax25Codec.Decode(f.OnAirFrame.Span, Ax25Fcs.Present).IsSuccess));
    }

    [Fact]
    public async Task A_link_that_drops_everything_delivers_nothing()
    {
        var (link, sink, time) = NewLink(new LinkFaults(DropRate: 1), Start, Start.AddHours(1));
        await using var _ = link;
        time.Advance(TimeSpan.FromMinutes(10));
        Assert.Empty(sink.Frames);
        Assert.Equal(60, link.Counters.FramesDropped);
    }

    [Fact]
    public async Task Bit_errors_corrupt_frames_at_the_configured_rate_reproducibly()
    {
        async Task<int[]> RunAsync()
        {
            var (link, sink, time) = NewLink(new LinkFaults(BitErrorRate: 1e-3, Seed: 42), Start, Start.AddHours(1));
            await using var _ = link;
            time.Advance(TimeSpan.FromMinutes(30));
            return sink.Frames.Select(f => f.BitErrors).ToArray();
        }

        var first = await RunAsync();
        Assert.Equal(first, await RunAsync());
        // 180 frames of 50 bytes at 1e-3 per bit: about 0.4 errors per frame, so roughly a third are hit.
        var corrupted = first.Count(e => e > 0);
        Assert.InRange(corrupted, 30, 110);
    }

    [Fact]
    public async Task Uplink_reaches_the_spacecraft_only_in_view_and_its_ack_comes_down()
    {
        var aos = Start.AddMinutes(1);
        var (link, sink, time) = NewLink(LinkFaults.None, aos, Start.AddMinutes(2));
        await using var _ = link;
        var command = new Ax25UiFrame(Callsign, new Ax25Address("GS0"), Telecommand.Ping(5).Encode());
        Assert.Equal(UplinkOutcome.NotInView, link.Uplink(command));
        Assert.Empty(sink.Frames);

        time.SetUtcNow(aos.AddSeconds(5));
        var before = sink.Frames.Count;
        Assert.Equal(UplinkOutcome.Received, link.Uplink(command));
        var ack = Housekeeping.Decode(Ax25Codec.Decode(sink.Frames[before].OnAirFrame.Span, Ax25Fcs.Present).Value.Info.Span).Value;
        Assert.Equal(5, ack.LastCommandId);
        Assert.Equal(CommandResult.Executed, ack.LastCommandResult);
        Assert.Equal(aos.AddSeconds(5), sink.Frames[before].SentAt);
    }

    [Fact]
    public void Invalid_fault_rates_are_refused_by_name()
    {
        var error = Assert.Throws<ArgumentException>(() => new FaultInjector(new LinkFaults(BitErrorRate: 1.5)));
        Assert.Contains("bit error rate", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new FaultInjector(new LinkFaults(DropRate: double.NaN)));
    }
}
