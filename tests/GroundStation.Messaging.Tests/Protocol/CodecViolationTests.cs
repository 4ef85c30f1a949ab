using GroundStation.Messaging.Protocol;
using static GroundStation.Messaging.Tests.Protocol.CodecTestHelpers;

namespace GroundStation.Messaging.Tests.Protocol;

public sealed class CodecViolationTests
{
    private static byte[] Connect(byte[] protocolName, byte level, byte flags, byte[] payload) =>
        [0x10, (byte)(2 + protocolName.Length + 4 + payload.Length), 0, (byte)protocolName.Length, .. protocolName, level, flags, 0, 10, .. payload];

    private static byte[] Str(string ascii) => [0, (byte)ascii.Length, .. System.Text.Encoding.UTF8.GetBytes(ascii)];

    private static byte[] Publish(byte flags, byte[] topicField, byte[]? rest = null) =>
        [(byte)(0x30 | flags), (byte)(topicField.Length + (rest?.Length ?? 0)), .. topicField, .. rest ?? []];

    private static byte[] Subscribe(byte[] body) => [0x82, (byte)body.Length, .. body];

    public static TheoryData<string, byte[], MqttProtocolViolation> Violations() => new()
    {
        { "remaining length of five bytes", [0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], MqttProtocolViolation.MalformedRemainingLength },
        { "packet type 0", [0x00, 0x00], MqttProtocolViolation.ReservedPacketType },
        { "packet type 15", [0xF0, 0x00], MqttProtocolViolation.ReservedPacketType },
        { "pubrel flags 0000", [0x60, 2, 0, 1], MqttProtocolViolation.InvalidFixedHeaderFlags },
        { "subscribe flags 0000", [0x80, 6, 0, 1, 0, 1, (byte)'a', 0], MqttProtocolViolation.InvalidFixedHeaderFlags },
        { "unsubscribe flags 0011", [0xA3, 5, 0, 1, 0, 1, (byte)'a'], MqttProtocolViolation.InvalidFixedHeaderFlags },
        { "pingreq flags 0001", [0xC1, 0], MqttProtocolViolation.InvalidFixedHeaderFlags },
        { "puback flags 0010", [0x42, 2, 0, 1], MqttProtocolViolation.InvalidFixedHeaderFlags },
        { "publish qos 3", Publish(0x06, Str("a"), [0, 1]), MqttProtocolViolation.InvalidQualityOfService },
        { "publish dup at qos 0", Publish(0x08, Str("a")), MqttProtocolViolation.InvalidFixedHeaderFlags },
        { "publish topic with +", Publish(0, Str("a/+")), MqttProtocolViolation.WildcardInTopicName },
        { "publish topic with #", Publish(0, Str("a/#")), MqttProtocolViolation.WildcardInTopicName },
        { "publish empty topic", Publish(0, Str("")), MqttProtocolViolation.EmptyTopicName },
        { "publish topic with U+0000", Publish(0, [0, 3, (byte)'a', 0, (byte)'b']), MqttProtocolViolation.NullCharacterInString },
        { "publish topic with invalid UTF-8", Publish(0, [0, 2, 0xC3, 0x28]), MqttProtocolViolation.InvalidUtf8String },
        { "publish topic with encoded surrogate", Publish(0, [0, 3, 0xED, 0xA0, 0x80]), MqttProtocolViolation.InvalidUtf8String },
        { "publish topic with overlong encoding", Publish(0, [0, 2, 0xC0, 0xAF]), MqttProtocolViolation.InvalidUtf8String },
        { "publish qos1 packet id 0", Publish(0x02, Str("a"), [0, 0]), MqttProtocolViolation.MissingPacketIdentifier },
        { "publish topic length past the body", Publish(0, [0, 9, (byte)'a']), MqttProtocolViolation.MalformedPacket },
        { "puback packet id 0", [0x40, 2, 0, 0], MqttProtocolViolation.MissingPacketIdentifier },
        { "puback truncated body", [0x40, 1, 0], MqttProtocolViolation.MalformedPacket },
        { "puback trailing byte", [0x40, 3, 0, 1, 9], MqttProtocolViolation.MalformedPacket },
        { "pingreq with a body", [0xC0, 1, 0], MqttProtocolViolation.MalformedPacket },
        { "disconnect with a body", [0xE0, 1, 0], MqttProtocolViolation.MalformedPacket },
        { "subscribe packet id 0", Subscribe([0, 0, .. Str("a"), 0]), MqttProtocolViolation.MissingPacketIdentifier },
        { "subscribe without filters", Subscribe([0, 1]), MqttProtocolViolation.EmptySubscriptionList },
        { "subscribe # not last", Subscribe([0, 1, .. Str("a/#/b"), 0]), MqttProtocolViolation.InvalidTopicFilter },
        { "subscribe # inside a level", Subscribe([0, 1, .. Str("a/b#"), 0]), MqttProtocolViolation.InvalidTopicFilter },
        { "subscribe + not alone", Subscribe([0, 1, .. Str("a/b+/c"), 0]), MqttProtocolViolation.InvalidTopicFilter },
        { "subscribe empty filter", Subscribe([0, 1, .. Str(""), 0]), MqttProtocolViolation.InvalidTopicFilter },
        { "subscribe share without filter", Subscribe([0, 1, .. Str("$share/g"), 0]), MqttProtocolViolation.InvalidTopicFilter },
        { "subscribe share empty group", Subscribe([0, 1, .. Str("$share//a"), 0]), MqttProtocolViolation.InvalidTopicFilter },
        { "subscribe qos 3", Subscribe([0, 1, .. Str("a"), 3]), MqttProtocolViolation.InvalidQualityOfService },
        { "subscribe reserved option bits", Subscribe([0, 1, .. Str("a"), 0x04]), MqttProtocolViolation.InvalidSubscriptionOptions },
        { "subscribe missing qos byte", Subscribe([0, 1, .. Str("a")]), MqttProtocolViolation.MalformedPacket },
        { "suback code 3", [0x90, 3, 0, 1, 3], MqttProtocolViolation.InvalidReturnCode },
        { "suback without codes", [0x90, 2, 0, 1], MqttProtocolViolation.EmptySubscriptionList },
        { "unsubscribe without filters", [0xA2, 2, 0, 1], MqttProtocolViolation.EmptySubscriptionList },
        { "unsubscribe bad filter", [0xA2, 6, 0, 1, 0, 2, (byte)'#', (byte)'a'], MqttProtocolViolation.InvalidTopicFilter },
        { "connack return code 6", [0x20, 2, 0, 6], MqttProtocolViolation.InvalidReturnCode },
        { "connack reserved flag", [0x20, 2, 2, 0], MqttProtocolViolation.InvalidReturnCode },
        { "connect protocol MQIsdp", Connect("MQIsdp"u8.ToArray(), 3, 0x02, Str("c")), MqttProtocolViolation.InvalidProtocolName },
        { "connect protocol mqtt lower case", Connect("mqtt"u8.ToArray(), 4, 0x02, Str("c")), MqttProtocolViolation.InvalidProtocolName },
        { "connect level 5", Connect("MQTT"u8.ToArray(), 5, 0x02, Str("c")), MqttProtocolViolation.UnsupportedProtocolLevel },
        { "connect reserved flag", Connect("MQTT"u8.ToArray(), 4, 0x03, Str("c")), MqttProtocolViolation.InvalidConnectFlags },
        { "connect will qos without will", Connect("MQTT"u8.ToArray(), 4, 0x0A, Str("c")), MqttProtocolViolation.InvalidConnectFlags },
        { "connect will retain without will", Connect("MQTT"u8.ToArray(), 4, 0x22, Str("c")), MqttProtocolViolation.InvalidConnectFlags },
        { "connect will qos 3", Connect("MQTT"u8.ToArray(), 4, 0x1E, [.. Str("c"), .. Str("w"), 0, 0]), MqttProtocolViolation.InvalidQualityOfService },
        { "connect password without user", Connect("MQTT"u8.ToArray(), 4, 0x42, [.. Str("c"), 0, 1, 7]), MqttProtocolViolation.InvalidConnectFlags },
        { "connect will topic wildcard", Connect("MQTT"u8.ToArray(), 4, 0x06, [.. Str("c"), .. Str("w/#"), 0, 0]), MqttProtocolViolation.WildcardInTopicName },
        { "connect client id invalid UTF-8", Connect("MQTT"u8.ToArray(), 4, 0x02, [0, 1, 0xFF]), MqttProtocolViolation.InvalidUtf8String },
        { "connect missing user name", Connect("MQTT"u8.ToArray(), 4, 0x82, Str("c")), MqttProtocolViolation.MalformedPacket },
        { "connect trailing bytes", Connect("MQTT"u8.ToArray(), 4, 0x02, [.. Str("c"), 1]), MqttProtocolViolation.MalformedPacket },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public void Each_violation_is_named(string name, byte[] bytes, MqttProtocolViolation expected)
    {
        var error = DecodeFails(bytes);

        Assert.True(expected == error.Violation, $"{name}: expected {expected}, got {error.Violation} ({error.Message})");
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void An_oversized_packet_is_refused_from_its_header_alone()
    {
        // Remaining length 1,000 announced, no body sent: refused without waiting for the body.
        var error = DecodeFails([0x30, 0xE8, 0x07], maximumPacketSize: 512);

        Assert.Equal(MqttProtocolViolation.PacketTooLarge, error.Violation);
        Assert.Contains("512", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_packet_at_the_maximum_size_is_accepted()
    {
        var bytes = Encode(new PublishPacket(TopicName.Parse("t"), new byte[100]));

        Assert.IsType<PublishPacket>(DecodeSingle(bytes, maximumPacketSize: bytes.Length));
        Assert.Equal(MqttProtocolViolation.PacketTooLarge, DecodeFails(bytes, maximumPacketSize: bytes.Length - 1).Violation);
    }

    [Fact]
    public void A_reserved_first_byte_is_refused_before_the_length_arrives()
    {
        Assert.Equal(MqttProtocolViolation.ReservedPacketType, DecodeFails([0xF0]).Violation);
    }
}
