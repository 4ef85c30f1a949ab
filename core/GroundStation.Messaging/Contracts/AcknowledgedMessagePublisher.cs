using GroundStation.Messaging.Client;
using GroundStation.Messaging.Protocol;

namespace GroundStation.Messaging.Contracts;

/// <summary>
/// Publishes one kind of GroundStation message at QoS 1, not retained, on the topic chosen for each message (its
/// station's subtree), through a running <see cref="MqttClient"/> that the caller owns, starts and disposes. Each call
/// completes on the broker's PUBACK; while the broker is unreachable it waits, as the client resends the message after it
/// reconnects. The edge's frame and command-ack publishers derive from it, naming their topic and their port.
/// </summary>
/// <typeparam name="TMessage">The message kind, encoded with <see cref="GroundStationMessages.Encode{T}"/>.</typeparam>
public class AcknowledgedMessagePublisher<TMessage>
    where TMessage : class, IVersionedMessage
{
    private readonly MqttClient _client;
    private readonly Func<TMessage, TopicName> _topic;

    /// <summary>Publishes through <paramref name="client"/> on the topic <paramref name="topic"/> names for each message.</summary>
    public AcknowledgedMessagePublisher(MqttClient client, Func<TMessage, TopicName> topic)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(topic);
        _client = client;
        _topic = topic;
    }

    /// <summary>Encodes <paramref name="message"/> and publishes it; completes when the broker acknowledged it.</summary>
    public Task PublishAsync(TMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var mqtt = new MqttApplicationMessage(_topic(message), GroundStationMessages.Encode(message), MqttQualityOfService.AtLeastOnce);
        return _client.PublishAcknowledgedAsync(mqtt, cancellationToken);
    }
}
