using System.Text.Json.Serialization;
using GroundStation.Telemetry.Limits;
using GroundStation.Telemetry.Live;

namespace GroundStation.Telemetry.Api;

/// <summary>Source-generated JSON of the telemetry API: camelCase, enums as strings.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TelemetrySampleView))]
[JsonSerializable(typeof(IReadOnlyList<TelemetrySampleView>))]
[JsonSerializable(typeof(TelemetryFrameView))]
[JsonSerializable(typeof(IReadOnlyList<TelemetryFrameView>))]
[JsonSerializable(typeof(Alarm))]
[JsonSerializable(typeof(IReadOnlyList<Alarm>))]
[JsonSerializable(typeof(AlarmChange))]
public sealed partial class TelemetryJsonContext : JsonSerializerContext;
