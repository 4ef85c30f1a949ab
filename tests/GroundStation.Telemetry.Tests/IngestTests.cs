using System.Collections.Concurrent;
using GroundStation.Orbits;
using GroundStation.Simulators.Satellite;
using GroundStation.Telemetry.Limits;

namespace GroundStation.Telemetry.Tests;

public sealed class IngestTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task A_frame_is_stored_once_even_when_resent_after_a_restart()
    {
        await using var harness = new IngestHarness();
        var frame = Frames.Housekeeping(1, Frames.Sample());
        Assert.Equal(IngestOutcome.Stored, await harness.Ingest.IngestAsync(frame, Ct));
        Assert.Equal(IngestOutcome.Duplicate, await harness.Ingest.IngestAsync(frame, Ct));

        await harness.RestartAsync();
        Assert.Equal(IngestOutcome.Duplicate, await harness.Ingest.IngestAsync(frame, Ct));
        Assert.Equal(IngestOutcome.Stored, await harness.Ingest.IngestAsync(Frames.Housekeeping(2, Frames.Sample(2)), Ct));
        Assert.Equal(2, harness.Store.CountFrames());
        Assert.Equal(14, harness.Queries.Latest(new NoradId(25544)).Count);
    }

    [Fact]
    public async Task Duplicates_inside_one_batch_are_stored_once_and_reach_listeners_once()
    {
        var listener = new RecordingListener();
        await using var harness = new IngestHarness(listeners: listener);
        var frame = Frames.Housekeeping(7, Frames.Sample(7));
        var tasks = Enumerable.Range(0, 50).Select(_ => harness.Ingest.EnqueueAsync(frame, Ct).AsTask()).ToArray();
        var outcomes = await Task.WhenAll(await Task.WhenAll(tasks));
        Assert.Equal(1, outcomes.Count(o => o == IngestOutcome.Stored));
        Assert.Equal(49, outcomes.Count(o => o == IngestOutcome.Duplicate));
        await listener.WaitForAsync(1);
        await harness.Ingest.DisposeAsync();
        Assert.Single(listener.Frames);
    }

    [Fact]
    public async Task A_frame_that_fails_decoding_is_stored_with_its_error()
    {
        await using var harness = new IngestHarness(new Targets().Add(25544));
        var broken = Frames.Sample().Encode();
        broken[20] ^= 0xFF;
        Assert.Equal(IngestOutcome.StoredUndecoded, await harness.Ingest.IngestAsync(Frames.Frame(1, Frames.Ax25(broken)), Ct));
        Assert.Equal(IngestOutcome.StoredUndecoded, await harness.Ingest.IngestAsync(Frames.Housekeeping(2, Frames.Sample(), norad: 99999), Ct));
        var unnamed = Frames.Frame(3, [1, 2, 3]) with { PassId = "no-norad-here", FrameId = "st1/no-norad-here/3" };
        Assert.Equal(IngestOutcome.StoredUndecoded, await harness.Ingest.IngestAsync(unnamed, Ct));

        var frames = harness.Store.Frames(null, null, null, 10);
        Assert.Equal(3, frames.Count);
        Assert.Contains("names no satellite", frames[0].Error, StringComparison.Ordinal);
        Assert.Contains("satellite 99999 is not registered", frames[1].Error, StringComparison.Ordinal);
        Assert.Contains("BadFrameErrorControl", frames[2].Error, StringComparison.Ordinal);
        Assert.Equal(broken.Length + 16, frames[2].Data.Length);
    }

    [Fact]
    public async Task Limits_raise_after_their_persistence_escalate_clear_and_survive_a_restart_until_acknowledged()
    {
        await using var harness = new IngestHarness(configure: o => o.SatelliteLimits[25544] =
            [new LimitDefinition("batteryVoltage", RedLow: 6.2, YellowLow: 6.8, YellowHigh: 8.3, RedHigh: 8.45, Persistence: 2)]);
        var norad = new NoradId(25544);
        var t0 = new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);
        async Task Send(int seq, double volts) =>
            await harness.Ingest.IngestAsync(Frames.Housekeeping(seq, Frames.Sample((ushort)seq, volts, at: t0.AddSeconds(seq * 10))), Ct);

        await Send(1, 7.4);
        await Send(2, 6.7);
        Assert.Empty(harness.Store.Alarms(activeOnly: true, 10));
        Assert.Equal(LimitState.Yellow, harness.Queries.Latest(norad).Single(s => s.Parameter == "batteryVoltage").Limit);

        await Send(3, 6.6);
        var raised = Assert.Single(harness.Store.Alarms(true, 10));
        Assert.Equal(LimitState.Yellow, raised.Severity);
        Assert.Equal(t0.AddSeconds(30), raised.RaisedAt);

        await Send(4, 6.1);
        Assert.Equal(LimitState.Red, Assert.Single(harness.Store.Alarms(true, 10)).Severity);

        await harness.RestartAsync();
        await Send(5, 7.4);
        Assert.Null(Assert.Single(harness.Store.Alarms(true, 10)).ClearedAt);
        await Send(6, 7.5);
        var cleared = Assert.Single(harness.Store.Alarms(true, 10));
        Assert.Equal(t0.AddSeconds(60), cleared.ClearedAt);
        Assert.True(cleared.IsActive);

        var acknowledged = harness.Store.Acknowledge(cleared.AlarmId, "alice", harness.Time.GetUtcNow());
        Assert.Equal("alice", acknowledged!.AcknowledgedBy);
        Assert.Empty(harness.Store.Alarms(true, 10));
        Assert.Single(harness.Store.Alarms(false, 10));
    }

    [Fact]
    public async Task Listeners_and_the_live_feed_see_each_new_frame_with_its_values()
    {
        var listener = new RecordingListener();
        await using var harness = new IngestHarness(listeners: listener);
        using var live = harness.Live.Subscribe(25544);
        await harness.Ingest.IngestAsync(Frames.Housekeeping(1, Frames.Sample(lastId: 0x1234, result: CommandResult.Executed)), Ct);
        var frame = (await listener.WaitForAsync(1))[0];
        Assert.Equal(0x1234, frame.Find("lastCommandId")!.Value);
        Assert.Equal(1, frame.Find("lastCommandResult")!.Value);

        var events = new List<Live.TelemetryLiveEvent>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (events.Count < 15)
        {
            events.Add(await live.Events.ReadAsync(timeout.Token));
        }

        Assert.Single(events, e => e.Frame is not null);
        Assert.Equal(14, events.Count(e => e.Sample is not null));
    }

    private sealed class RecordingListener : IHousekeepingListener
    {
        private readonly ConcurrentQueue<DecodedFrame> _frames = new();
        private readonly SemaphoreSlim _signal = new(0);

        public IReadOnlyList<DecodedFrame> Frames => _frames.ToArray();

        public ValueTask OnDecodedAsync(NoradId norad, DecodedFrame frame, CancellationToken ct)
        {
            _frames.Enqueue(frame);
            _signal.Release();
            return ValueTask.CompletedTask;
        }

        public async Task<IReadOnlyList<DecodedFrame>> WaitForAsync(int count)
        {
            while (_frames.Count < count)
            {
                Assert.True(await _signal.WaitAsync(TimeSpan.FromSeconds(10)), $"only {_frames.Count} of {count} frames reached the listener");
            }

            return Frames;
        }
    }
}
