using GroundStation.Messaging.Client;
using GroundStation.Messaging.Contracts;

namespace GroundStation.Edge.Commanding;

/// <summary>
/// Publishes acks at QoS 1 on <see cref="GroundStationTopics.CommandAcks"/> of the ack's station through a running
/// <see cref="MqttClient"/> the caller owns; completes on PUBACK (waiting through reconnects).
/// </summary>
/// <param name="client">The edge's connection to the broker.</param>
public sealed class MqttCommandAckPublisher(MqttClient client)
    : AcknowledgedMessagePublisher<CommandAck>(client, ack => GroundStationTopics.CommandAcks(ack.Station)), ICommandAckPublisher;
