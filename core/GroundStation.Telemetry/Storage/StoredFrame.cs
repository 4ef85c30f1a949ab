using GroundStation.Messaging.Contracts;

namespace GroundStation.Telemetry.Storage;

/// <summary>A frame as the store holds it: metadata, the raw bytes, and its decoded values or its decoding error.</summary>
/// <param name="FrameId">The edge's frame id (unique).</param>
/// <param name="Station">The receiving station.</param>
/// <param name="PassId">The pass.</param>
/// <param name="Norad">The satellite, when the pass id names one.</param>
/// <param name="ReceivedAt">When the station received it.</param>
/// <param name="StoredAt">When the core stored it.</param>
/// <param name="Data">The frame bytes.</param>
/// <param name="Decoder">The decoder that read it, when decoded.</param>
/// <param name="SampledAt">The spacecraft's sample time, when decoded.</param>
/// <param name="Values">The decoded values in the decoder's parameter order, when decoded.</param>
/// <param name="Limits">The limit state of each value, when decoded.</param>
/// <param name="Error">Why it was not decoded.</param>
public sealed record StoredFrame(
    string FrameId,
    StationId Station,
    string PassId,
    int? Norad,
    DateTimeOffset ReceivedAt,
    DateTimeOffset StoredAt,
    byte[] Data,
    string? Decoder,
    DateTimeOffset? SampledAt,
    double[]? Values,
    LimitState[]? Limits,
    string? Error)
{
    /// <summary>True when the frame decoded into values.</summary>
    public bool Decoded => Values is not null;
}
