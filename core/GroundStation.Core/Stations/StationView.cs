using GroundStation.Messaging.Contracts;

namespace GroundStation.Core.Stations;

/// <summary>What the core knows live about one station: its presence and its last status report.</summary>
/// <param name="Station">The station.</param>
/// <param name="Presence">Online or Offline, null before the first presence message.</param>
/// <param name="PresenceSince">Since when, by the station's presence message.</param>
/// <param name="Status">The last status report, or null.</param>
/// <param name="Alarms">The station alarms the last status report shows (none before the first).</param>
public sealed record StationView(StationId Station, PresenceState? Presence, DateTimeOffset? PresenceSince, StationStatus? Status,
    IReadOnlyList<StationAlarm> Alarms)
{
    /// <summary>A station first heard of through <paramref name="presence"/> or <paramref name="status"/>.</summary>
    public static StationView FirstHeard(StationId station, PresenceState? presence, DateTimeOffset? since, StationStatus? status) =>
        new(station, presence, since, status, []);
}
