using GroundStation.Messaging.Contracts;

namespace GroundStation.Core.Mqtt;

/// <summary>Where the core's MQTT bridge hands command acknowledgements from stations (the host adapts commanding's <c>OnAckAsync</c>).</summary>
public interface ICommandAckSink
{
    /// <summary>One acknowledgement as a station published it.</summary>
    ValueTask OnAckAsync(CommandAck ack, CancellationToken cancellationToken);
}

/// <summary>Where the core's MQTT bridge hands telemetry frames, when it carries them (the host adapts telemetry ingest).</summary>
public interface ITelemetryFrameSink
{
    /// <summary>One frame as a station published it.</summary>
    ValueTask IngestAsync(TelemetryFrame frame, CancellationToken cancellationToken);
}
