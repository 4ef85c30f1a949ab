using GroundStation.Core.Contacts;
using GroundStation.Core.Stations;
using GroundStation.Messaging.Client;
using GroundStation.Messaging.Contracts;
using GroundStation.Messaging.Protocol;
using Microsoft.Extensions.Logging;

namespace GroundStation.Core.Mqtt;

/// <summary>
/// Reads what stations publish on one core MQTT client and routes it: pass events to the contacts, status and
/// presence to the station board and command acknowledgements to commanding. Telemetry has its own client and
/// subscriber (GroundStation.Telemetry), so control messages never queue behind a flood of frames. A message that cannot be read or handled is logged and skipped; nothing escapes the loop.
/// </summary>
public sealed partial class CoreMqttBridge(
    ContactService contacts,
    StationBoard stations,
    ICommandAckSink acks,
    ILogger<CoreMqttBridge> logger)
{
    /// <summary>The filters this bridge needs on its client.</summary>
    public static IReadOnlyList<TopicFilter> Filters { get; } =
    [
        GroundStationTopics.AllStations("passes"),
        GroundStationTopics.AllStations("status"),
        GroundStationTopics.AllStations("presence"),
        GroundStationTopics.AllStations("commands/acks"),
    ];

    /// <summary>Messages routed so far (for health and tests).</summary>
    public long Routed => Interlocked.Read(ref _routed);

    /// <summary>Messages that could not be read or handled.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    private long _routed;
    private long _rejected;

    /// <summary>Subscribes <paramref name="client"/> (connected or connecting) and routes its messages until cancelled.</summary>
    public async Task RunAsync(MqttClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var filters = Filters;
        var granted = await client.SubscribeAsync([.. filters.Select(f => new MqttSubscription(f, MqttQualityOfService.AtLeastOnce))], cancellationToken);
        for (var i = 0; i < filters.Count; i++)
        {
            if (granted[i] == MqttSubscribeReturnCode.Failure)
            {
                // The core's key lacks a right it needs: say which, and keep going with the rest.
                LogRefused(logger, filters[i].ToString());
            }
        }

        try
        {
            await foreach (var message in client.Messages.ReadAllAsync(cancellationToken))
            {
                try
                {
                    await RouteAsync(message, cancellationToken);
                    Interlocked.Increment(ref _routed);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (Exception exception)
                {
                    Interlocked.Increment(ref _rejected);
                    LogRejected(logger, message.Topic.Value, exception.Message, exception);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown.
        }
    }

    /// <summary>Routes one message; throws when it cannot be read.</summary>
    public async ValueTask RouteAsync(MqttApplicationMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!GroundStationTopics.TryGetStation(message.Topic, out var station))
        {
            throw new MessageFormatException($"topic '{message.Topic}' is not a station topic");
        }

        var leaf = message.Topic.Value[(GroundStationTopics.Root.Length + "/stations/".Length + station.Value.Length + 1)..];
        var payload = message.Payload.Span;
        switch (leaf)
        {
            case "passes":
                var passEvent = GroundStationMessages.Decode<PassEvent>(payload);
                Check(passEvent.Station, station, message.Topic);
                await contacts.OnPassEventAsync(passEvent, cancellationToken);
                break;
            case "status":
                var status = GroundStationMessages.Decode<StationStatus>(payload);
                Check(status.Station, station, message.Topic);
                stations.OnStatus(status);
                break;
            case "presence":
                var presence = GroundStationMessages.Decode<StationPresence>(payload);
                Check(presence.Station, station, message.Topic);
                await stations.OnPresenceAsync(presence, cancellationToken);
                break;
            case "commands/acks":
                var ack = GroundStationMessages.Decode<CommandAck>(payload);
                Check(ack.Station, station, message.Topic);
                await acks.OnAckAsync(ack, cancellationToken);
                break;
            default:
                throw new MessageFormatException($"topic '{message.Topic}' is not one the core handles");
        }
    }

    // A station's key only lets it publish under its own topics, so a payload naming another station is a bug or forgery.
    private static void Check(StationId inPayload, StationId inTopic, TopicName topic)
    {
        if (inPayload != inTopic)
        {
            throw new MessageFormatException($"payload names station '{inPayload}' but arrived on '{topic}'");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The broker refused the core's subscription to {Filter}; check the core key's rights")]
    private static partial void LogRefused(ILogger logger, string filter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped a message on {Topic}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string topic, string reason, Exception exception);
}
