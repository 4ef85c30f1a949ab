using GroundStation.Core.Stations;
using GroundStation.Core.Tests.EndToEnd;
using GroundStation.Core.Tests.Serve;
using GroundStation.Messaging.Client;
using GroundStation.Messaging.Contracts;
using GroundStation.Messaging.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace GroundStation.Core.Tests.Stations;

/// <summary>Station alarms from the edge heartbeat, through the core's broker and bridge.</summary>
public sealed class StationAlarmTests
{
    private static readonly StationId Station = StationId.Parse("gs-hartebeesthoek");
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public void Each_heartbeat_condition_raises_its_alarm_and_an_ongoing_alarm_keeps_its_first_sighting()
    {
        var check = new StationHealthCheck(new StationHealthLimits { MaximumClockOffset = TimeSpan.FromMilliseconds(500), MinimumFreeDiskBytes = 1_000_000 });
        var t0 = new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

        Assert.Empty(check.Evaluate(Status(t0, clockOffsetMs: -499, freeDisk: 1_000_000), []));
        var all = check.Evaluate(Status(t0, clockOffsetMs: -501, freeDisk: 999_999, rotator: DeviceLinkState.Down,
            radio: DeviceLinkState.Down, tnc: DeviceLinkState.Down), []);
        Assert.Equal([StationAlarmKind.ClockOffset, StationAlarmKind.LowDisk, StationAlarmKind.RotatorDown, StationAlarmKind.RadioDown, StationAlarmKind.TncDown],
            all.Select(a => a.Kind));
        Assert.Contains("-501 ms exceeds 500 ms", all[0].Detail, StringComparison.Ordinal);

        var later = check.Evaluate(Status(t0.AddMinutes(1), clockOffsetMs: 900), all);
        var clock = Assert.Single(later);
        Assert.Equal(t0, clock.Since);
        Assert.Contains("900 ms", clock.Detail, StringComparison.Ordinal);
        Assert.Single(check.Evaluate(Status(t0, clockOffsetMs: double.NaN), []));
    }

    [Fact]
    public void Limits_that_could_never_or_always_alarm_are_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new StationHealthCheck(new StationHealthLimits { MaximumClockOffset = TimeSpan.Zero }));

    [Fact]
    public async Task A_heartbeat_with_a_skewed_clock_raises_a_station_alarm_in_the_core_and_the_next_good_one_clears_it()
    {
        await using var core = await CoreInstance.StartAsync();
        var edgeKey = await core.CreateKeyAsync("hartebeesthoek-agent", "edge-agent", "edge-agent", Station.Value);
        var board = core.Server.Services.GetRequiredService<StationBoard>();
        await using var edge = await core.ConnectEdgeAsync(Station, edgeKey);
        var t0 = TimeProvider.System.GetUtcNow();

        await PublishAsync(edge, Status(t0, clockOffsetMs: 1_250));
        var raised = await EndToEndHelpers.EventuallyAsync(() => board.Find(Station)?.Alarms is [_, ..] alarms ? alarms : null, Deadline, "the clock alarm raised");
        var alarm = Assert.Single(raised);
        Assert.Equal(StationAlarmKind.ClockOffset, alarm.Kind);
        Assert.Equal(t0, alarm.Since);

        await PublishAsync(edge, Status(t0.AddSeconds(30), clockOffsetMs: 12));
        await EndToEndHelpers.EventuallyAsync(() => board.Find(Station) is { Alarms: [] } view && view.Status!.At > t0 ? view : null, Deadline, "the clock alarm cleared");
    }

    private static StationStatus Status(DateTimeOffset at, double clockOffsetMs = 0, long freeDisk = 10L << 30,
        DeviceLinkState rotator = DeviceLinkState.Up, DeviceLinkState radio = DeviceLinkState.Up, DeviceLinkState tnc = DeviceLinkState.Up) =>
        new(1, Station, at, rotator, radio, tnc, SpoolDepth: 0, freeDisk, clockOffsetMs, ActivePassId: null);

    private static Task PublishAsync(MqttClient edge, StationStatus status) =>
        edge.PublishAcknowledgedAsync(new MqttApplicationMessage(GroundStationTopics.Status(Station),
            GroundStationMessages.Encode(status), MqttQualityOfService.AtLeastOnce, Retain: true));
}
