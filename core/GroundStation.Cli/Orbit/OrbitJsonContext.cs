using System.Text.Json.Serialization;

namespace GroundStation.Cli.Orbit;

/// <summary>One row of <c>gsctl orbit propagate</c>: a TEME state, or the SGP4 error code with null state.</summary>
internal sealed record StateRow(
    [property: JsonPropertyName("norad")] int Norad,
    [property: JsonPropertyName("utc")] string Utc,
    [property: JsonPropertyName("x_km")] double? XKm,
    [property: JsonPropertyName("y_km")] double? YKm,
    [property: JsonPropertyName("z_km")] double? ZKm,
    [property: JsonPropertyName("vx_km_s")] double? VxKmPerSecond,
    [property: JsonPropertyName("vy_km_s")] double? VyKmPerSecond,
    [property: JsonPropertyName("vz_km_s")] double? VzKmPerSecond,
    [property: JsonPropertyName("error")] int Error);

/// <summary>One pass in <c>gsctl orbit passes --format json</c>.</summary>
internal sealed record PassRow(
    [property: JsonPropertyName("norad")] int Norad,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("aos")] string Aos,
    [property: JsonPropertyName("tca")] string Tca,
    [property: JsonPropertyName("los")] string Los,
    [property: JsonPropertyName("maxElevationDeg")] double MaxElevationDeg,
    [property: JsonPropertyName("aosAzimuthDeg")] double AosAzimuthDeg,
    [property: JsonPropertyName("losAzimuthDeg")] double LosAzimuthDeg);

/// <summary>Source-generated JSON for the orbit commands (no reflection: trimming-safe).</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(List<StateRow>))]
[JsonSerializable(typeof(List<PassRow>))]
internal sealed partial class OrbitJsonContext : JsonSerializerContext;
