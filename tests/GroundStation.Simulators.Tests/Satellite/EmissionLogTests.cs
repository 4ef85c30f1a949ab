using GroundStation.Frames.Ax25;
using GroundStation.Simulators.Satellite;
using GroundStation.Testing;

namespace GroundStation.Simulators.Tests.Satellite;

public sealed class EmissionLogTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Ax25Address Callsign = new("GSSAT", 2);

    private static (SpaceLink Link, CollectingSink Sink, ManualTimeProvider Time, EmissionLog Log) NewLink(LinkFaults faults, int capacity = 1000)
    {
        var time = new ManualTimeProvider(Start);
        var sink = new CollectingSink();
        var log = new EmissionLog(capacity);
        var satellite = new SimulatedSatellite(new SimulatedSatelliteOptions { Callsign = Callsign }, Start.AddDays(-3));
        var link = new SpaceLink(satellite, new WindowVisibility(Start.AddSeconds(95), Start.AddSeconds(400)), time, TimeSpan.FromSeconds(10), faults, sink)
        {
            Station = "gs-test",
            Emissions = log,
        };
        link.Start();
        return (link, sink, time, log);
    }

    [Fact]
    public async Task Every_delivered_frame_is_logged_with_its_sequence_and_the_digest_of_what_the_TNC_hands_over()
    {
        var (link, sink, time, log) = NewLink(LinkFaults.None);
        await using var _ = link;
        time.Advance(TimeSpan.FromMinutes(15));

        var logged = log.Snapshot();
        Assert.Equal(30, logged.Count);
        Assert.Equal(sink.Frames.Select(f => f.SentAt), logged.Select(e => e.SentAt));
        Assert.All(logged, e => Assert.Equal(("gs-test", Callsign, EmissionOutcome.Delivered, HousekeepingKind.Live), (e.Station, e.Satellite, e.Outcome, e.Kind!.Value)));
        // The digest is that of the frame without its FCS: what a KISS TNC hands to the station and the core stores.
        Assert.Equal(sink.Frames.Select(f => EmissionLog.DigestOf(f.OnAirFrame.Span[..^2])), logged.Select(e => e.Digest));
        Assert.Equal(sink.Frames.Select(f => Housekeeping.Decode(Ax25Codec.Decode(f.OnAirFrame.Span, Ax25Fcs.Present).Value.Info.Span).Value.Sequence),
            logged.Select(e => e.Sequence!.Value));
        Assert.Equal(logged.Count, logged.Select(e => e.Sequence).Distinct().Count());
        Assert.Equal(0, log.Evicted);
    }

    [Fact]
    public async Task Dropped_and_corrupted_frames_are_logged_with_their_outcome()
    {
        var (dropping, dropSink, dropTime, dropLog) = NewLink(new LinkFaults(DropRate: 1));
        await using (dropping)
        {
            dropTime.Advance(TimeSpan.FromMinutes(15));
        }

        Assert.Empty(dropSink.Frames);
        Assert.Equal(30, dropLog.Snapshot().Count(e => e.Outcome == EmissionOutcome.Dropped));

        var (corrupting, sink, time, log) = NewLink(new LinkFaults(BitErrorRate: 1e-3, Seed: 42));
        await using (corrupting)
        {
            time.Advance(TimeSpan.FromMinutes(15));
        }

        Assert.Equal(sink.Frames.Select(f => f.BitErrors > 0 ? EmissionOutcome.Corrupted : EmissionOutcome.Delivered), log.Snapshot().Select(e => e.Outcome));
        Assert.Contains(log.Snapshot(), e => e.Outcome == EmissionOutcome.Corrupted);
    }

    [Fact]
    public async Task A_full_log_drops_its_oldest_entries_and_counts_them()
    {
        var (link, sink, time, log) = NewLink(LinkFaults.None, capacity: 10);
        await using var _ = link;
        time.Advance(TimeSpan.FromMinutes(15));

        Assert.Equal(sink.Frames.TakeLast(10).Select(f => f.SentAt), log.Snapshot().Select(e => e.SentAt));
        Assert.Equal(20, log.Evicted);
        Assert.Throws<ArgumentOutOfRangeException>(() => new EmissionLog(-1));
    }

    [Fact]
    public async Task Concurrent_writers_lose_nothing()
    {
        var log = new EmissionLog(100_000);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                log.Record(new Emission(Callsign, $"gs-{w}", Start.AddSeconds(i), HousekeepingKind.Live, (ushort)i, "00", EmissionOutcome.Delivered, 10));
            }
        })));

        Assert.Equal(40_000, log.Snapshot().Count);
        Assert.Equal(0, log.Evicted);
    }
}
