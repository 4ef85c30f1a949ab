using GroundStation.Messaging.Client;
using GroundStation.Messaging.Contracts;

namespace GroundStation.Edge.Spool;

/// <summary>
/// Publishes frames at QoS 1 on <see cref="GroundStationTopics.Telemetry"/> of the frame's station through a running
/// <see cref="MqttClient"/> (which the caller owns, starts and disposes). While the broker is unreachable the call waits:
/// the client resends the message after it reconnects and completes the call on PUBACK.
/// </summary>
/// <param name="client">The edge's connection to the broker.</param>
public sealed class MqttFramePublisher(MqttClient client)
    : AcknowledgedMessagePublisher<TelemetryFrame>(client, frame => GroundStationTopics.Telemetry(frame.Station)), IFramePublisher;
