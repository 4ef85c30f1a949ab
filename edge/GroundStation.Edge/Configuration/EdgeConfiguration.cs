using GroundStation.Edge.Spool;
using GroundStation.Hardware.Hamlib;
using GroundStation.Hardware.Rotators;
using GroundStation.Messaging.Contracts;
using GroundStation.Orbits.Geometry;
using GroundStation.Orbits.Passes;

namespace GroundStation.Edge.Configuration;

/// <summary>The validated settings of one edge agent (docs/EDGE.md, "Configuration").</summary>
/// <param name="Station">Who and where the station is.</param>
/// <param name="Rotator">The rotator daemon and its mechanics.</param>
/// <param name="Radio">The downlink radio daemon, if any.</param>
/// <param name="UplinkRadio">A separate uplink radio daemon, if any.</param>
/// <param name="Tnc">The KISS TNC.</param>
/// <param name="Broker">The MQTT broker.</param>
/// <param name="CorePublicKeyFile">PEM file of the core's public signing key.</param>
/// <param name="DataDirectory">Where the plan, the outbox, the spool and the command store live.</param>
/// <param name="Tracking">Tracking, Doppler and pre-pass timing.</param>
/// <param name="Health">Heartbeat and clock checks.</param>
/// <param name="Spool">Telemetry spool limits and forwarding rate.</param>
public sealed record EdgeConfiguration(
    StationSettings Station,
    RotatorSettings Rotator,
    RadioSettings? Radio,
    RadioSettings? UplinkRadio,
    TncSettings Tnc,
    BrokerSettings Broker,
    string CorePublicKeyFile,
    string DataDirectory,
    TrackingSettings Tracking,
    HealthSettings Health,
    SpoolSettings Spool);

/// <summary>The station's identity and site.</summary>
/// <param name="Id">Station id (topics, frame ids, MQTT client id).</param>
/// <param name="Callsign">The station's callsign (AX.25 source of uplinked frames).</param>
/// <param name="Site">Position, minimum elevation and horizon mask.</param>
public sealed record StationSettings(StationId Id, string Callsign, GroundStationSite Site);

/// <summary>The rotator behind rotctld and what it can do mechanically.</summary>
/// <param name="Endpoint">rotctld host and port.</param>
/// <param name="Limits">Commandable range; azimuth may include overwind (e.g. -180..450), elevation up to 180 for flip-capable rotators.</param>
/// <param name="AzimuthRateDegPerSecond">Azimuth slew rate, used to start pre-positioning early enough.</param>
/// <param name="ElevationRateDegPerSecond">Elevation slew rate.</param>
/// <param name="Park">Where to park after a pass; null uses the daemon's own park command.</param>
/// <param name="FlipAboveDegrees">Passes culminating above this use flip mode on rotators with 180 degrees of elevation.</param>
public sealed record RotatorSettings(
    HamlibEndpoint Endpoint,
    RotatorLimits Limits,
    double AzimuthRateDegPerSecond,
    double ElevationRateDegPerSecond,
    RotatorPosition? Park,
    double FlipAboveDegrees)
{
    /// <summary>True when the elevation axis reaches past the zenith (flip mode possible).</summary>
    public bool FlipCapable => Limits.MaxElevation.Degrees >= 180.0;
}

/// <summary>A radio behind rigctld.</summary>
/// <param name="Endpoint">rigctld host and port.</param>
/// <param name="Vfo">The VFO to tune, or null for the daemon's current one.</param>
public sealed record RadioSettings(HamlibEndpoint Endpoint, string? Vfo);

/// <summary>The KISS TNC over TCP.</summary>
/// <param name="Host">Host name or address.</param>
/// <param name="Port">TCP port (8001 by convention).</param>
/// <param name="KissPort">The KISS port (radio channel) telecommands are sent on.</param>
public sealed record TncSettings(string Host, int Port, byte KissPort);

/// <summary>The MQTT broker connection.</summary>
/// <param name="Host">Host name or address.</param>
/// <param name="Port">TCP port.</param>
/// <param name="UserName">MQTT user name (defaults to the station id).</param>
/// <param name="ApiKeyFile">File holding the station's IAM API key, sent as the MQTT password; null for none.</param>
/// <param name="Tls">True for TLS.</param>
/// <param name="TlsCaFile">PEM of a private CA to trust instead of the system store, if any.</param>
/// <param name="TlsServerName">Name the server certificate must carry, if not the host.</param>
public sealed record BrokerSettings(string Host, int Port, string UserName, string? ApiKeyFile, bool Tls, string? TlsCaFile, string? TlsServerName);

/// <summary>Tracking, Doppler and pre-pass timing.</summary>
/// <param name="Period">How often the pointing is recomputed during a pass.</param>
/// <param name="PointingThresholdDegrees">A new rotator position is sent only when the error exceeds this.</param>
/// <param name="DopplerPeriod">How often the radio is retuned during a pass.</param>
/// <param name="PrePassMargin">Time added to the computed slew time before AOS (hooks, settling).</param>
/// <param name="PrePassHook">Command line run at pre-pass (program then arguments), if any.</param>
/// <param name="PostPassHook">Command line run at post-pass, if any.</param>
/// <param name="HookTimeout">How long a hook may run before it is killed.</param>
public sealed record TrackingSettings(
    TimeSpan Period,
    double PointingThresholdDegrees,
    TimeSpan DopplerPeriod,
    TimeSpan PrePassMargin,
    IReadOnlyList<string>? PrePassHook,
    IReadOnlyList<string>? PostPassHook,
    TimeSpan HookTimeout);

/// <summary>Heartbeat and clock checks.</summary>
/// <param name="HeartbeatPeriod">How often <see cref="StationStatus"/> is published.</param>
/// <param name="NtpServer">host[:port] of an NTP server to measure the clock offset against, if any.</param>
/// <param name="ClockSkewThreshold">An offset beyond this raises the clock alarm.</param>
public sealed record HealthSettings(TimeSpan HeartbeatPeriod, string? NtpServer, TimeSpan ClockSkewThreshold);

/// <summary>Telemetry spool limits and forwarding rate.</summary>
/// <param name="MaximumBytes">The most frame bytes held; beyond it (or on a full disk) the policy applies.</param>
/// <param name="Policy">What happens when full: RejectNewest keeps the oldest data, DropOldest keeps the newest.</param>
/// <param name="ForwardRatePerSecond">The most frames per second drained to the broker after an outage.</param>
public sealed record SpoolSettings(long MaximumBytes, SpoolFullPolicy Policy, double ForwardRatePerSecond);
