using GroundStation.Messaging.Client;
using GroundStation.Messaging.Contracts;
using GroundStation.Messaging.Protocol;

namespace GroundStation.Edge.Spool;

/// <summary>
/// Publishes frames at QoS 1 on <see cref="GroundStationTopics.Telemetry"/> of the frame's station through a running
/// <see cref="MqttClient"/> (which the caller owns, starts and disposes). While the broker is unreachable the call waits:
/// the client resends the message after it reconnects and completes the call on PUBACK.
/// </summary>
public sealed class MqttFramePublisher : IFramePublisher
{
    private readonly MqttClient _client;

    /// <summary>Publishes through <paramref name="client"/>.</summary>
    public MqttFramePublisher(MqttClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
    }

    /// <inheritdoc />
    public Task PublishAsync(TelemetryFrame frame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var message = new MqttApplicationMessage(GroundStationTopics.Telemetry(frame.Station),
            GroundStationMessages.Encode(frame), MqttQualityOfService.AtLeastOnce);
        return _client.PublishAcknowledgedAsync(message, cancellationToken);
    }
}
