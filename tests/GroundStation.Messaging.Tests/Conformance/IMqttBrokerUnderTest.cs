namespace GroundStation.Messaging.Tests.Conformance;

/// <summary>A running broker the conformance suite talks to; one instance serves a whole test class.</summary>
public interface IMqttBrokerUnderTest
{
    /// <summary>A short name for messages ("mosquitto", "embedded").</summary>
    string Name { get; }

    /// <summary>The host to connect to.</summary>
    string Host { get; }

    /// <summary>The TCP port to connect to.</summary>
    int Port { get; }
}
