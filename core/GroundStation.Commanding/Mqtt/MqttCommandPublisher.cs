using GroundStation.Messaging.Client;
using GroundStation.Messaging.Contracts;
using GroundStation.Messaging.Protocol;

namespace GroundStation.Commanding.Mqtt;

/// <summary>
/// Publishes signed telecommands to <c>gs/v1/stations/{station}/commands</c> at QoS 1, not retained, on a connected
/// <see cref="MqttClient"/>; the client resends across reconnects until the broker acknowledges, and a station with a
/// persistent session gets them when it comes back.
/// </summary>
public sealed class MqttCommandPublisher : ICommandPublisher
{
    private readonly MqttClient _client;

    /// <summary>Publishes through <paramref name="client"/>.</summary>
    public MqttCommandPublisher(MqttClient client) => _client = client ?? throw new ArgumentNullException(nameof(client));

    /// <inheritdoc />
    public ValueTask PublishAsync(StationId station, SignedEnvelope command, CancellationToken ct) =>
        _client.PublishAsync(new MqttApplicationMessage(GroundStationTopics.Commands(station), GroundStationMessages.Encode(command),
            MqttQualityOfService.AtLeastOnce), ct);
}
