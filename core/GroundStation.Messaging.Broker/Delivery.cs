using GroundStation.Messaging.Protocol;

namespace GroundStation.Messaging.Broker;

/// <summary>A QoS 1/2 message on its way to one session: queued, then in flight until the client acknowledges it.</summary>
internal sealed class Delivery(long sequence, BrokerMessage message, MqttQualityOfService qos, bool retain)
{
    /// <summary>Order within the session; the key of its stored copy.</summary>
    public long Sequence { get; } = sequence;

    /// <summary>The message.</summary>
    public BrokerMessage Message { get; } = message;

    /// <summary>The QoS of this delivery (the lower of the published and the granted QoS).</summary>
    public MqttQualityOfService Qos { get; } = qos;

    /// <summary>True when sent because of a new subscription to a retained message.</summary>
    public bool Retain { get; } = retain;

    /// <summary>The packet id while in flight; 0 while queued.</summary>
    public ushort PacketId { get; set; }

    /// <summary>True once sent at least once: a re-send carries the DUP flag.</summary>
    public bool Sent { get; set; }

    /// <summary>QoS 2 only: the client answered PUBREC, so PUBREL (not PUBLISH) is what remains to send.</summary>
    public bool Released { get; set; }
}
