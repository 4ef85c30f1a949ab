using System.Net;
using GroundStation.Frames.Ax25;
using GroundStation.Hardware.Tnc;
using GroundStation.Orbits.Elements;
using GroundStation.Orbits.Geometry;
using GroundStation.Orbits.Passes;
using GroundStation.Orbits.Propagation;
using GroundStation.Simulators.Satellite;
using GroundStation.Simulators.Tnc;
using GroundStation.Time;

namespace GroundStation.Simulators.Tests.Satellite;

/// <summary>
/// Acceptance 5: a simulated pass at 60 times real time delivers frames over KISS/TCP only between the AOS and LOS
/// that the orbit engine predicts, to within one beacon period.
/// </summary>
public sealed class SimulatedPassTests
{
    private static readonly TimeSpan BeaconPeriod = TimeSpan.FromSeconds(10);

    // Housekeeping times are whole seconds.
    private static readonly TimeSpan Truncation = TimeSpan.FromSeconds(1);

    // Transport and scheduling latency on a shared 2-core machine, in simulated time at 60x (0.5 s real).
    private static readonly TimeSpan ReceiveLatency = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Frames_arrive_only_between_predicted_aos_and_los_at_60x()
    {
        var tle = IssFixture.Tle;
        var ephemeris = new Sgp4Ephemeris(Sgp4Propagator.Create(tle.Elements));
        var site = IssFixture.Station();
        var predicted = PassPredictor.Predict(ephemeris, site,
            new TimeWindow(new DateTimeOffset(2014, 1, 23, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2014, 1, 24, 0, 0, 0, TimeSpan.Zero)));
        var pass = predicted.Passes.First(p => p.Clipping == PassClipping.None);
        Assert.Equal(IssFixture.Aos, pass.Aos, TimeSpan.FromSeconds(1));

        // Two simulated minutes (two real seconds) before AOS leave room for start-up on a loaded machine.
        var clock = new ScaledTimeProvider(pass.Aos - TimeSpan.FromMinutes(2), 60);
        await using var tnc = new SimulatedKissTnc(new IPEndPoint(IPAddress.Loopback, 0));
        await using var segment = new SimulatedSpaceSegment([new SpacecraftDefinition(tle.Elements, ephemeris)],
            new SpaceSegmentOptions { BeaconPeriod = BeaconPeriod }, clock);
        tnc.Attach(Assert.Single(segment.AddStation(site, tnc)));
        tnc.Start();
        await using var client = KissTnc.ConnectTcp("127.0.0.1", tnc.LocalEndpoint.Port, clock);
        using (var connecting = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            await client.WaitConnectedAsync(connecting.Token);
            await tnc.WaitForFirstClientAsync(connecting.Token);
        }

        segment.Start();
        Assert.True(clock.GetUtcNow() < pass.Aos - BeaconPeriod, $"start-up took until {clock.GetUtcNow():O}, too close to AOS {pass.Aos:O}");

        // Collect until two beacon periods after LOS in simulated time (the pass lasts a few minutes: seconds of real
        // time), then take whatever the TNC had already sent by then.
        var endOfRun = pass.Los + (2 * BeaconPeriod);
        var frames = new List<(DateTimeOffset ReceivedAt, Housekeeping Housekeeping)>();
        async Task CollectAsync(Func<bool> done, CancellationToken cancellationToken)
        {
            await foreach (var frame in client.ReadFramesAsync(cancellationToken))
            {
                var ax25 = Ax25Codec.Decode(frame.Data.Span, Ax25Fcs.Absent).Value;
                Assert.Equal("S25544", ax25.Source.ToString());
                frames.Add((frame.ReceivedAt, Housekeeping.Decode(ax25.Info.Span).Value));
                if (done())
                {
                    return;
                }
            }
        }

        using (var untilEnd = new CancellationTokenSource(((endOfRun - clock.GetUtcNow()) / 60) + TimeSpan.FromMilliseconds(100)))
        {
            try
            {
                await CollectAsync(() => false, untilEnd.Token);
            }
            catch (OperationCanceledException) when (untilEnd.IsCancellationRequested)
            {
                // The simulated run is over; what is still in flight is drained below.
            }
        }

        var delivered = tnc.Counters.FramesDelivered;
        if (frames.Count < delivered)
        {
            using var drain = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await CollectAsync(() => frames.Count >= delivered, drain.Token);
        }

        Assert.True(clock.GetUtcNow() > endOfRun - Slack, "the run ended before the pass did");
        Assert.NotEmpty(frames);
        var expected = (int)(pass.Duration / BeaconPeriod);
        Assert.True(Math.Abs(frames.Count - expected) <= 1,
            $"{frames.Count} frames, {expected} expected for {pass.Aos:O} to {pass.Los:O}; sent at " +
            string.Join(", ", frames.Select(f => $"{f.Housekeeping.SampledAt:HH:mm:ss}")));

        // When each frame left the spacecraft (its housekeeping time, whole seconds): inside the predicted pass, the
        // first within one beacon period of AOS and the last within one beacon period of LOS.
        var sent = frames.Select(f => f.Housekeeping.SampledAt).ToList();
        Assert.All(sent, t => Assert.InRange(t, pass.Aos - Truncation, pass.Los));
        Assert.InRange(sent[0] - pass.Aos, -Truncation, BeaconPeriod);
        Assert.InRange(pass.Los - sent[^1], TimeSpan.Zero, BeaconPeriod + Truncation);

        // When each frame reached the KISS client: never before AOS, and no later after LOS than the time a loaded
        // machine takes to carry it (ReceiveLatency simulated = 0.5 s real at 60x).
        Assert.All(frames, f => Assert.InRange(f.ReceivedAt, pass.Aos, pass.Los + ReceiveLatency));
    }
}
