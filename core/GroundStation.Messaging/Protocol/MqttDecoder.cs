using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace GroundStation.Messaging.Protocol;

/// <summary>
/// Reads MQTT 3.1.1 packets from a byte stream. <see cref="TryDecode"/> returns false when the buffer does not yet hold
/// a whole packet, true with the packet when it does, and throws <see cref="MqttProtocolException"/> naming the broken
/// rule as soon as the bytes seen prove the stream invalid (a bad first byte or an oversized remaining length is
/// rejected before the body arrives, so a peer cannot make the reader buffer a packet it will refuse).
/// One decoder per connection: it remembers the last PUBLISH topic to avoid re-allocating it for every message.
/// </summary>
public sealed class MqttDecoder
{
    /// <summary>The largest packet MQTT can express: 1 type byte, 4 length bytes and 268,435,455 bytes of body.</summary>
    public const int ProtocolMaximumPacketSize = 1 + 4 + MqttEncoder.MaximumRemainingLength;

    private byte[] _lastTopicBytes = [];
    private TopicName _lastTopic;

    /// <summary>Creates a decoder that refuses packets larger than <paramref name="maximumPacketSize"/> bytes in total.</summary>
    public MqttDecoder(int maximumPacketSize = ProtocolMaximumPacketSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumPacketSize, 2);
        MaximumPacketSize = maximumPacketSize;
    }

    /// <summary>The largest packet accepted, fixed header included.</summary>
    public int MaximumPacketSize { get; }

    /// <summary>
    /// Decodes one packet from the start of <paramref name="buffer"/> and slices it off. Returns false, leaving the
    /// buffer untouched, when more bytes are needed.
    /// </summary>
    /// <exception cref="MqttProtocolException">The bytes break an MQTT 3.1.1 rule.</exception>
    public bool TryDecode(ref ReadOnlySequence<byte> buffer, [NotNullWhen(true)] out MqttPacket? packet)
    {
        packet = null;
        if (buffer.IsEmpty)
        {
            return false;
        }

        var reader = new SequenceReader<byte>(buffer);
        reader.TryRead(out var first);
        var type = (MqttPacketType)(first >> 4);
        var flags = first & 0x0F;
        CheckFixedHeader(type, flags);

        var remaining = 0;
        var multiplier = 1;
        for (var i = 0; ; i++)
        {
            if (!reader.TryRead(out var digit))
            {
                return false;
            }

            if (i == 3 && (digit & 0x80) != 0)
            {
                throw new MqttProtocolException(MqttProtocolViolation.MalformedRemainingLength,
                    $"{type}: the remaining length runs past four bytes.");
            }

            remaining += (digit & 0x7F) * multiplier;
            multiplier *= 128;
            if ((digit & 0x80) == 0)
            {
                break;
            }
        }

        var headerLength = (int)reader.Consumed;
        if ((long)headerLength + remaining > MaximumPacketSize)
        {
            throw new MqttProtocolException(MqttProtocolViolation.PacketTooLarge,
                $"{type}: the packet is {headerLength + (long)remaining} bytes; the maximum is {MaximumPacketSize}.");
        }

        if (reader.Remaining < remaining)
        {
            return false;
        }

        var body = buffer.Slice(headerLength, remaining);
        if (body.IsSingleSegment)
        {
            packet = DecodeBody(type, flags, body.FirstSpan);
        }
        else
        {
            var rented = ArrayPool<byte>.Shared.Rent(remaining);
            try
            {
                body.CopyTo(rented);
                packet = DecodeBody(type, flags, rented.AsSpan(0, remaining));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        buffer = buffer.Slice(body.End);
        return true;
    }

    private static void CheckFixedHeader(MqttPacketType type, int flags)
    {
        switch (type)
        {
            case 0 or (MqttPacketType)15:
                throw new MqttProtocolException(MqttProtocolViolation.ReservedPacketType,
                    $"Packet type {(int)type} is reserved in MQTT 3.1.1.");
            case MqttPacketType.Publish:
                if ((flags & 0x06) == 0x06)
                {
                    throw new MqttProtocolException(MqttProtocolViolation.InvalidQualityOfService, "PUBLISH: QoS 3 does not exist.");
                }

                if ((flags & 0x06) == 0 && (flags & 0x08) != 0)
                {
                    throw new MqttProtocolException(MqttProtocolViolation.InvalidFixedHeaderFlags,
                        "PUBLISH: the DUP flag is set on a QoS 0 message.");
                }

                break;
            case MqttPacketType.PubRel or MqttPacketType.Subscribe or MqttPacketType.Unsubscribe:
                if (flags != 0x02)
                {
                    throw new MqttProtocolException(MqttProtocolViolation.InvalidFixedHeaderFlags,
                        $"{type}: the fixed-header flags must be 0010, not {Convert.ToString(flags, 2).PadLeft(4, '0')}.");
                }

                break;
            default:
                if (flags != 0)
                {
                    throw new MqttProtocolException(MqttProtocolViolation.InvalidFixedHeaderFlags,
                        $"{type}: the fixed-header flags must be 0000, not {Convert.ToString(flags, 2).PadLeft(4, '0')}.");
                }

                break;
        }
    }

    private MqttPacket DecodeBody(MqttPacketType type, int flags, ReadOnlySpan<byte> span)
    {
        var body = new BodyReader(span, type);
        MqttPacket packet = type switch
        {
            MqttPacketType.Connect => DecodeConnect(ref body),
            MqttPacketType.ConnAck => DecodeConnAck(ref body),
            MqttPacketType.Publish => DecodePublish(ref body, flags),
            MqttPacketType.PubAck => new PubAckPacket(body.ReadPacketId()),
            MqttPacketType.PubRec => new PubRecPacket(body.ReadPacketId()),
            MqttPacketType.PubRel => new PubRelPacket(body.ReadPacketId()),
            MqttPacketType.PubComp => new PubCompPacket(body.ReadPacketId()),
            MqttPacketType.Subscribe => DecodeSubscribe(ref body),
            MqttPacketType.SubAck => DecodeSubAck(ref body),
            MqttPacketType.Unsubscribe => DecodeUnsubscribe(ref body),
            MqttPacketType.UnsubAck => new UnsubAckPacket(body.ReadPacketId()),
            MqttPacketType.PingReq => PingReqPacket.Instance,
            MqttPacketType.PingResp => PingRespPacket.Instance,
            _ => DisconnectPacket.Instance,
        };
        body.ExpectEnd();
        return packet;
    }

    private static ConnectPacket DecodeConnect(ref BodyReader body)
    {
        var nameLength = body.ReadUInt16();
        var name = body.ReadBytes(nameLength);
        if (!name.SequenceEqual("MQTT"u8))
        {
            throw new MqttProtocolException(MqttProtocolViolation.InvalidProtocolName,
                "CONNECT: the protocol name is not \"MQTT\" (MQTT 3.1 \"MQIsdp\" is not supported).");
        }

        var level = body.ReadByte();
        if (level != ConnectPacket.ProtocolLevel)
        {
            throw new MqttProtocolException(MqttProtocolViolation.UnsupportedProtocolLevel,
                $"CONNECT: protocol level {level} is not supported; only 4 (MQTT 3.1.1) is.");
        }

        var flags = body.ReadByte();
        var hasWill = (flags & 0x04) != 0;
        var willQos = (flags >> 3) & 0x03;
        var willRetain = (flags & 0x20) != 0;
        var hasPassword = (flags & 0x40) != 0;
        var hasUserName = (flags & 0x80) != 0;
        if ((flags & 0x01) != 0)
        {
            throw new MqttProtocolException(MqttProtocolViolation.InvalidConnectFlags, "CONNECT: the reserved flag bit is set.");
        }

        if (!hasWill && (willQos != 0 || willRetain))
        {
            throw new MqttProtocolException(MqttProtocolViolation.InvalidConnectFlags,
                "CONNECT: will QoS or will retain is set without the will flag.");
        }

        if (willQos == 3)
        {
            throw new MqttProtocolException(MqttProtocolViolation.InvalidQualityOfService, "CONNECT: will QoS 3 does not exist.");
        }

        if (hasPassword && !hasUserName)
        {
            throw new MqttProtocolException(MqttProtocolViolation.InvalidConnectFlags,
                "CONNECT: the password flag is set without the user name flag.");
        }

        var keepAlive = body.ReadUInt16();
        var clientId = body.ReadString("client identifier");
        MqttWill? will = null;
        if (hasWill)
        {
            var topic = TopicName.FromWire(body.ReadString("will topic"), "CONNECT will");
            var message = body.ReadBinary().ToArray();
            will = new MqttWill(topic, message, (MqttQualityOfService)willQos, willRetain);
        }

        var userName = hasUserName ? body.ReadString("user name") : null;
        // Not a conditional expression: null would convert to an empty ReadOnlyMemory through byte[].
        ReadOnlyMemory<byte>? password = null;
        if (hasPassword)
        {
            password = body.ReadBinary().ToArray();
        }

        return new ConnectPacket(clientId, (flags & 0x02) != 0, keepAlive, will, userName, password);
    }

    private static ConnAckPacket DecodeConnAck(ref BodyReader body)
    {
        var acknowledge = body.ReadByte();
        if ((acknowledge & 0xFE) != 0)
        {
            throw new MqttProtocolException(MqttProtocolViolation.InvalidReturnCode,
                "CONNACK: reserved bits of the acknowledge flags are set.");
        }

        var code = body.ReadByte();
        if (code > (byte)MqttConnectReturnCode.NotAuthorized)
        {
            throw new MqttProtocolException(MqttProtocolViolation.InvalidReturnCode, $"CONNACK: return code {code} is not defined.");
        }

        return new ConnAckPacket((acknowledge & 1) != 0, (MqttConnectReturnCode)code);
    }

    private PublishPacket DecodePublish(ref BodyReader body, int flags)
    {
        var topicBytes = body.ReadBinary();
        TopicName topic;
        if (topicBytes.SequenceEqual(_lastTopicBytes) && _lastTopicBytes.Length > 0)
        {
            topic = _lastTopic;
        }
        else
        {
            topic = TopicName.FromWire(MqttStrings.Decode(topicBytes, "PUBLISH topic name"), "PUBLISH");
            _lastTopicBytes = topicBytes.ToArray();
            _lastTopic = topic;
        }

        var qos = (MqttQualityOfService)((flags >> 1) & 0x03);
        var packetId = qos == MqttQualityOfService.AtMostOnce ? (ushort)0 : body.ReadPacketId();
        var payload = body.ReadRest().ToArray();
        return new PublishPacket(topic, payload, qos, (flags & 0x01) != 0, (flags & 0x08) != 0, packetId);
    }

    private static SubscribePacket DecodeSubscribe(ref BodyReader body)
    {
        var packetId = body.ReadPacketId();
        var subscriptions = new List<MqttSubscription>();
        while (!body.AtEnd)
        {
            var filter = TopicFilter.FromWire(body.ReadString("topic filter"), "SUBSCRIBE");
            var options = body.ReadByte();
            if ((options & 0xFC) != 0)
            {
                throw new MqttProtocolException(MqttProtocolViolation.InvalidSubscriptionOptions,
                    $"SUBSCRIBE: reserved bits are set in the requested QoS of '{filter}'.");
            }

            if (options == 3)
            {
                throw new MqttProtocolException(MqttProtocolViolation.InvalidQualityOfService,
                    $"SUBSCRIBE: QoS 3 requested for '{filter}' does not exist.");
            }

            subscriptions.Add(new MqttSubscription(filter, (MqttQualityOfService)options));
        }

        if (subscriptions.Count == 0)
        {
            throw new MqttProtocolException(MqttProtocolViolation.EmptySubscriptionList, "SUBSCRIBE: no topic filter.");
        }

        return new SubscribePacket(packetId, subscriptions);
    }

    private static SubAckPacket DecodeSubAck(ref BodyReader body)
    {
        var packetId = body.ReadPacketId();
        var codes = new List<MqttSubscribeReturnCode>();
        while (!body.AtEnd)
        {
            var code = body.ReadByte();
            if (code is > 2 and not 0x80)
            {
                throw new MqttProtocolException(MqttProtocolViolation.InvalidReturnCode, $"SUBACK: return code 0x{code:X2} is not defined.");
            }

            codes.Add((MqttSubscribeReturnCode)code);
        }

        if (codes.Count == 0)
        {
            throw new MqttProtocolException(MqttProtocolViolation.EmptySubscriptionList, "SUBACK: no return code.");
        }

        return new SubAckPacket(packetId, codes);
    }

    private static UnsubscribePacket DecodeUnsubscribe(ref BodyReader body)
    {
        var packetId = body.ReadPacketId();
        var filters = new List<TopicFilter>();
        while (!body.AtEnd)
        {
            filters.Add(TopicFilter.FromWire(body.ReadString("topic filter"), "UNSUBSCRIBE"));
        }

        if (filters.Count == 0)
        {
            throw new MqttProtocolException(MqttProtocolViolation.EmptySubscriptionList, "UNSUBSCRIBE: no topic filter.");
        }

        return new UnsubscribePacket(packetId, filters);
    }

    // Reads the fields of one packet body; any read past the end is a malformed packet.
    private ref struct BodyReader(ReadOnlySpan<byte> span, MqttPacketType type)
    {
        private readonly ReadOnlySpan<byte> _span = span;
        private int _position;

        public readonly bool AtEnd => _position == _span.Length;

        public byte ReadByte() => ReadBytes(1)[0];

        public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16BigEndian(ReadBytes(2));

        public ushort ReadPacketId()
        {
            var id = ReadUInt16();
            return id != 0
                ? id
                : throw new MqttProtocolException(MqttProtocolViolation.MissingPacketIdentifier, $"{type}: packet identifier 0 is not allowed.");
        }

        public ReadOnlySpan<byte> ReadBinary() => ReadBytes(ReadUInt16());

        public string ReadString(string what) => MqttStrings.Decode(ReadBinary(), $"{type} {what}");

        public ReadOnlySpan<byte> ReadRest() => ReadBytes(_span.Length - _position);

        public ReadOnlySpan<byte> ReadBytes(int count)
        {
            if (count > _span.Length - _position)
            {
                throw new MqttProtocolException(MqttProtocolViolation.MalformedPacket,
                    $"{type}: a field of {count} bytes at offset {_position} runs past the end of the {_span.Length}-byte body.");
            }

            var bytes = _span.Slice(_position, count);
            _position += count;
            return bytes;
        }

        public readonly void ExpectEnd()
        {
            if (!AtEnd)
            {
                throw new MqttProtocolException(MqttProtocolViolation.MalformedPacket,
                    $"{type}: {_span.Length - _position} unexpected bytes after the last field.");
            }
        }
    }
}
