namespace GroundStation.Messaging.Protocol;

/// <summary>
/// A byte stream or a packet broke an MQTT 3.1.1 rule. The connection that carried it must be closed
/// (after a CONNACK with return code 1 when <see cref="Violation"/> is <see cref="MqttProtocolViolation.UnsupportedProtocolLevel"/>).
/// </summary>
public sealed class MqttProtocolException : Exception
{
    /// <summary>Creates the exception for <paramref name="violation"/> with a message naming what was wrong and where.</summary>
    public MqttProtocolException(MqttProtocolViolation violation, string message)
        : base(message) => Violation = violation;

    /// <summary>Creates an exception for a generic malformed packet.</summary>
    public MqttProtocolException()
        : this(MqttProtocolViolation.MalformedPacket, "Malformed MQTT packet.")
    {
    }

    /// <summary>Creates an exception for a generic malformed packet with <paramref name="message"/>.</summary>
    public MqttProtocolException(string message)
        : this(MqttProtocolViolation.MalformedPacket, message)
    {
    }

    /// <summary>Creates an exception for a generic malformed packet with an inner cause.</summary>
    public MqttProtocolException(string message, Exception innerException)
        : base(message, innerException) => Violation = MqttProtocolViolation.MalformedPacket;

    /// <summary>Which rule was broken.</summary>
    public MqttProtocolViolation Violation { get; }
}
