using System.Globalization;
using GroundStation.Messaging.Contracts;

namespace GroundStation.Core.Stations;

/// <summary>Turns a station heartbeat into the station alarms it shows, keeping each ongoing alarm's first sighting.</summary>
public sealed class StationHealthCheck
{
    private readonly StationHealthLimits _limits;

    /// <summary>A check against <paramref name="limits"/>.</summary>
    public StationHealthCheck(StationHealthLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        limits.Validate();
        _limits = limits;
    }

    /// <summary>
    /// The alarms <paramref name="status"/> shows. An alarm already in <paramref name="previous"/> keeps its
    /// <see cref="StationAlarm.Since"/>; its detail follows the latest heartbeat.
    /// </summary>
    public IReadOnlyList<StationAlarm> Evaluate(StationStatus status, IReadOnlyList<StationAlarm> previous)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(previous);
        var alarms = new List<StationAlarm>();
        void Raise(StationAlarmKind kind, string detail) =>
            alarms.Add(new StationAlarm(kind, detail, previous.FirstOrDefault(p => p.Kind == kind)?.Since ?? status.At));

        // A non-finite offset is a broken clock measurement: an alarm, never an exception in the bridge.
        var offset = status.ClockOffsetMilliseconds;
        if (!double.IsFinite(offset) || Math.Abs(offset) > _limits.MaximumClockOffset.TotalMilliseconds)
        {
            Raise(StationAlarmKind.ClockOffset, string.Create(CultureInfo.InvariantCulture,
                $"clock offset {status.ClockOffsetMilliseconds:0} ms exceeds {_limits.MaximumClockOffset.TotalMilliseconds:0} ms"));
        }

        if (status.FreeDiskBytes < _limits.MinimumFreeDiskBytes)
        {
            Raise(StationAlarmKind.LowDisk, string.Create(CultureInfo.InvariantCulture,
                $"{status.FreeDiskBytes / 1048576.0:0.0} MiB free, below {_limits.MinimumFreeDiskBytes / 1048576.0:0.0} MiB"));
        }

        if (status.Rotator == DeviceLinkState.Down)
        {
            Raise(StationAlarmKind.RotatorDown, "the rotator's last command failed");
        }

        if (status.Radio == DeviceLinkState.Down)
        {
            Raise(StationAlarmKind.RadioDown, "the radio's last command failed");
        }

        if (status.Tnc == DeviceLinkState.Down)
        {
            Raise(StationAlarmKind.TncDown, "the TNC connection is lost");
        }

        return alarms;
    }
}
