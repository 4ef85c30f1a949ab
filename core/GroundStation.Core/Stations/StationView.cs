using GroundStation.Messaging.Contracts;

namespace GroundStation.Core.Stations;

/// <summary>What the core knows live about one station: its presence and its last status report.</summary>
/// <param name="Station">The station.</param>
/// <param name="Presence">Online or Offline, null before the first presence message.</param>
/// <param name="PresenceSince">Since when, by the station's presence message.</param>
/// <param name="Status">The last status report, or null.</param>
public sealed record StationView(StationId Station, PresenceState? Presence, DateTimeOffset? PresenceSince, StationStatus? Status);
