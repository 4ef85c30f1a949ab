using GroundStation.Frames.Ax25;
using GroundStation.Orbits;

namespace GroundStation.Telemetry.Tests;

/// <summary>A station files every frame it hears during a pass under that pass; the core checks who sent it.</summary>
public sealed class AttributionTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task A_frame_from_another_transmitter_during_a_pass_is_stored_undecoded_and_never_as_the_passes_satellite()
    {
        await using var harness = new IngestHarness(new Targets().Add(25544).Add(40000));
        var own = Frames.Sample(1, volts: 7.4);
        var neighbour = Frames.Sample(2, volts: 6.0);

        Assert.Equal(IngestOutcome.Stored, await harness.Ingest.IngestAsync(Frames.Frame(1, Frames.Ax25(own.Encode(), "S25544"), 25544), Ct));
        Assert.Equal(IngestOutcome.StoredUndecoded,
            await harness.Ingest.IngestAsync(Frames.Frame(2, Frames.Ax25(neighbour.Encode(), "S40000"), 25544), Ct));
        Assert.Equal(IngestOutcome.StoredUndecoded,
            await harness.Ingest.IngestAsync(Frames.Frame(3, Ax25Codec.Encode(new Ax25UiFrame(new Ax25Address("GSTLM"), Ax25Address.Parse("S25544-1"), neighbour.Encode()), Ax25Fcs.Absent), 25544), Ct));

        var stored = harness.Store.Frames(25544, null, null, 10).OrderBy(f => f.FrameId, StringComparer.Ordinal).ToList();
        Assert.Equal(3, stored.Count);
        Assert.Null(stored[0].Error);
        Assert.Contains("sent by S40000, not by satellite 25544 (S25544)", stored[1].Error, StringComparison.Ordinal);
        Assert.Contains("sent by S25544-1", stored[2].Error, StringComparison.Ordinal);
        // The neighbour's 6.0 V never became a sample of 25544, so it raised nothing either.
        Assert.Equal([7.4], harness.Queries.Latest(new NoradId(25544)).Where(s => s.Parameter == "batteryVoltage").Select(s => Math.Round(s.Value, 3)));
    }
}
