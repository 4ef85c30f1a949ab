using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace GroundStation.Messaging.Protocol;

/// <summary>
/// Writes MQTT 3.1.1 packets to an <see cref="IBufferWriter{T}"/>, each as one contiguous span, so a caller can batch
/// many packets into one socket send. Arguments that cannot be encoded (a string over 65,535 bytes, QoS 1 without a
/// packet identifier, a packet over the protocol's 256 MB) throw <see cref="ArgumentException"/>.
/// </summary>
public static class MqttEncoder
{
    /// <summary>The largest remaining length MQTT can express (four bytes of variable byte integer).</summary>
    public const int MaximumRemainingLength = 268_435_455;

    private static readonly byte[] ProtocolName = "\0\u0004MQTT"u8.ToArray();

    /// <summary>Writes any packet.</summary>
    public static void Write(IBufferWriter<byte> writer, MqttPacket packet)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(packet);
        switch (packet)
        {
            case ConnectPacket connect:
                WriteConnect(writer, connect);
                break;
            case ConnAckPacket connAck:
                WriteConnAck(writer, connAck.SessionPresent, connAck.ReturnCode);
                break;
            case PublishPacket publish:
                WritePublish(writer, publish.Topic, publish.Payload.Span, publish.Qos, publish.Retain, publish.Duplicate, publish.PacketId);
                break;
            case MqttPacketIdPacket withId:
                WritePacketIdOnly(writer, withId.Type, withId.PacketId);
                break;
            case SubscribePacket subscribe:
                WriteSubscribe(writer, subscribe);
                break;
            case SubAckPacket subAck:
                WriteSubAck(writer, subAck);
                break;
            case UnsubscribePacket unsubscribe:
                WriteUnsubscribe(writer, unsubscribe);
                break;
            case PingReqPacket or PingRespPacket or DisconnectPacket:
                var span = writer.GetSpan(2);
                span[0] = (byte)((byte)packet.Type << 4);
                span[1] = 0;
                writer.Advance(2);
                break;
            default:
                throw new ArgumentException($"Unknown MQTT packet {packet.GetType().Name}.", nameof(packet));
        }
    }

    /// <summary>Writes a PUBLISH without allocating a <see cref="PublishPacket"/> (the client's hot path).</summary>
    public static void WritePublish(IBufferWriter<byte> writer, TopicName topic, ReadOnlySpan<byte> payload,
        MqttQualityOfService qos, bool retain, bool duplicate, ushort packetId)
    {
        ArgumentNullException.ThrowIfNull(writer);
        CheckQos(qos, "PUBLISH");
        if (qos == MqttQualityOfService.AtMostOnce)
        {
            if (duplicate || packetId != 0)
            {
                throw new ArgumentException("A QoS 0 PUBLISH has neither the DUP flag nor a packet identifier.");
            }
        }
        else if (packetId == 0)
        {
            throw new ArgumentException("A QoS 1 or 2 PUBLISH needs a non-zero packet identifier.", nameof(packetId));
        }

        var topicText = topic.Value;
        var topicLength = Encoding.UTF8.GetByteCount(topicText);
        var remaining = 2 + topicLength + (qos == MqttQualityOfService.AtMostOnce ? 0 : 2) + payload.Length;
        var flags = (duplicate ? 0x08 : 0) | ((int)qos << 1) | (retain ? 1 : 0);
        var span = BeginPacket(writer, MqttPacketType.Publish, flags, remaining, out var total);
        var body = span;
        BinaryPrimitives.WriteUInt16BigEndian(body, (ushort)topicLength);
        Encoding.UTF8.GetBytes(topicText, body[2..]);
        body = body[(2 + topicLength)..];
        if (qos != MqttQualityOfService.AtMostOnce)
        {
            BinaryPrimitives.WriteUInt16BigEndian(body, packetId);
            body = body[2..];
        }

        payload.CopyTo(body);
        writer.Advance(total);
    }

    /// <summary>Writes PUBACK, PUBREC, PUBREL, PUBCOMP or UNSUBACK for <paramref name="packetId"/>.</summary>
    public static void WritePacketIdOnly(IBufferWriter<byte> writer, MqttPacketType type, ushort packetId)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (type is not (MqttPacketType.PubAck or MqttPacketType.PubRec or MqttPacketType.PubRel or MqttPacketType.PubComp or MqttPacketType.UnsubAck))
        {
            throw new ArgumentException($"{type} does not consist of a packet identifier only.", nameof(type));
        }

        CheckPacketId(packetId, type);
        var span = writer.GetSpan(4);
        span[0] = (byte)(((byte)type << 4) | (type == MqttPacketType.PubRel ? 0x02 : 0));
        span[1] = 2;
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], packetId);
        writer.Advance(4);
    }

    /// <summary>Writes a CONNACK.</summary>
    public static void WriteConnAck(IBufferWriter<byte> writer, bool sessionPresent, MqttConnectReturnCode returnCode)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var span = writer.GetSpan(4);
        span[0] = (byte)MqttPacketType.ConnAck << 4;
        span[1] = 2;
        span[2] = (byte)(sessionPresent ? 1 : 0);
        span[3] = (byte)returnCode;
        writer.Advance(4);
    }

    /// <summary>The number of bytes of the variable byte integer encoding <paramref name="value"/>.</summary>
    public static int VariableByteIntegerSize(int value) => value switch
    {
        < 128 => 1,
        < 16_384 => 2,
        < 2_097_152 => 3,
        _ => 4,
    };

    private static void WriteConnect(IBufferWriter<byte> writer, ConnectPacket connect)
    {
        var clientId = StringSize(connect.ClientId, "client identifier");
        var remaining = ProtocolName.Length + 1 + 1 + 2 + clientId;
        var flags = connect.CleanSession ? 0x02 : 0;
        var willTopic = 0;
        if (connect.Will is { } will)
        {
            CheckQos(will.Qos, "the will");
            willTopic = StringSize(will.Topic.Value, "will topic");
            remaining += willTopic + BinarySize(will.Payload.Length, "will message");
            flags |= 0x04 | ((int)will.Qos << 3) | (will.Retain ? 0x20 : 0);
        }

        var userName = 0;
        if (connect.UserName is not null)
        {
            userName = StringSize(connect.UserName, "user name");
            remaining += userName;
            flags |= 0x80;
        }

        if (connect.Password is { } password)
        {
            if (connect.UserName is null)
            {
                throw new ArgumentException("MQTT 3.1.1 allows a password only together with a user name.", nameof(connect));
            }

            remaining += BinarySize(password.Length, "password");
            flags |= 0x40;
        }

        var span = BeginPacket(writer, MqttPacketType.Connect, 0, remaining, out var total);
        ProtocolName.CopyTo(span);
        var body = span[ProtocolName.Length..];
        body[0] = ConnectPacket.ProtocolLevel;
        body[1] = (byte)flags;
        BinaryPrimitives.WriteUInt16BigEndian(body[2..], connect.KeepAliveSeconds);
        body = body[4..];
        body = PutString(body, connect.ClientId, clientId);
        if (connect.Will is { } w)
        {
            body = PutString(body, w.Topic.Value, willTopic);
            body = PutBinary(body, w.Payload.Span);
        }

        if (connect.UserName is not null)
        {
            body = PutString(body, connect.UserName, userName);
        }

        if (connect.Password is { } p)
        {
            PutBinary(body, p.Span);
        }

        writer.Advance(total);
    }

    private static void WriteSubscribe(IBufferWriter<byte> writer, SubscribePacket subscribe) =>
        WriteFilterList(writer, MqttPacketType.Subscribe, subscribe.PacketId, subscribe.Subscriptions.Count,
            i => subscribe.Subscriptions[i].Filter, i => subscribe.Subscriptions[i].MaximumQos);

    private static void WriteSubAck(IBufferWriter<byte> writer, SubAckPacket subAck)
    {
        CheckPacketId(subAck.PacketId, MqttPacketType.SubAck);
        CheckNotEmpty(subAck.ReturnCodes.Count, "SUBACK");
        var span = BeginPacket(writer, MqttPacketType.SubAck, 0, 2 + subAck.ReturnCodes.Count, out var total);
        BinaryPrimitives.WriteUInt16BigEndian(span, subAck.PacketId);
        for (var i = 0; i < subAck.ReturnCodes.Count; i++)
        {
            span[2 + i] = (byte)subAck.ReturnCodes[i];
        }

        writer.Advance(total);
    }

    private static void WriteUnsubscribe(IBufferWriter<byte> writer, UnsubscribePacket unsubscribe) =>
        WriteFilterList(writer, MqttPacketType.Unsubscribe, unsubscribe.PacketId, unsubscribe.Filters.Count,
            i => unsubscribe.Filters[i], qosAt: null);

    // SUBSCRIBE and UNSUBSCRIBE: a packet identifier, then each filter (with its requested QoS for SUBSCRIBE).
    private static void WriteFilterList(IBufferWriter<byte> writer, MqttPacketType type, ushort packetId, int count,
        Func<int, TopicFilter> filterAt, Func<int, MqttQualityOfService>? qosAt)
    {
        CheckPacketId(packetId, type);
        CheckNotEmpty(count, type.ToString().ToUpperInvariant());
        var remaining = 2;
        for (var i = 0; i < count; i++)
        {
            remaining += StringSize(filterAt(i).Value, "topic filter");
            if (qosAt is not null)
            {
                CheckQos(qosAt(i), "a subscription");
                remaining++;
            }
        }

        var span = BeginPacket(writer, type, 0x02, remaining, out var total);
        BinaryPrimitives.WriteUInt16BigEndian(span, packetId);
        var body = span[2..];
        for (var i = 0; i < count; i++)
        {
            var filter = filterAt(i).Value;
            body = PutString(body, filter, Encoding.UTF8.GetByteCount(filter) + 2);
            if (qosAt is not null)
            {
                body[0] = (byte)qosAt(i);
                body = body[1..];
            }
        }

        writer.Advance(total);
    }

    // Reserves the whole packet, writes the fixed header and returns the span after it; the caller advances by total.
    private static Span<byte> BeginPacket(IBufferWriter<byte> writer, MqttPacketType type, int flags, int remaining, out int total)
    {
        if (remaining > MaximumRemainingLength)
        {
            throw new ArgumentException($"The {type} packet would be {remaining} bytes; MQTT allows at most {MaximumRemainingLength}.");
        }

        var lengthSize = VariableByteIntegerSize(remaining);
        total = 1 + lengthSize + remaining;
        var span = writer.GetSpan(total);
        span[0] = (byte)(((byte)type << 4) | flags);
        var value = remaining;
        for (var i = 1; i <= lengthSize; i++)
        {
            var digit = (byte)(value & 0x7F);
            value >>= 7;
            span[i] = value > 0 ? (byte)(digit | 0x80) : digit;
        }

        return span.Slice(1 + lengthSize, remaining);
    }

    // Size on the wire of a length-prefixed string, after checking the MQTT string rules.
    private static int StringSize(string value, string what)
    {
        ArgumentNullException.ThrowIfNull(value, what);
        if (MqttStrings.Check(value, "the " + what) is { } problem)
        {
            throw new ArgumentException($"Cannot encode {what} '{value}': {problem.Reason}.");
        }

        return 2 + Encoding.UTF8.GetByteCount(value);
    }

    private static int BinarySize(int length, string what) =>
        length <= MqttStrings.MaximumLength
            ? 2 + length
            : throw new ArgumentException($"The {what} is {length} bytes; MQTT allows at most {MqttStrings.MaximumLength}.");

    private static Span<byte> PutString(Span<byte> span, string value, int sizeWithPrefix)
    {
        BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)(sizeWithPrefix - 2));
        Encoding.UTF8.GetBytes(value, span[2..]);
        return span[sizeWithPrefix..];
    }

    private static Span<byte> PutBinary(Span<byte> span, ReadOnlySpan<byte> value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)value.Length);
        value.CopyTo(span[2..]);
        return span[(2 + value.Length)..];
    }

    private static void CheckQos(MqttQualityOfService qos, string what)
    {
        if ((byte)qos > 2)
        {
            throw new ArgumentException($"QoS {(byte)qos} for {what} does not exist; MQTT has 0, 1 and 2.");
        }
    }

    private static void CheckPacketId(ushort packetId, MqttPacketType type)
    {
        if (packetId == 0)
        {
            throw new ArgumentException($"A {type} packet needs a non-zero packet identifier.", nameof(packetId));
        }
    }

    private static void CheckNotEmpty(int count, string what)
    {
        if (count == 0)
        {
            throw new ArgumentException($"A {what} packet needs at least one entry.");
        }
    }
}
