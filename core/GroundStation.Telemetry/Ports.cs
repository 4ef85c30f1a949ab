using GroundStation.Frames.Ax25;
using GroundStation.Orbits;

namespace GroundStation.Telemetry;

/// <summary>What telemetry needs to know about a satellite: its owning tenant and the decoder of its frames.</summary>
/// <param name="Norad">The satellite.</param>
/// <param name="Tenant">The tenant that owns it (API answers are confined to it).</param>
/// <param name="Decoder">The name of its <see cref="Decoding.ITelemetryDecoder"/>, e.g. <c>gs-sim-housekeeping-v1</c>.</param>
public sealed record TelemetryTarget(NoradId Norad, string Tenant, string Decoder)
{
    /// <summary>
    /// The AX.25 source address its frames carry. A station files every frame it hears during a pass under that pass,
    /// so a frame from any other sender (another satellite on the same frequency) is stored undecoded, never decoded
    /// as this satellite's. Null: not checked.
    /// </summary>
    public Ax25Address? Callsign { get; init; }
}

/// <summary>Finds a satellite's telemetry settings; the host adapts the registry to it.</summary>
public interface ITelemetryTargetDirectory
{
    /// <summary>The satellite's settings, or null when the core does not know it.</summary>
    TelemetryTarget? Find(NoradId norad);
}

/// <summary>Told of every newly decoded frame (never of a duplicate); the command verifier implements it.</summary>
public interface IHousekeepingListener
{
    /// <summary>Called after the frame is stored. An exception is logged and does not stop the ingest.</summary>
    ValueTask OnDecodedAsync(NoradId norad, DecodedFrame frame, CancellationToken ct);
}
