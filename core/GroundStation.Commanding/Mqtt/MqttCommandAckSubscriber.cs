using GroundStation.Messaging.Client;
using GroundStation.Messaging.Contracts;
using GroundStation.Messaging.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GroundStation.Commanding.Mqtt;

/// <summary>
/// Feeds <see cref="CommandService.OnAckAsync"/> from <c>gs/v1/stations/+/commands/acks</c> (QoS 1). A host with one
/// shared client routes messages to <see cref="HandleAsync"/>; <see cref="StartAsync"/> reads a dedicated client itself.
/// </summary>
public sealed partial class MqttCommandAckSubscriber : IAsyncDisposable
{
    private readonly MqttClient _client;
    private readonly CommandService _commands;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    /// <summary>Creates the subscriber.</summary>
    public MqttCommandAckSubscriber(MqttClient client, CommandService commands, ILogger<MqttCommandAckSubscriber>? logger = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _commands = commands ?? throw new ArgumentNullException(nameof(commands));
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>The filter subscribed.</summary>
    public static TopicFilter Filter => GroundStationTopics.AllStations("commands/acks");

    /// <summary>Subscribes and reads the (dedicated) client's messages.</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        var granted = await _client.SubscribeAsync(Filter, MqttQualityOfService.AtLeastOnce, ct).ConfigureAwait(false);
        if (granted == MqttSubscribeReturnCode.Failure)
        {
            throw new InvalidOperationException($"The broker refused the subscription {Filter.Value}.");
        }

        _loop ??= Task.Run(() => ReadLoopAsync(_stop.Token), CancellationToken.None);
    }

    /// <summary>Applies one acknowledgement message; a malformed one is logged.</summary>
    public async Task HandleAsync(MqttApplicationMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        CommandAck ack;
        try
        {
            ack = GroundStationMessages.Decode<CommandAck>(message.Payload.Span);
        }
        catch (MessageFormatException error)
        {
            LogRejected(message.Topic.Value, error.Message);
            return;
        }

        if (GroundStationTopics.TryGetStation(message.Topic, out var station) && station != ack.Station)
        {
            LogRejected(message.Topic.Value, $"the acknowledgement names station {ack.Station} but came on {station}'s topic");
            return;
        }

        await _commands.OnAckAsync(ack, ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private async Task ReadLoopAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var message in _client.Messages.ReadAllAsync(ct).ConfigureAwait(false))
            {
                try
                {
                    await HandleAsync(message, ct).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // One bad acknowledgement must not stop the loop.
                catch (Exception error) when (error is not OperationCanceledException)
#pragma warning restore CA1031
                {
                    LogFailed(error, message.Topic.Value);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Commanding: refused a message on {Topic}: {Problem}")]
    private partial void LogRejected(string topic, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "Commanding: an acknowledgement on {Topic} could not be applied")]
    private partial void LogFailed(Exception error, string topic);
}
