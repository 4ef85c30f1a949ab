using GroundStation.Messaging.Protocol;

namespace GroundStation.Messaging.Broker;

/// <summary>What an <see cref="Outbound"/> item makes the connection's writer send.</summary>
internal enum OutboundKind : byte
{
    /// <summary>A PUBLISH of <see cref="Outbound.Message"/>.</summary>
    Publish,

    /// <summary>PUBACK, PUBREC, PUBREL, PUBCOMP or UNSUBACK with <see cref="Outbound.PacketId"/>.</summary>
    PacketId,

    /// <summary>Any other packet, held in <see cref="Outbound.Packet"/> (CONNACK, SUBACK, PINGRESP).</summary>
    Packet,
}

/// <summary>
/// One packet waiting in a connection's outbound queue. A struct with the few fields the hot path needs, so queueing a
/// PUBLISH or an acknowledgement allocates nothing; the writer encodes it straight into the socket's buffer.
/// </summary>
internal readonly record struct Outbound(
    OutboundKind Kind,
    BrokerMessage? Message = null,
    MqttQualityOfService Qos = MqttQualityOfService.AtMostOnce,
    bool Retain = false,
    bool Duplicate = false,
    ushort PacketId = 0,
    MqttPacketType AckType = MqttPacketType.PubAck,
    MqttPacket? Packet = null)
{
    /// <summary>A PUBLISH delivery.</summary>
    public static Outbound Publish(BrokerMessage message, MqttQualityOfService qos, bool retain, bool duplicate, ushort packetId) =>
        new(OutboundKind.Publish, message, qos, retain, duplicate, packetId);

    /// <summary>An acknowledgement carrying only a packet id.</summary>
    public static Outbound Ack(MqttPacketType type, ushort packetId) => new(OutboundKind.PacketId, PacketId: packetId, AckType: type);

    /// <summary>Any other packet.</summary>
    public static Outbound Of(MqttPacket packet) => new(OutboundKind.Packet, Packet: packet);
}
