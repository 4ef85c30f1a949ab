using GroundStation.Messaging.Protocol;

namespace GroundStation.Messaging.Broker;

/// <summary>
/// A message as the broker routes it: one immutable instance shared by every subscriber it goes to.
/// <see cref="Qos"/> is the QoS it was published with; each delivery is downgraded to the subscription's maximum.
/// </summary>
/// <param name="Topic">The topic it was published to.</param>
/// <param name="Payload">The application payload (owned by this message, never a view of a receive buffer).</param>
/// <param name="Qos">The QoS the publisher used.</param>
/// <param name="Retain">The RETAIN flag the publisher set.</param>
internal sealed record BrokerMessage(TopicName Topic, ReadOnlyMemory<byte> Payload, MqttQualityOfService Qos, bool Retain);
