namespace GroundStation.Core.Stations;

/// <summary>When a station's heartbeat raises a station alarm.</summary>
public sealed record StationHealthLimits
{
    /// <summary>
    /// The largest clock offset (against the station's NTP server) the core accepts. Passes, Doppler and command
    /// windows are timed by the station clock, so a drifting clock points the antenna at the wrong sky. The default is
    /// the edge agent's own alarm threshold (health.clockSkewThresholdMs).
    /// </summary>
    public TimeSpan MaximumClockOffset { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Below this free space on the station's data volume the spool may soon refuse frames.</summary>
    public long MinimumFreeDiskBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Refuses limits that would never or always alarm.</summary>
    public void Validate()
    {
        if (MaximumClockOffset <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MaximumClockOffset), MaximumClockOffset, "The clock offset limit must be positive.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(MinimumFreeDiskBytes);
    }
}
