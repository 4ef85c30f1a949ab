using GroundStation.Messaging.Client;
using GroundStation.Messaging.Contracts;

namespace GroundStation.Edge.Commanding;

/// <summary>
/// Publishes acks at QoS 1 on <see cref="GroundStationTopics.CommandAcks"/> of the ack's station through a running
/// <see cref="MqttClient"/> the caller owns; completes on PUBACK (waiting through reconnects).
/// </summary>
public sealed class MqttCommandAckPublisher : ICommandAckPublisher
{
    private readonly AcknowledgedMessagePublisher<CommandAck> _publisher;

    /// <summary>Publishes through <paramref name="client"/>.</summary>
    public MqttCommandAckPublisher(MqttClient client) =>
        _publisher = new AcknowledgedMessagePublisher<CommandAck>(client, ack => GroundStationTopics.CommandAcks(ack.Station));

    /// <inheritdoc />
    public Task PublishAsync(CommandAck ack, CancellationToken cancellationToken) => _publisher.PublishAsync(ack, cancellationToken);
}
