using GroundStation.Messaging.Protocol;

namespace GroundStation.Messaging.Contracts;

/// <summary>
/// GroundStation's MQTT topic layout (docs/MESSAGING.md): everything lives under <c>gs/v1/stations/{stationId}/</c>,
/// so a broker authoriser can confine a station's key to its own subtree with one rule.
/// </summary>
public static class GroundStationTopics
{
    /// <summary>The root of every GroundStation topic; the version changes only with an incompatible layout.</summary>
    public const string Root = "gs/v1";

    /// <summary>The share group the core's telemetry consumers join, so several core instances split the stream.</summary>
    public const string CoreShareGroup = "gs-core";

    /// <summary>Telemetry frames, edge to core, QoS 1, not retained.</summary>
    public static TopicName Telemetry(StationId station) => Station(station, "telemetry");

    /// <summary>Heartbeat with link states, spool and disk, edge to core, QoS 1, retained.</summary>
    public static TopicName Status(StationId station) => Station(station, "status");

    /// <summary>Online/offline, edge to core, QoS 1, retained; the edge's last will sets it offline.</summary>
    public static TopicName Presence(StationId station) => Station(station, "presence");

    /// <summary>The signed pass plan, core to edge, QoS 1, retained (a reconnecting edge always gets the latest).</summary>
    public static TopicName Plan(StationId station) => Station(station, "plan");

    /// <summary>Pass state transitions, edge to core, QoS 1, not retained.</summary>
    public static TopicName PassEvents(StationId station) => Station(station, "passes");

    /// <summary>Signed telecommands, core to edge, QoS 1, not retained.</summary>
    public static TopicName Commands(StationId station) => Station(station, "commands");

    /// <summary>Command acknowledgements, edge to core, QoS 1, not retained.</summary>
    public static TopicName CommandAcks(StationId station) => Station(station, "commands/acks");

    /// <summary>The core's filter for one kind of edge message from every station, e.g. <c>gs/v1/stations/+/telemetry</c>.</summary>
    /// <param name="leaf">The topic suffix after the station id: "telemetry", "status", "presence", "passes" or "commands/acks".</param>
    /// <param name="shared">True to join <see cref="CoreShareGroup"/> (load spread over core instances).</param>
    public static TopicFilter AllStations(string leaf, bool shared = false) =>
        TopicFilter.Parse(shared ? $"$share/{CoreShareGroup}/{Root}/stations/+/{leaf}" : $"{Root}/stations/+/{leaf}");

    /// <summary>Everything under one station: the subtree a station's key may use.</summary>
    public static TopicFilter StationSubtree(StationId station) => TopicFilter.Parse($"{Root}/stations/{station.Value}/#");

    /// <summary>Reads the station id out of a GroundStation topic; false for any other topic.</summary>
    public static bool TryGetStation(TopicName topic, out StationId station)
    {
        station = default;
        var parts = topic.Value.Split('/');
        return parts.Length >= 5 && parts[0] == "gs" && parts[1] == "v1" && parts[2] == "stations" &&
               StationId.TryParse(parts[3], out station);
    }

    private static TopicName Station(StationId station, string leaf) => TopicName.Parse($"{Root}/stations/{station.Value}/{leaf}");
}
