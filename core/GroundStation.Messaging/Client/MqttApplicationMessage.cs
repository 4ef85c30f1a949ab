using GroundStation.Messaging.Protocol;

namespace GroundStation.Messaging.Client;

/// <summary>A message as the application publishes or receives it.</summary>
/// <param name="Topic">The topic name.</param>
/// <param name="Payload">The message bytes; the client does not copy them, so do not reuse the buffer until sent.</param>
/// <param name="Qos">The delivery QoS.</param>
/// <param name="Retain">On publish: ask the broker to retain it. On receipt: the message came from the retained store.</param>
public sealed record MqttApplicationMessage(
    TopicName Topic,
    ReadOnlyMemory<byte> Payload,
    MqttQualityOfService Qos = MqttQualityOfService.AtMostOnce,
    bool Retain = false)
{
    // With MqttClientOptions.ManualAcknowledgement: the connection a QoS 1 message came on and its packet id, which
    // MqttClient.Acknowledge needs. Not part of the message's identity.
    internal object? AcknowledgementLink { get; init; }

    internal ushort AcknowledgementPacketId { get; init; }

    /// <inheritdoc />
    public bool Equals(MqttApplicationMessage? other) =>
        other is not null && Topic == other.Topic && Qos == other.Qos && Retain == other.Retain &&
        Payload.Span.SequenceEqual(other.Payload.Span);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Topic, Qos, Retain, Payload.Length);
}

/// <summary>The broker refused a CONNECT with a return code.</summary>
public sealed class MqttConnectionRefusedException : Exception
{
    /// <summary>Creates the exception for <paramref name="returnCode"/>.</summary>
    public MqttConnectionRefusedException(MqttConnectReturnCode returnCode)
        : base($"The MQTT broker refused the connection: {returnCode} (return code {(int)returnCode}).") =>
        ReturnCode = returnCode;

    /// <summary>Creates the exception for a generic refusal.</summary>
    public MqttConnectionRefusedException()
        : this(MqttConnectReturnCode.ServerUnavailable)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public MqttConnectionRefusedException(string message)
        : base(message) => ReturnCode = MqttConnectReturnCode.ServerUnavailable;

    /// <summary>Creates the exception with a message and cause.</summary>
    public MqttConnectionRefusedException(string message, Exception innerException)
        : base(message, innerException) => ReturnCode = MqttConnectReturnCode.ServerUnavailable;

    /// <summary>Why the broker refused.</summary>
    public MqttConnectReturnCode ReturnCode { get; }
}
