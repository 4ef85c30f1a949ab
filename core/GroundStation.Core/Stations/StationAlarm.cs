using System.Text.Json.Serialization;

namespace GroundStation.Core.Stations;

/// <summary>What is wrong with a station, as its heartbeat shows it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StationAlarmKind>))]
public enum StationAlarmKind
{
    /// <summary>The station clock is further from NTP time than <see cref="StationHealthLimits.MaximumClockOffset"/>.</summary>
    ClockOffset,

    /// <summary>The free space on the station's data volume is below <see cref="StationHealthLimits.MinimumFreeDiskBytes"/>.</summary>
    LowDisk,

    /// <summary>The rotator's last command failed.</summary>
    RotatorDown,

    /// <summary>The radio's last command failed.</summary>
    RadioDown,

    /// <summary>The TNC connection is lost.</summary>
    TncDown,
}

/// <summary>A station alarm, active while its condition holds in the station's heartbeats.</summary>
/// <param name="Kind">What is wrong.</param>
/// <param name="Detail">The measured value against its limit, for the operator.</param>
/// <param name="Since">The heartbeat time at which the condition was first seen.</param>
public sealed record StationAlarm(StationAlarmKind Kind, string Detail, DateTimeOffset Since);
