namespace GroundStation.Messaging.Protocol;

/// <summary>One MQTT 3.1.1 control packet. Records compare by content, payload bytes included.</summary>
public abstract record MqttPacket
{
    /// <summary>The control packet type written in the fixed header.</summary>
    public abstract MqttPacketType Type { get; }
}

/// <summary>A last-will message the server publishes when the client goes away without DISCONNECT.</summary>
/// <param name="Topic">Where the will is published.</param>
/// <param name="Payload">The will message.</param>
/// <param name="Qos">The QoS to publish it with.</param>
/// <param name="Retain">Whether the will is retained.</param>
public sealed record MqttWill(TopicName Topic, ReadOnlyMemory<byte> Payload, MqttQualityOfService Qos, bool Retain)
{
    /// <inheritdoc />
    public bool Equals(MqttWill? other) =>
        other is not null && Topic == other.Topic && Qos == other.Qos && Retain == other.Retain &&
        Payload.Span.SequenceEqual(other.Payload.Span);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Topic, Qos, Retain, Payload.Length);
}

/// <summary>CONNECT: protocol "MQTT" level 4.</summary>
/// <param name="ClientId">The client identifier; may be empty with a clean session (the server assigns one).</param>
/// <param name="CleanSession">True to discard any previous session and not keep this one after disconnect.</param>
/// <param name="KeepAliveSeconds">The keep-alive interval in seconds; 0 turns keep-alive off.</param>
/// <param name="Will">The last will, if any.</param>
/// <param name="UserName">The user name, if any.</param>
/// <param name="Password">The password bytes, if any (only allowed with a user name).</param>
public sealed record ConnectPacket(
    string ClientId,
    bool CleanSession,
    ushort KeepAliveSeconds,
    MqttWill? Will = null,
    string? UserName = null,
    ReadOnlyMemory<byte>? Password = null) : MqttPacket
{
    /// <summary>The protocol level for MQTT 3.1.1.</summary>
    public const byte ProtocolLevel = 4;

    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.Connect;

    /// <inheritdoc />
    public bool Equals(ConnectPacket? other) =>
        other is not null && ClientId == other.ClientId && CleanSession == other.CleanSession &&
        KeepAliveSeconds == other.KeepAliveSeconds && Equals(Will, other.Will) && UserName == other.UserName &&
        Password.HasValue == other.Password.HasValue &&
        (!Password.HasValue || Password.Value.Span.SequenceEqual(other.Password!.Value.Span));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ClientId, CleanSession, KeepAliveSeconds, UserName);
}

/// <summary>CONNACK: the server's answer to CONNECT.</summary>
/// <param name="SessionPresent">True when the server resumed a stored session.</param>
/// <param name="ReturnCode">Accepted, or why not.</param>
public sealed record ConnAckPacket(bool SessionPresent, MqttConnectReturnCode ReturnCode) : MqttPacket
{
    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.ConnAck;
}

/// <summary>PUBLISH: an application message.</summary>
/// <param name="Topic">The topic name (no wildcards).</param>
/// <param name="Payload">The message bytes.</param>
/// <param name="Qos">The delivery QoS.</param>
/// <param name="Retain">The retain flag.</param>
/// <param name="Duplicate">The DUP flag: a re-delivery of an earlier attempt (QoS 1 and 2 only).</param>
/// <param name="PacketId">The packet identifier; non-zero at QoS 1 and 2, 0 at QoS 0.</param>
public sealed record PublishPacket(
    TopicName Topic,
    ReadOnlyMemory<byte> Payload,
    MqttQualityOfService Qos = MqttQualityOfService.AtMostOnce,
    bool Retain = false,
    bool Duplicate = false,
    ushort PacketId = 0) : MqttPacket
{
    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.Publish;

    /// <inheritdoc />
    public bool Equals(PublishPacket? other) =>
        other is not null && Topic == other.Topic && Qos == other.Qos && Retain == other.Retain &&
        Duplicate == other.Duplicate && PacketId == other.PacketId && Payload.Span.SequenceEqual(other.Payload.Span);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Topic, Qos, Retain, Duplicate, PacketId, Payload.Length);
}

/// <summary>A packet that carries nothing but a packet identifier (PUBACK, PUBREC, PUBREL, PUBCOMP, UNSUBACK).</summary>
/// <param name="PacketId">The packet identifier being acknowledged (non-zero).</param>
public abstract record MqttPacketIdPacket(ushort PacketId) : MqttPacket;

/// <summary>PUBACK: QoS 1 acknowledgement.</summary>
/// <param name="PacketId">The acknowledged PUBLISH's packet identifier.</param>
public sealed record PubAckPacket(ushort PacketId) : MqttPacketIdPacket(PacketId)
{
    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.PubAck;
}

/// <summary>PUBREC: QoS 2, the receiver has the message.</summary>
/// <param name="PacketId">The PUBLISH's packet identifier.</param>
public sealed record PubRecPacket(ushort PacketId) : MqttPacketIdPacket(PacketId)
{
    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.PubRec;
}

/// <summary>PUBREL: QoS 2, the sender releases the packet identifier.</summary>
/// <param name="PacketId">The PUBLISH's packet identifier.</param>
public sealed record PubRelPacket(ushort PacketId) : MqttPacketIdPacket(PacketId)
{
    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.PubRel;
}

/// <summary>PUBCOMP: QoS 2, the exchange is complete.</summary>
/// <param name="PacketId">The PUBLISH's packet identifier.</param>
public sealed record PubCompPacket(ushort PacketId) : MqttPacketIdPacket(PacketId)
{
    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.PubComp;
}

/// <summary>One entry of a SUBSCRIBE: a filter and the highest QoS the client wants on it.</summary>
/// <param name="Filter">The topic filter.</param>
/// <param name="MaximumQos">The requested maximum QoS.</param>
public sealed record MqttSubscription(TopicFilter Filter, MqttQualityOfService MaximumQos);

/// <summary>SUBSCRIBE: one or more filters.</summary>
/// <param name="PacketId">The packet identifier (non-zero).</param>
/// <param name="Subscriptions">The filters and requested QoS, at least one.</param>
public sealed record SubscribePacket(ushort PacketId, IReadOnlyList<MqttSubscription> Subscriptions) : MqttPacket
{
    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.Subscribe;

    /// <inheritdoc />
    public bool Equals(SubscribePacket? other) =>
        other is not null && PacketId == other.PacketId && Subscriptions.SequenceEqual(other.Subscriptions);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(PacketId, Subscriptions.Count);
}

/// <summary>SUBACK: one return code per requested filter, in order.</summary>
/// <param name="PacketId">The SUBSCRIBE's packet identifier.</param>
/// <param name="ReturnCodes">The granted QoS or failure per filter.</param>
public sealed record SubAckPacket(ushort PacketId, IReadOnlyList<MqttSubscribeReturnCode> ReturnCodes) : MqttPacket
{
    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.SubAck;

    /// <inheritdoc />
    public bool Equals(SubAckPacket? other) =>
        other is not null && PacketId == other.PacketId && ReturnCodes.SequenceEqual(other.ReturnCodes);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(PacketId, ReturnCodes.Count);
}

/// <summary>UNSUBSCRIBE: one or more filters to drop.</summary>
/// <param name="PacketId">The packet identifier (non-zero).</param>
/// <param name="Filters">The filters, at least one.</param>
public sealed record UnsubscribePacket(ushort PacketId, IReadOnlyList<TopicFilter> Filters) : MqttPacket
{
    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.Unsubscribe;

    /// <inheritdoc />
    public bool Equals(UnsubscribePacket? other) =>
        other is not null && PacketId == other.PacketId && Filters.SequenceEqual(other.Filters);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(PacketId, Filters.Count);
}

/// <summary>UNSUBACK: the UNSUBSCRIBE was processed.</summary>
/// <param name="PacketId">The UNSUBSCRIBE's packet identifier.</param>
public sealed record UnsubAckPacket(ushort PacketId) : MqttPacketIdPacket(PacketId)
{
    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.UnsubAck;
}

/// <summary>PINGREQ: keep-alive probe from the client.</summary>
public sealed record PingReqPacket : MqttPacket
{
    /// <summary>The one instance; the packet has no content.</summary>
    public static PingReqPacket Instance { get; } = new();

    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.PingReq;
}

/// <summary>PINGRESP: the server's answer to PINGREQ.</summary>
public sealed record PingRespPacket : MqttPacket
{
    /// <summary>The one instance; the packet has no content.</summary>
    public static PingRespPacket Instance { get; } = new();

    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.PingResp;
}

/// <summary>DISCONNECT: the client leaves cleanly (the server discards its will).</summary>
public sealed record DisconnectPacket : MqttPacket
{
    /// <summary>The one instance; the packet has no content.</summary>
    public static DisconnectPacket Instance { get; } = new();

    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.Disconnect;
}
