using GroundStation.Telemetry.Influx.LineProtocol;

namespace GroundStation.Telemetry.Influx.Sink;

/// <summary>One decoded telemetry parameter value, as the core stores it.</summary>
/// <param name="Satellite">The satellite, by NORAD id or name (becomes the <c>satellite</c> tag).</param>
/// <param name="Parameter">The parameter name (the <c>parameter</c> tag).</param>
/// <param name="Value">The value: float, integer, boolean or string.</param>
/// <param name="Timestamp">When the satellite measured it.</param>
/// <param name="Station">The station that received it (the <c>station</c> tag).</param>
/// <param name="PassId">The pass it arrived in, when known (the <c>pass</c> tag).</param>
public sealed record TelemetrySample(
    string Satellite,
    string Parameter,
    FieldValue Value,
    DateTimeOffset Timestamp,
    string Station,
    string? PassId = null);

/// <summary>Where the core hands telemetry for storage.</summary>
public interface ITelemetryWriter
{
    /// <summary>Accepts one sample; waits while the store's queue is full.</summary>
    /// <exception cref="LineProtocolException">The store cannot carry the sample; it was not accepted.</exception>
    ValueTask WriteAsync(TelemetrySample sample, CancellationToken cancellationToken = default);
}

/// <summary>How telemetry samples map onto InfluxDB points.</summary>
public static class TelemetryPointMapping
{
    /// <summary>The field key each value kind goes to: one key per kind, so kinds never conflict in a shard.</summary>
    public static string FieldKey(FieldKind kind) => kind switch
    {
        FieldKind.FloatValue => "value",
        FieldKind.IntegerValue => "value_int",
        FieldKind.UnsignedValue => "value_uint",
        FieldKind.BooleanValue => "value_bool",
        _ => "value_str",
    };

    /// <summary>The point for <paramref name="sample"/> in <paramref name="measurement"/>.</summary>
    /// <exception cref="LineProtocolException">Line protocol cannot carry the sample.</exception>
    public static LinePoint ToPoint(TelemetrySample sample, string measurement)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var builder = LinePoint.Builder(measurement)
            .Tag("satellite", sample.Satellite)
            .Tag("parameter", sample.Parameter)
            .Tag("station", sample.Station)
            .Field(FieldKey(sample.Value.Kind), sample.Value)
            .At(sample.Timestamp);
        if (sample.PassId is { Length: > 0 } pass)
        {
            builder.Tag("pass", pass);
        }

        return builder.Build();
    }
}
