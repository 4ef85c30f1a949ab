using System.Text.Json.Serialization;

namespace GroundStation.Messaging.Contracts;

/// <summary>A payload that carries its schema version in the "v" field, checked on decoding.</summary>
public interface IVersionedMessage
{
    /// <summary>The schema version this message was written with.</summary>
    int Version { get; }

    /// <summary>The schema version this build reads and writes.</summary>
    static abstract int CurrentVersion { get; }

    /// <summary>The message kind, named in errors and bound into signatures so one kind cannot pass for another.</summary>
    static abstract string Kind { get; }
}

/// <summary>One frame received from the satellite by a station's TNC.</summary>
/// <param name="Version">Schema version (1).</param>
/// <param name="Station">The receiving station.</param>
/// <param name="PassId">The pass during which it was received.</param>
/// <param name="FrameId">A stable id (station, pass and sequence), so the core can de-duplicate resends.</param>
/// <param name="ReceivedAt">When the TNC delivered it, by the station's clock.</param>
/// <param name="Data">The frame bytes (base64 in JSON).</param>
public sealed record TelemetryFrame(
    [property: JsonPropertyName("v")] int Version,
    StationId Station,
    string PassId,
    string FrameId,
    DateTimeOffset ReceivedAt,
    byte[] Data) : IVersionedMessage
{
    /// <inheritdoc />
    public static int CurrentVersion => 1;

    /// <inheritdoc />
    public static string Kind => "telemetry-frame";
}

/// <summary>The state of a link between the edge agent and one device.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DeviceLinkState>))]
public enum DeviceLinkState
{
    /// <summary>The station has no such device.</summary>
    NotConfigured,

    /// <summary>Connected and answering.</summary>
    Up,

    /// <summary>Connected but answering slowly or with errors.</summary>
    Degraded,

    /// <summary>Not reachable.</summary>
    Down,
}

/// <summary>A station's heartbeat: device links, spool, disk and clock.</summary>
/// <param name="Version">Schema version (1).</param>
/// <param name="Station">The reporting station.</param>
/// <param name="At">When the heartbeat was taken.</param>
/// <param name="Rotator">Rotator link state.</param>
/// <param name="Radio">Radio link state.</param>
/// <param name="Tnc">TNC link state.</param>
/// <param name="SpoolDepth">Telemetry frames spooled and not yet acknowledged by the broker.</param>
/// <param name="FreeDiskBytes">Free space on the data volume.</param>
/// <param name="ClockOffsetMilliseconds">The station clock minus the reference clock (positive: station ahead).</param>
/// <param name="ActivePassId">The pass being executed, if any.</param>
public sealed record StationStatus(
    [property: JsonPropertyName("v")] int Version,
    StationId Station,
    DateTimeOffset At,
    DeviceLinkState Rotator,
    DeviceLinkState Radio,
    DeviceLinkState Tnc,
    long SpoolDepth,
    long FreeDiskBytes,
    double ClockOffsetMilliseconds,
    string? ActivePassId) : IVersionedMessage
{
    /// <inheritdoc />
    public static int CurrentVersion => 1;

    /// <inheritdoc />
    public static string Kind => "station-status";
}

/// <summary>Whether a station's agent is connected.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PresenceState>))]
public enum PresenceState
{
    /// <summary>The agent is connected.</summary>
    Online,

    /// <summary>The agent disconnected or vanished (published as its last will).</summary>
    Offline,
}

/// <summary>A station's presence; the agent publishes Online on connect and registers Offline as its last will.</summary>
/// <param name="Version">Schema version (1).</param>
/// <param name="Station">The station.</param>
/// <param name="State">Online or offline.</param>
/// <param name="Since">When the agent connected (for the will: when the will was registered).</param>
public sealed record StationPresence(
    [property: JsonPropertyName("v")] int Version,
    StationId Station,
    PresenceState State,
    DateTimeOffset Since) : IVersionedMessage
{
    /// <inheritdoc />
    public static int CurrentVersion => 1;

    /// <inheritdoc />
    public static string Kind => "station-presence";
}

/// <summary>One pass the station must execute, with everything needed to track it offline.</summary>
/// <param name="PassId">The core's id of the contact.</param>
/// <param name="NoradId">The satellite catalog number.</param>
/// <param name="SatelliteName">Display name.</param>
/// <param name="TleLine1">TLE line 1 the station propagates with.</param>
/// <param name="TleLine2">TLE line 2.</param>
/// <param name="Aos">Acquisition of signal (start of tracking).</param>
/// <param name="Los">Loss of signal (end of tracking).</param>
/// <param name="MaxElevationDegrees">Culmination, for flip-mode decisions.</param>
/// <param name="DownlinkHz">Downlink centre frequency before Doppler correction.</param>
/// <param name="UplinkHz">Uplink frequency for commanding, if any.</param>
/// <param name="Mode">Radio mode (e.g. "FM", "USB"), as the radio layer names it.</param>
public sealed record PlannedPass(
    string PassId,
    int NoradId,
    string SatelliteName,
    string TleLine1,
    string TleLine2,
    DateTimeOffset Aos,
    DateTimeOffset Los,
    double MaxElevationDegrees,
    long DownlinkHz,
    long? UplinkHz,
    string Mode);

/// <summary>A station's schedule; carried inside a <see cref="SignedEnvelope"/> on the plan topic.</summary>
/// <param name="Version">Schema version (1).</param>
/// <param name="Station">The station the plan is for (checked by the edge against its own id).</param>
/// <param name="PlanVersion">Increases with every new plan; the edge ignores a plan older than the one it runs.</param>
/// <param name="GeneratedAt">When the core produced it.</param>
/// <param name="Passes">The passes in AOS order.</param>
public sealed record PassPlan(
    [property: JsonPropertyName("v")] int Version,
    StationId Station,
    long PlanVersion,
    DateTimeOffset GeneratedAt,
    IReadOnlyList<PlannedPass> Passes) : IVersionedMessage
{
    /// <inheritdoc />
    public static int CurrentVersion => 1;

    /// <inheritdoc />
    public static string Kind => "pass-plan";
}

/// <summary>The pass lifecycle states the edge reports.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PassState>))]
public enum PassState
{
    /// <summary>Planned and waiting.</summary>
    Scheduled,

    /// <summary>Pre-pass hooks running, rotator moving to the AOS azimuth.</summary>
    PrePass,

    /// <summary>Between AOS and LOS, tracking.</summary>
    Tracking,

    /// <summary>After LOS: parking, post-pass hooks.</summary>
    PostPass,

    /// <summary>Done.</summary>
    Completed,

    /// <summary>Ended without completing; the reason says why.</summary>
    Failed,
}

/// <summary>A pass state transition at a station.</summary>
/// <param name="Version">Schema version (1).</param>
/// <param name="Station">The station.</param>
/// <param name="PassId">The pass.</param>
/// <param name="State">The new state.</param>
/// <param name="At">When the transition happened.</param>
/// <param name="Reason">Why, for <see cref="PassState.Failed"/>.</param>
public sealed record PassEvent(
    [property: JsonPropertyName("v")] int Version,
    StationId Station,
    string PassId,
    PassState State,
    DateTimeOffset At,
    string? Reason) : IVersionedMessage
{
    /// <inheritdoc />
    public static int CurrentVersion => 1;

    /// <inheritdoc />
    public static string Kind => "pass-event";
}

/// <summary>What IAM decided about a command, carried with it so the edge can record who authorised the uplink.</summary>
/// <param name="DecisionId">IAM's id for the decision (its audit record).</param>
/// <param name="Principal">Who sent the command.</param>
/// <param name="ApprovedBy">The second principal who approved a critical command, if one was needed.</param>
/// <param name="DecidedAt">When IAM decided.</param>
public sealed record IamDecision(string DecisionId, string Principal, string? ApprovedBy, DateTimeOffset DecidedAt);

/// <summary>A telecommand for a station to uplink; carried inside a <see cref="SignedEnvelope"/>.</summary>
/// <param name="Version">Schema version (1).</param>
/// <param name="CommandId">The core's command id.</param>
/// <param name="Station">The station that must uplink it.</param>
/// <param name="PassId">The pass during which it may be uplinked, and only then.</param>
/// <param name="NoradId">The target satellite.</param>
/// <param name="Nonce">A random value; the edge refuses a nonce it has seen (replay).</param>
/// <param name="IssuedAt">When the core released it.</param>
/// <param name="ExpiresAt">After this instant the command is refused, never sent late.</param>
/// <param name="Payload">The bytes to uplink through the TNC (base64 in JSON).</param>
/// <param name="Decision">IAM's authorisation.</param>
public sealed record Telecommand(
    [property: JsonPropertyName("v")] int Version,
    string CommandId,
    StationId Station,
    string PassId,
    int NoradId,
    string Nonce,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    byte[] Payload,
    IamDecision Decision) : IVersionedMessage
{
    /// <inheritdoc />
    public static int CurrentVersion => 1;

    /// <inheritdoc />
    public static string Kind => "telecommand";
}

/// <summary>The stages an edge reports for a command.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CommandStage>))]
public enum CommandStage
{
    /// <summary>Verified and queued for its pass.</summary>
    Queued,

    /// <summary>Its pass is active and the satellite in view: handed to the TNC.</summary>
    Released,

    /// <summary>The TNC transmitted it.</summary>
    Sent,

    /// <summary>Refused or not transmitted; the reason says why.</summary>
    Failed,
}

/// <summary>A command's progress at the edge.</summary>
/// <param name="Version">Schema version (1).</param>
/// <param name="CommandId">The command.</param>
/// <param name="Station">The reporting station.</param>
/// <param name="Stage">The stage reached.</param>
/// <param name="At">When.</param>
/// <param name="Reason">Why, for <see cref="CommandStage.Failed"/> (e.g. "bad signature", "expired", "replayed nonce", "window passed").</param>
public sealed record CommandAck(
    [property: JsonPropertyName("v")] int Version,
    string CommandId,
    StationId Station,
    CommandStage Stage,
    DateTimeOffset At,
    string? Reason) : IVersionedMessage
{
    /// <inheritdoc />
    public static int CurrentVersion => 1;

    /// <inheritdoc />
    public static string Kind => "command-ack";
}
