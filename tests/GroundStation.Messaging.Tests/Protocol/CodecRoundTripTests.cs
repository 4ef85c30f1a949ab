using System.Buffers;
using System.Text;
using GroundStation.Messaging.Protocol;
using static GroundStation.Messaging.Tests.Protocol.CodecTestHelpers;

namespace GroundStation.Messaging.Tests.Protocol;

public sealed class CodecRoundTripTests
{
    public static TheoryData<string, MqttPacket> Packets() => new()
    {
        { "connect minimal", new ConnectPacket("c1", CleanSession: true, KeepAliveSeconds: 60) },
        { "connect empty id", new ConnectPacket("", CleanSession: true, KeepAliveSeconds: 0) },
        {
            "connect everything",
            new ConnectPacket("station-7", CleanSession: false, KeepAliveSeconds: 65535,
                new MqttWill(TopicName.Parse("gs/v1/stations/7/presence"), "offline"u8.ToArray(), MqttQualityOfService.AtLeastOnce, Retain: true),
                "edge", "gsk_secret"u8.ToArray())
        },
        { "connect user no password", new ConnectPacket("c", true, 10, UserName: "only-user") },
        { "connect empty password", new ConnectPacket("c", true, 10, UserName: "u", Password: Array.Empty<byte>()) },
        { "connack accepted", new ConnAckPacket(SessionPresent: true, MqttConnectReturnCode.Accepted) },
        { "connack refused", new ConnAckPacket(SessionPresent: false, MqttConnectReturnCode.NotAuthorized) },
        { "publish qos0", new PublishPacket(TopicName.Parse("a/b"), "hello"u8.ToArray()) },
        { "publish qos0 empty payload retained", new PublishPacket(TopicName.Parse("a/b"), Array.Empty<byte>(), Retain: true) },
        { "publish qos1 dup", new PublishPacket(TopicName.Parse("x"), new byte[300], MqttQualityOfService.AtLeastOnce, false, true, 1) },
        { "publish qos2 unicode", new PublishPacket(TopicName.Parse("Ωmega/😀"), new byte[20_000], MqttQualityOfService.ExactlyOnce, true, false, 65535) },
        { "puback", new PubAckPacket(7) },
        { "pubrec", new PubRecPacket(8) },
        { "pubrel", new PubRelPacket(9) },
        { "pubcomp", new PubCompPacket(10) },
        {
            "subscribe",
            new SubscribePacket(11, [
                new MqttSubscription(TopicFilter.Parse("a/+/c"), MqttQualityOfService.AtMostOnce),
                new MqttSubscription(TopicFilter.Parse("#"), MqttQualityOfService.AtLeastOnce),
                new MqttSubscription(TopicFilter.Parse("$share/g/a/#"), MqttQualityOfService.ExactlyOnce),
            ])
        },
        {
            "suback",
            new SubAckPacket(12, [MqttSubscribeReturnCode.GrantedQos0, MqttSubscribeReturnCode.GrantedQos1,
                MqttSubscribeReturnCode.GrantedQos2, MqttSubscribeReturnCode.Failure])
        },
        { "unsubscribe", new UnsubscribePacket(13, [TopicFilter.Parse("a/#"), TopicFilter.Parse("b")]) },
        { "unsuback", new UnsubAckPacket(14) },
        { "pingreq", PingReqPacket.Instance },
        { "pingresp", PingRespPacket.Instance },
        { "disconnect", DisconnectPacket.Instance },
    };

    [Theory]
    [MemberData(nameof(Packets))]
    public void Every_packet_survives_a_round_trip(string name, MqttPacket packet)
    {
        var decoded = DecodeSingle(Encode(packet));

        Assert.Equal(packet, decoded);
        Assert.Equal(packet.Type, decoded.Type);
        Assert.False(string.IsNullOrEmpty(name));
    }

    [Theory]
    [MemberData(nameof(Packets))]
    public void Every_packet_decodes_from_one_byte_segments(string name, MqttPacket packet)
    {
        var buffer = Fragmented(Encode(packet));
        Assert.True(new MqttDecoder().TryDecode(ref buffer, out var decoded), name);

        Assert.Equal(packet, decoded);
        Assert.True(buffer.IsEmpty);
    }

    [Theory]
    [MemberData(nameof(Packets))]
    public void Every_proper_prefix_asks_for_more_data_and_leaves_the_buffer_alone(string name, MqttPacket packet)
    {
        var bytes = Encode(packet);
        var decoder = new MqttDecoder();
        for (var length = 0; length < bytes.Length; length++)
        {
            var buffer = new ReadOnlySequence<byte>(bytes, 0, length);
            Assert.False(decoder.TryDecode(ref buffer, out _), $"{name}: prefix of {length} bytes");
            Assert.Equal(length, buffer.Length);
        }
    }

    [Fact]
    public void Back_to_back_packets_decode_in_order()
    {
        var writer = new ArrayBufferWriter<byte>();
        for (ushort i = 1; i <= 100; i++)
        {
            MqttEncoder.WritePublish(writer, TopicName.Parse("t/" + (i % 3)), Encoding.UTF8.GetBytes($"m{i}"),
                MqttQualityOfService.AtLeastOnce, false, false, i);
        }

        var buffer = new ReadOnlySequence<byte>(writer.WrittenMemory);
        var decoder = new MqttDecoder();
        for (ushort i = 1; i <= 100; i++)
        {
            Assert.True(decoder.TryDecode(ref buffer, out var packet));
            var publish = Assert.IsType<PublishPacket>(packet);
            Assert.Equal(i, publish.PacketId);
            Assert.Equal("t/" + (i % 3), publish.Topic.Value);
            Assert.Equal($"m{i}", Encoding.UTF8.GetString(publish.Payload.Span));
        }

        Assert.True(buffer.IsEmpty);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(127, 1)]
    [InlineData(128, 2)]
    [InlineData(16_383, 2)]
    [InlineData(16_384, 3)]
    [InlineData(2_097_151, 3)]
    [InlineData(2_097_152, 4)]
    public void Remaining_length_uses_the_spec_boundaries(int payloadAndHeader, int expectedLengthBytes)
    {
        // A PUBLISH to topic "t" at QoS 0 has 3 bytes of variable header; the payload fills the rest.
        var payload = new byte[Math.Max(0, payloadAndHeader - 3)];
        var writer = new ArrayBufferWriter<byte>();
        MqttEncoder.WritePublish(writer, TopicName.Parse("t"), payload, MqttQualityOfService.AtMostOnce, false, false, 0);
        var remaining = 3 + payload.Length;

        Assert.Equal(expectedLengthBytes, MqttEncoder.VariableByteIntegerSize(remaining));
        Assert.Equal(1 + MqttEncoder.VariableByteIntegerSize(remaining) + remaining, writer.WrittenCount);
        var decoded = Assert.IsType<PublishPacket>(DecodeSingle(writer.WrittenSpan.ToArray()));
        Assert.Equal(payload.Length, decoded.Payload.Length);
    }

    [Fact]
    public void Wire_bytes_match_the_specification_examples()
    {
        // CONNECT from MQTT 3.1.1 section 3.1 with client id "a", clean session, keep-alive 10.
        Assert.Equal(
            new byte[] { 0x10, 13, 0, 4, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 4, 0x02, 0, 10, 0, 1, (byte)'a' },
            Encode(new ConnectPacket("a", true, 10)));
        Assert.Equal(new byte[] { 0x62, 2, 0, 5 }, Encode(new PubRelPacket(5)));
        Assert.Equal(new byte[] { 0xC0, 0 }, Encode(PingReqPacket.Instance));
        Assert.Equal(new byte[] { 0x3B, 6, 0, 1, (byte)'t', 0x12, 0x34, 0xFF },
            Encode(new PublishPacket(TopicName.Parse("t"), new byte[] { 0xFF }, MqttQualityOfService.AtLeastOnce, true, true, 0x1234)));
    }

    [Fact]
    public void Encoder_refuses_what_cannot_be_encoded()
    {
        var writer = new ArrayBufferWriter<byte>();
        var topic = TopicName.Parse("t");
        Assert.Throws<ArgumentException>(() => MqttEncoder.WritePublish(writer, topic, [], MqttQualityOfService.AtLeastOnce, false, false, 0));
        Assert.Throws<ArgumentException>(() => MqttEncoder.WritePublish(writer, topic, [], MqttQualityOfService.AtMostOnce, false, true, 0));
        Assert.Throws<ArgumentException>(() => MqttEncoder.WritePublish(writer, topic, [], (MqttQualityOfService)3, false, false, 1));
        Assert.Throws<ArgumentException>(() => MqttEncoder.Write(writer, new ConnectPacket("c", true, 1, Password: new byte[] { 1 })));
        Assert.Throws<ArgumentException>(() => MqttEncoder.Write(writer, new ConnectPacket(new string('x', 70_000), true, 1)));
        Assert.Throws<ArgumentException>(() => MqttEncoder.Write(writer, new SubscribePacket(1, [])));
        Assert.Throws<ArgumentException>(() => MqttEncoder.Write(writer, new PubAckPacket(0)));
        Assert.Throws<ArgumentException>(() => MqttEncoder.WritePacketIdOnly(writer, MqttPacketType.Publish, 1));
        Assert.Equal(0, writer.WrittenCount);
    }
}
