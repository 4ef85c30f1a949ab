namespace GroundStation.Telemetry.Decoding;

/// <summary>A parameter a decoder produces.</summary>
/// <param name="Name">The parameter name (camelCase, stable: it is stored and queried by it).</param>
/// <param name="Unit">Its engineering unit, empty for counts and enumerations.</param>
public sealed record ParameterDefinition(string Name, string Unit);

/// <summary>
/// Turns a received frame (<see cref="GroundStation.Messaging.Contracts.TelemetryFrame.Data"/>: AX.25 without FCS) into
/// parameter values. Decoders are registered by name in <see cref="TelemetryDecoderRegistry"/>; each satellite names its
/// decoder (<see cref="TelemetryTarget.Decoder"/>). Implementations must be thread-safe and should not allocate per frame.
/// </summary>
public interface ITelemetryDecoder
{
    /// <summary>The decoder's name, e.g. <c>gs-sim-housekeeping-v1</c>.</summary>
    string Name { get; }

    /// <summary>The parameters every decoded frame carries, in the order of the values.</summary>
    IReadOnlyList<ParameterDefinition> Parameters { get; }

    /// <summary>
    /// Decodes <paramref name="frame"/> into <paramref name="values"/> (length <see cref="Parameters"/>.Count).
    /// Returns null on success, else a sentence naming what is wrong and where.
    /// </summary>
    string? TryDecode(ReadOnlySpan<byte> frame, Span<double> values, out DateTimeOffset sampledAt);
}
