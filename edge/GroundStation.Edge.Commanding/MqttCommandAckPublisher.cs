using GroundStation.Messaging.Client;
using GroundStation.Messaging.Contracts;
using GroundStation.Messaging.Protocol;

namespace GroundStation.Edge.Commanding;

/// <summary>
/// Publishes acks at QoS 1 on <see cref="GroundStationTopics.CommandAcks"/> of the ack's station through a running
/// <see cref="MqttClient"/> the caller owns; completes on PUBACK (waiting through reconnects).
/// </summary>
public sealed class MqttCommandAckPublisher : ICommandAckPublisher
{
    private readonly MqttClient _client;

    /// <summary>Publishes through <paramref name="client"/>.</summary>
    public MqttCommandAckPublisher(MqttClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
    }

    /// <inheritdoc />
    public Task PublishAsync(CommandAck ack, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ack);
        var message = new MqttApplicationMessage(GroundStationTopics.CommandAcks(ack.Station),
            GroundStationMessages.Encode(ack), MqttQualityOfService.AtLeastOnce);
        return _client.PublishAcknowledgedAsync(message, cancellationToken);
    }
}
