namespace GroundStation.Messaging.Protocol;

/// <summary>The fourteen MQTT 3.1.1 control packet types (the high nibble of the fixed header).</summary>
public enum MqttPacketType : byte
{
    /// <summary>Client request to connect to the server.</summary>
    Connect = 1,

    /// <summary>Connect acknowledgement.</summary>
    ConnAck = 2,

    /// <summary>Publish message.</summary>
    Publish = 3,

    /// <summary>Publish acknowledgement (QoS 1).</summary>
    PubAck = 4,

    /// <summary>Publish received (QoS 2, part 1).</summary>
    PubRec = 5,

    /// <summary>Publish release (QoS 2, part 2).</summary>
    PubRel = 6,

    /// <summary>Publish complete (QoS 2, part 3).</summary>
    PubComp = 7,

    /// <summary>Client subscribe request.</summary>
    Subscribe = 8,

    /// <summary>Subscribe acknowledgement.</summary>
    SubAck = 9,

    /// <summary>Unsubscribe request.</summary>
    Unsubscribe = 10,

    /// <summary>Unsubscribe acknowledgement.</summary>
    UnsubAck = 11,

    /// <summary>Ping request.</summary>
    PingReq = 12,

    /// <summary>Ping response.</summary>
    PingResp = 13,

    /// <summary>Client is disconnecting.</summary>
    Disconnect = 14,
}

/// <summary>MQTT delivery guarantee.</summary>
public enum MqttQualityOfService : byte
{
    /// <summary>QoS 0: fire and forget.</summary>
    AtMostOnce = 0,

    /// <summary>QoS 1: acknowledged, possibly duplicated.</summary>
    AtLeastOnce = 1,

    /// <summary>QoS 2: four-step handshake, delivered once.</summary>
    ExactlyOnce = 2,
}

/// <summary>CONNACK return codes (MQTT 3.1.1 section 3.2.2.3).</summary>
public enum MqttConnectReturnCode : byte
{
    /// <summary>Connection accepted.</summary>
    Accepted = 0,

    /// <summary>The server does not support the requested protocol level.</summary>
    UnacceptableProtocolVersion = 1,

    /// <summary>The client identifier is well-formed UTF-8 but not allowed by the server.</summary>
    IdentifierRejected = 2,

    /// <summary>The network connection was made but the MQTT service is unavailable.</summary>
    ServerUnavailable = 3,

    /// <summary>The user name or password is malformed.</summary>
    BadUserNameOrPassword = 4,

    /// <summary>The client is not authorised to connect.</summary>
    NotAuthorized = 5,
}

/// <summary>SUBACK return codes: the granted QoS, or failure.</summary>
public enum MqttSubscribeReturnCode : byte
{
    /// <summary>Subscribed with maximum QoS 0.</summary>
    GrantedQos0 = 0,

    /// <summary>Subscribed with maximum QoS 1.</summary>
    GrantedQos1 = 1,

    /// <summary>Subscribed with maximum QoS 2.</summary>
    GrantedQos2 = 2,

    /// <summary>The subscription was refused.</summary>
    Failure = 0x80,
}

/// <summary>Each way a byte stream can break the MQTT 3.1.1 rules; carried by <see cref="MqttProtocolException"/>.</summary>
public enum MqttProtocolViolation
{
    /// <summary>The remaining length uses more than four bytes or is otherwise not a valid variable byte integer.</summary>
    MalformedRemainingLength,

    /// <summary>The packet is larger than the configured maximum.</summary>
    PacketTooLarge,

    /// <summary>Packet type 0 or 15, which MQTT 3.1.1 reserves.</summary>
    ReservedPacketType,

    /// <summary>The fixed header's flag nibble has a value the packet type forbids.</summary>
    InvalidFixedHeaderFlags,

    /// <summary>QoS 3 (both QoS bits set), in a PUBLISH, a will or a subscription.</summary>
    InvalidQualityOfService,

    /// <summary>The body is shorter or longer than its fields say, or a length field overruns the packet.</summary>
    MalformedPacket,

    /// <summary>A string is not well-formed UTF-8 (including encoded surrogates and overlong forms).</summary>
    InvalidUtf8String,

    /// <summary>A string contains U+0000, which MQTT forbids.</summary>
    NullCharacterInString,

    /// <summary>A string or binary field is longer than 65,535 bytes once encoded.</summary>
    StringTooLong,

    /// <summary>A topic name is empty.</summary>
    EmptyTopicName,

    /// <summary>A topic name (PUBLISH or will) contains '+' or '#'.</summary>
    WildcardInTopicName,

    /// <summary>A topic filter breaks the wildcard rules or is empty.</summary>
    InvalidTopicFilter,

    /// <summary>A packet that needs a packet identifier carries 0.</summary>
    MissingPacketIdentifier,

    /// <summary>CONNECT names a protocol other than "MQTT".</summary>
    InvalidProtocolName,

    /// <summary>CONNECT asks for a protocol level other than 4; answer with CONNACK return code 1.</summary>
    UnsupportedProtocolLevel,

    /// <summary>CONNECT flags are inconsistent (reserved bit set, will fields without will flag, password without user name).</summary>
    InvalidConnectFlags,

    /// <summary>A CONNACK or SUBACK return code or a reserved acknowledge flag outside the defined values.</summary>
    InvalidReturnCode,

    /// <summary>SUBSCRIBE, SUBACK or UNSUBSCRIBE with an empty list.</summary>
    EmptySubscriptionList,

    /// <summary>The reserved bits of a SUBSCRIBE's requested-QoS byte are set.</summary>
    InvalidSubscriptionOptions,
}
