namespace GroundStation.Core.Contacts;

/// <summary>Tunables of the contact lifecycle.</summary>
public sealed class ContactOptions
{
    /// <summary>
    /// How long after LOS (for a contact the station never reported on) or after teardown (for one it started but never
    /// finished) the core waits for the station before failing the contact with "no report from station". Pass events
    /// travel at QoS 1 and a station may be reconnecting, so this is not zero.
    /// </summary>
    public TimeSpan ReportGrace { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Checks the values, naming the bad one.</summary>
    public void Validate()
    {
        if (ReportGrace < TimeSpan.Zero || ReportGrace > TimeSpan.FromHours(6))
        {
            throw new ArgumentOutOfRangeException(nameof(ReportGrace), ReportGrace, "ContactOptions.ReportGrace must be between 0 and 6 hours.");
        }
    }
}
