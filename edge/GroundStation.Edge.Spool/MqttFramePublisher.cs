using GroundStation.Messaging.Client;
using GroundStation.Messaging.Contracts;

namespace GroundStation.Edge.Spool;

/// <summary>
/// Publishes frames at QoS 1 on <see cref="GroundStationTopics.Telemetry"/> of the frame's station through a running
/// <see cref="MqttClient"/> (which the caller owns, starts and disposes). While the broker is unreachable the call waits:
/// the client resends the message after it reconnects and completes the call on PUBACK.
/// </summary>
public sealed class MqttFramePublisher : IFramePublisher
{
    private readonly AcknowledgedMessagePublisher<TelemetryFrame> _publisher;

    /// <summary>Publishes through <paramref name="client"/>.</summary>
    public MqttFramePublisher(MqttClient client) =>
        _publisher = new AcknowledgedMessagePublisher<TelemetryFrame>(client, frame => GroundStationTopics.Telemetry(frame.Station));

    /// <inheritdoc />
    public Task PublishAsync(TelemetryFrame frame, CancellationToken cancellationToken) => _publisher.PublishAsync(frame, cancellationToken);
}
