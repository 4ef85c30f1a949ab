using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace GroundStation.Registry.Api;

/// <summary>A satellite as the API shows it.</summary>
/// <param name="Norad">Catalog number.</param>
/// <param name="Name">Display name.</param>
/// <param name="Tenant">Owning tenant.</param>
/// <param name="Priority">Scheduling priority (higher wins).</param>
/// <param name="DownlinkHz">Downlink frequency.</param>
/// <param name="UplinkHz">Uplink frequency, if any.</param>
/// <param name="Mode">Radio mode.</param>
/// <param name="Callsign">AX.25 callsign.</param>
/// <param name="MinimumContactSeconds">Shortest pass worth scheduling.</param>
/// <param name="Elements">The newest element set, if any.</param>
/// <param name="TelemetryDecoder">Its housekeeping decoder, or null for the core's default.</param>
/// <param name="CommandDictionary">Its command dictionary, or null for the core's default.</param>
public sealed record SatelliteDto(
    int Norad, string Name, string Tenant, int Priority, long DownlinkHz, long? UplinkHz, string Mode, string Callsign,
    int MinimumContactSeconds, ElementSetDto? Elements, string? TelemetryDecoder, string? CommandDictionary)
{
    internal static SatelliteDto From(SatelliteRecord s) => new(s.Norad.Value, s.Name, s.Tenant, s.Priority, s.DownlinkHz, s.UplinkHz, s.Mode,
        s.Callsign, s.MinimumContactSeconds, s.Latest is null ? null : ElementSetDto.From(s.Latest), s.TelemetryDecoder, s.CommandDictionary);
}

/// <summary>The body of <c>PUT /api/v1/satellites/{norad}</c>; missing required fields are reported by name.</summary>
/// <param name="Name">Display name.</param>
/// <param name="Priority">0-1000.</param>
/// <param name="DownlinkHz">Downlink frequency.</param>
/// <param name="UplinkHz">Uplink frequency, optional.</param>
/// <param name="Mode">Radio mode.</param>
/// <param name="Callsign">AX.25 callsign, optional (S&lt;norad&gt;).</param>
/// <param name="MinimumContactSeconds">Optional, 0 by default.</param>
/// <param name="TelemetryDecoder">Optional: a housekeeping decoder the core has; the core's default when absent.</param>
/// <param name="CommandDictionary">Optional: a command dictionary the core has; the core's default when absent.</param>
public sealed record SatelliteBody(string? Name, int? Priority, long? DownlinkHz, long? UplinkHz, string? Mode, string? Callsign, int? MinimumContactSeconds,
    string? TelemetryDecoder = null, string? CommandDictionary = null);

/// <summary>An element set as the API shows it.</summary>
/// <param name="Id">Registry id.</param>
/// <param name="Norad">Satellite.</param>
/// <param name="Epoch">Epoch.</param>
/// <param name="Line1">TLE line 1.</param>
/// <param name="Line2">TLE line 2.</param>
/// <param name="Format">tle, 3le or omm.</param>
/// <param name="IngestedAt">When it was received.</param>
public sealed record ElementSetDto(long Id, int Norad, DateTimeOffset Epoch, string Line1, string Line2, string Format, DateTimeOffset IngestedAt)
{
    internal static ElementSetDto From(ElementSet e) => new(e.Id, e.Norad.Value, e.Epoch, e.Line1, e.Line2, e.Format, e.IngestedAt);
}

/// <summary>One horizon-mask point.</summary>
/// <param name="AzimuthDeg">Azimuth, 0-360.</param>
/// <param name="ElevationDeg">Lowest usable elevation there.</param>
public sealed record MaskPointDto(double AzimuthDeg, double ElevationDeg);

/// <summary>A receive band.</summary>
/// <param name="MinHz">Lowest frequency.</param>
/// <param name="MaxHz">Highest frequency.</param>
public sealed record BandDto(long MinHz, long MaxHz);

/// <summary>Rotator limits.</summary>
/// <param name="MinAzimuthDeg">Lowest azimuth.</param>
/// <param name="MaxAzimuthDeg">Highest azimuth.</param>
/// <param name="MinElevationDeg">Lowest elevation.</param>
/// <param name="MaxElevationDeg">Highest elevation.</param>
/// <param name="SlewRateDegPerSecond">Slew rate.</param>
public sealed record RotatorDto(double MinAzimuthDeg, double MaxAzimuthDeg, double MinElevationDeg, double MaxElevationDeg, double SlewRateDegPerSecond);

/// <summary>A station as the API shows it.</summary>
/// <param name="Id">Station id.</param>
/// <param name="Name">Display name.</param>
/// <param name="LatitudeDeg">Latitude.</param>
/// <param name="LongitudeDeg">Longitude.</param>
/// <param name="AltitudeM">Altitude.</param>
/// <param name="MinimumElevationDeg">Minimum elevation.</param>
/// <param name="HorizonMask">Mask points, if any.</param>
/// <param name="Bands">Receive bands.</param>
/// <param name="Rotator">Rotator limits.</param>
/// <param name="Callsign">AX.25 callsign.</param>
/// <param name="Owner">Operator.</param>
/// <param name="Shared">Open to other tenants.</param>
/// <param name="Status">Live status from <see cref="IStationStatusProvider"/>, or "unknown".</param>
public sealed record StationDto(
    string Id, string Name, double LatitudeDeg, double LongitudeDeg, double AltitudeM, double MinimumElevationDeg,
    IReadOnlyList<MaskPointDto>? HorizonMask, IReadOnlyList<BandDto> Bands, RotatorDto Rotator, string Callsign, string Owner,
    bool Shared, string Status);

/// <summary>The body of <c>PUT /api/v1/stations/{station}</c>.</summary>
/// <param name="Name">Display name.</param>
/// <param name="LatitudeDeg">Latitude.</param>
/// <param name="LongitudeDeg">Longitude.</param>
/// <param name="AltitudeM">Altitude (0 when absent).</param>
/// <param name="MinimumElevationDeg">Minimum elevation.</param>
/// <param name="HorizonMask">Optional mask.</param>
/// <param name="Bands">Receive bands (at least one).</param>
/// <param name="Rotator">Rotator limits (0-360, 0-90, 6 deg/s when absent).</param>
/// <param name="Callsign">AX.25 callsign.</param>
/// <param name="Owner">Operator.</param>
/// <param name="Shared">Open to other tenants (true when absent).</param>
public sealed record StationBody(
    string? Name, double? LatitudeDeg, double? LongitudeDeg, double? AltitudeM, double? MinimumElevationDeg,
    IReadOnlyList<MaskPointDto>? HorizonMask, IReadOnlyList<BandDto>? Bands, RotatorDto? Rotator, string? Callsign, string? Owner, bool? Shared);

/// <summary>The body of <c>POST /api/v1/stations/{station}/unavailability</c>.</summary>
/// <param name="From">Start.</param>
/// <param name="To">End.</param>
/// <param name="Reason">Why.</param>
public sealed record UnavailabilityBody(DateTimeOffset? From, DateTimeOffset? To, string? Reason);

/// <summary>An unavailability window as the API shows it.</summary>
/// <param name="Id">Registry id.</param>
/// <param name="Station">Station.</param>
/// <param name="From">Start.</param>
/// <param name="To">End.</param>
/// <param name="Reason">Why.</param>
public sealed record UnavailabilityDto(long Id, string Station, DateTimeOffset From, DateTimeOffset To, string Reason)
{
    internal static UnavailabilityDto Of(UnavailabilityWindow w) => new(w.Id, w.Station.Value, w.From, w.To, w.Reason);
}

/// <summary>Live station status for <c>GET /api/v1/stations</c>; the core host implements it from station presence.</summary>
public interface IStationStatusProvider
{
    /// <summary>A short status word ("online", "offline"...), or null when unknown.</summary>
    string? StatusOf(Messaging.Contracts.StationId station);
}

/// <summary>Source-generated JSON for the registry API.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SatelliteDto))]
[JsonSerializable(typeof(SatelliteDto[]))]
[JsonSerializable(typeof(SatelliteBody))]
[JsonSerializable(typeof(ElementSetDto))]
[JsonSerializable(typeof(ElementSetDto[]))]
[JsonSerializable(typeof(StationDto))]
[JsonSerializable(typeof(StationDto[]))]
[JsonSerializable(typeof(StationBody))]
[JsonSerializable(typeof(UnavailabilityBody))]
[JsonSerializable(typeof(UnavailabilityDto))]
[JsonSerializable(typeof(ProblemDetails))]
[JsonSerializable(typeof(HttpValidationProblemDetails))]
public sealed partial class RegistryJsonContext : JsonSerializerContext;
