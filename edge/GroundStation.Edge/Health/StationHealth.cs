using GroundStation.Hardware.Tnc;
using GroundStation.Messaging.Contracts;

namespace GroundStation.Edge.Health;

/// <summary>The sources of a heartbeat: device links, spool, disk, clock and the active pass.</summary>
/// <param name="Station">This station.</param>
/// <param name="Rotator">Rotator link.</param>
/// <param name="Radio">Radio link.</param>
/// <param name="Tnc">The TNC (its link state), or null when not configured.</param>
/// <param name="SpoolDepth">Frames spooled and not yet acknowledged.</param>
/// <param name="DataDirectory">The data volume (free space is measured there).</param>
/// <param name="Clock">The clock monitor.</param>
/// <param name="ActivePass">The pass being executed, if any.</param>
public sealed record StationHealth(
    StationId Station,
    DeviceLink Rotator,
    DeviceLink Radio,
    ITnc? Tnc,
    Func<long> SpoolDepth,
    string DataDirectory,
    ClockMonitor Clock,
    Func<string?> ActivePass)
{
    /// <summary>Takes the heartbeat at <paramref name="at"/>.</summary>
    public StationStatus Snapshot(DateTimeOffset at) => new(
        StationStatus.CurrentVersion,
        Station,
        at,
        Rotator.State,
        Radio.State,
        Tnc is null ? DeviceLinkState.NotConfigured : Tnc.State switch
        {
            TncLinkState.Connected => DeviceLinkState.Up,
            TncLinkState.Connecting => DeviceLinkState.Degraded,
            _ => DeviceLinkState.Down,
        },
        SpoolDepth(),
        FreeDiskBytes(DataDirectory),
        Clock.Offset.TotalMilliseconds,
        ActivePass());

    /// <summary>Free bytes on the volume holding <paramref name="directory"/>.</summary>
    public static long FreeDiskBytes(string directory)
    {
        try
        {
            return new DriveInfo(Path.GetFullPath(directory)).AvailableFreeSpace;
        }
        catch (Exception error) when (error is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return -1;
        }
    }
}
