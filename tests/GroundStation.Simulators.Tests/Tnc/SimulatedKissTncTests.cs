using System.Net;
using GroundStation.Frames.Ax25;
using GroundStation.Frames.Kiss;
using GroundStation.Hardware.Tnc;
using GroundStation.Simulators.Satellite;
using GroundStation.Simulators.Tests.Satellite;
using GroundStation.Simulators.Tnc;
using GroundStation.Testing;

namespace GroundStation.Simulators.Tests.Tnc;

public sealed class SimulatedKissTncTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Ax25Address Callsign = new("GSSAT", 3);

    private static (SimulatedKissTnc Tnc, SpaceLink Link, ManualTimeProvider Time) StartTnc(SimulatedKissTncOptions options, LinkFaults faults)
    {
        var time = new ManualTimeProvider(Start);
        var tnc = new SimulatedKissTnc(new IPEndPoint(IPAddress.Loopback, 0), options);
        var satellite = new SimulatedSatellite(new SimulatedSatelliteOptions { Callsign = Callsign }, Start);
        var link = new SpaceLink(satellite, new WindowVisibility(Start, Start.AddHours(1)), time, TimeSpan.FromSeconds(10), faults, tnc);
        tnc.Attach(link);
        tnc.Start();
        link.Start();
        return (tnc, link, time);
    }

    private static async Task<KissTnc> ConnectAsync(SimulatedKissTnc tnc)
    {
        var client = KissTnc.ConnectTcp("127.0.0.1", tnc.LocalEndpoint.Port);
        using var cancel = new CancellationTokenSource(Deadline);
        await client.WaitConnectedAsync(cancel.Token);
        await tnc.WaitForFirstClientAsync(cancel.Token);

        return client;
    }

    [Fact]
    public async Task Delivers_beacons_as_kiss_frames_without_fcs()
    {
        var (tnc, link, time) = StartTnc(new SimulatedKissTncOptions(), LinkFaults.None);
        await using var _ = tnc;
        await using var __ = link;
        await using var client = await ConnectAsync(tnc);
        time.Advance(TimeSpan.FromSeconds(30));

        var frames = await ReadAsync(client, 3);
        var sampled = frames.Select(f => Housekeeping.Decode(Ax25Codec.Decode(f.Data.Span, Ax25Fcs.Absent).Value.Info.Span).Value.SampledAt);
        Assert.Equal([Start.AddSeconds(10), Start.AddSeconds(20), Start.AddSeconds(30)], sampled);
    }

    [Fact]
    public async Task Carries_a_telecommand_up_and_the_acknowledgement_down()
    {
        var (tnc, link, time) = StartTnc(new SimulatedKissTncOptions(), LinkFaults.None);
        await using var _ = tnc;
        await using var __ = link;
        await using var client = await ConnectAsync(tnc);
        time.Advance(TimeSpan.FromSeconds(5));
        var command = new Ax25UiFrame(Callsign, new Ax25Address("GS0"), Telecommand.SetMode(321, SpacecraftMode.Payload).Encode());
        await client.SendAsync(KissPort.Default, Ax25Codec.Encode(command, Ax25Fcs.Absent));

        var ack = Housekeeping.Decode(Ax25Codec.Decode((await ReadAsync(client, 1))[0].Data.Span, Ax25Fcs.Absent).Value.Info.Span).Value;
        Assert.Equal(321, ack.LastCommandId);
        Assert.Equal(CommandResult.Executed, ack.LastCommandResult);
        Assert.Equal(SpacecraftMode.Payload, ack.Mode);
        Assert.Equal(1, tnc.Counters.UplinkFrames);
    }

    [Fact]
    public async Task Discards_frames_that_fail_their_fcs_unless_told_to_deliver_them()
    {
        var faults = new LinkFaults(BitErrorRate: 0.01, Seed: 3);
        var (tnc, link, time) = StartTnc(new SimulatedKissTncOptions(), faults);
        await using (tnc)
        await using (link)
        {
            time.Advance(TimeSpan.FromMinutes(5));
            Assert.Equal(30, tnc.Counters.CorruptedFramesDiscarded + tnc.Counters.FramesDelivered);
            Assert.Equal(link.Counters.FramesCorrupted, tnc.Counters.CorruptedFramesDiscarded);
            Assert.True(tnc.Counters.CorruptedFramesDiscarded > 20);
        }

        var (passing, passingLink, passingTime) = StartTnc(new SimulatedKissTncOptions { DeliverCorruptedFrames = true }, faults);
        await using (passing)
        await using (passingLink)
        {
            passingTime.Advance(TimeSpan.FromMinutes(5));
            Assert.Equal(0, passing.Counters.CorruptedFramesDiscarded);
            Assert.Equal(30, passing.Counters.FramesDelivered);
        }
    }

    [Fact]
    public async Task Refuses_garbage_and_unknown_addressees_from_clients_and_keeps_serving()
    {
        var (tnc, link, _) = StartTnc(new SimulatedKissTncOptions(), LinkFaults.None);
        await using var disposeTnc = tnc;
        await using var disposeLink = link;
        await using var client = await ConnectAsync(tnc);
        await client.SendAsync(KissPort.Default, new byte[] { 1, 2, 3 });
        await client.SendAsync(KissPort.Default, Ax25Codec.Encode(
            new Ax25UiFrame(new Ax25Address("NOSAT"), new Ax25Address("GS0"), Telecommand.Ping(1).Encode()), Ax25Fcs.Absent));
        await client.SendAsync(KissPort.Default, Ax25Codec.Encode(
            new Ax25UiFrame(Callsign, new Ax25Address("GS0"), Telecommand.Ping(2).Encode()), Ax25Fcs.Absent));

        var ack = Housekeeping.Decode(Ax25Codec.Decode((await ReadAsync(client, 1))[0].Data.Span, Ax25Fcs.Absent).Value.Info.Span).Value;
        Assert.Equal(2, ack.LastCommandId);
        Assert.Equal(2, tnc.Counters.UplinkErrors);
    }

    private static async Task<List<TncFrame>> ReadAsync(KissTnc client, int count)
    {
        using var cancel = new CancellationTokenSource(Deadline);
        var frames = new List<TncFrame>();
        await foreach (var frame in client.ReadFramesAsync(cancel.Token))
        {
            frames.Add(frame);
            if (frames.Count == count)
            {
                break;
            }
        }

        return frames;
    }
}
