using GroundStation.Messaging.Contracts;

namespace GroundStation.Core.Mqtt;

/// <summary>Where the core's MQTT bridge hands command acknowledgements from stations (the host adapts commanding's <c>OnAckAsync</c>).</summary>
public interface ICommandAckSink
{
    /// <summary>One acknowledgement as a station published it.</summary>
    ValueTask OnAckAsync(CommandAck ack, CancellationToken cancellationToken);
}
