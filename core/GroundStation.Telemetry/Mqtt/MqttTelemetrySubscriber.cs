using System.Threading.Channels;
using GroundStation.Messaging.Client;
using GroundStation.Messaging.Contracts;
using GroundStation.Messaging.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GroundStation.Telemetry.Mqtt;

/// <summary>
/// Feeds <see cref="TelemetryIngest"/> from MQTT: subscribes <c>$share/gs-core/gs/v1/stations/+/telemetry</c> at QoS 1 on
/// a connected <see cref="MqttClient"/> and hands every <see cref="TelemetryFrame"/> to the ingest's bounded queue,
/// waiting while it is full, so the client stops reading the socket and the broker holds the rest. Malformed payloads
/// are logged and counted, never fatal. With a client in <see cref="MqttClientOptions.ManualAcknowledgement"/> mode,
/// each message is acknowledged, in arrival order, only after its frame is committed to SQLite (a frame whose batch
/// failed is queued again until it is stored), so a crash never loses a frame the broker considers delivered.
/// </summary>
public sealed partial class MqttTelemetrySubscriber : IAsyncDisposable
{
    private readonly MqttClient _client;
    private readonly TelemetryIngest _ingest;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<(Task Stored, MqttApplicationMessage Message, TelemetryFrame? Frame)> _acknowledgements =
        Channel.CreateUnbounded<(Task, MqttApplicationMessage, TelemetryFrame?)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _acknowledger;
    private Task? _loop;
    private long _received;
    private long _rejected;

    /// <summary>Creates the subscriber; nothing happens until <see cref="StartAsync"/>.</summary>
    public MqttTelemetrySubscriber(MqttClient client, TelemetryIngest ingest, ILogger<MqttTelemetrySubscriber>? logger = null,
        TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _ingest = ingest ?? throw new ArgumentNullException(nameof(ingest));
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _acknowledger = Task.Run(AcknowledgeLoopAsync);
    }

    /// <summary>The topic filter subscribed (a shared subscription, so several cores split the stream).</summary>
    public static TopicFilter Filter => GroundStationTopics.AllStations("telemetry", shared: true);

    /// <summary>Telemetry messages received so far.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Messages refused as malformed so far.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>
    /// Subscribes and starts reading <see cref="MqttClient.Messages"/>: the client must be dedicated to telemetry
    /// (a host that shares one client routes messages to <see cref="HandleAsync"/> itself and does not call this).
    /// </summary>
    /// <exception cref="InvalidOperationException">The broker refused the subscription.</exception>
    public async Task StartAsync(CancellationToken ct)
    {
        await SubscribeAsync(ct).ConfigureAwait(false);
        _loop ??= Task.Run(() => ReadLoopAsync(_stop.Token), CancellationToken.None);
    }

    /// <summary>Subscribes without starting the read loop (for a host that routes messages itself).</summary>
    public async Task SubscribeAsync(CancellationToken ct)
    {
        var granted = await _client.SubscribeAsync(Filter, MqttQualityOfService.AtLeastOnce, ct).ConfigureAwait(false);
        if (granted == MqttSubscribeReturnCode.Failure)
        {
            throw new InvalidOperationException($"The broker refused the telemetry subscription {Filter.Value}.");
        }
    }

    /// <summary>Handles one message: a telemetry frame is queued for ingest (waiting while the queue is full).</summary>
    /// <returns>The task that completes when the frame is stored, or null when the message was not a valid frame.</returns>
    public async ValueTask<Task<IngestOutcome>?> HandleAsync(MqttApplicationMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        Interlocked.Increment(ref _received);
        TelemetryFrame frame;
        try
        {
            frame = GroundStationMessages.Decode<TelemetryFrame>(message.Payload.Span);
        }
        catch (MessageFormatException error)
        {
            Interlocked.Increment(ref _rejected);
            LogRejected(message.Topic.Value, error.Message);
            // Refused for good: acknowledged (in order), so the broker does not redeliver it forever.
            _acknowledgements.Writer.TryWrite((Task.CompletedTask, message, null));
            return null;
        }

        if (GroundStationTopics.TryGetStation(message.Topic, out var station) && station != frame.Station)
        {
            // A station's broker key only reaches its own subtree; a frame claiming another station is refused.
            Interlocked.Increment(ref _rejected);
            LogRejected(message.Topic.Value, $"the frame names station {frame.Station} but came on {station}'s topic");
            _acknowledgements.Writer.TryWrite((Task.CompletedTask, message, null));
            return null;
        }

        var stored = await _ingest.EnqueueAsync(frame, ct).ConfigureAwait(false);
        _acknowledgements.Writer.TryWrite((stored, message, frame));
        return stored;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _acknowledgements.Writer.TryComplete();
        await _acknowledger.ConfigureAwait(false);
        _stop.Dispose();
    }

    // Acknowledges in arrival order, each message once its frame is committed; a frame whose batch failed is queued again.
    private async Task AcknowledgeLoopAsync()
    {
        await foreach (var (stored, message, frame) in _acknowledgements.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            var task = stored;
            while (true)
            {
                try
                {
                    await task.ConfigureAwait(false);
                    _client.Acknowledge(message);
                    break;
                }
                catch (ObjectDisposedException)
                {
                    // The ingest is stopping: the frame stays unacknowledged and the broker redelivers it.
                    break;
                }
#pragma warning disable CA1031 // A failed commit is retried; the message is acknowledged only once stored.
                catch (Exception error) when (frame is not null && !_stop.IsCancellationRequested)
#pragma warning restore CA1031
                {
                    LogStoreFailed(error);
                    try
                    {
                        await Task.Delay(RetryDelay, _time, _stop.Token).ConfigureAwait(false);
                        task = await _ingest.EnqueueAsync(frame, _stop.Token).ConfigureAwait(false);
                    }
                    catch (Exception stopping) when (stopping is OperationCanceledException or ObjectDisposedException)
                    {
                        break;
                    }
                }
#pragma warning disable CA1031 // Stopping while a commit failed: leave it unacknowledged for redelivery.
                catch (Exception)
#pragma warning restore CA1031
                {
                    break;
                }
            }
        }
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
                catch (ObjectDisposedException)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    // How long to wait before queueing a frame again whose batch could not be committed.
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private void LogStoreFailed(Exception error) => LogStoreFailedCore(error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telemetry: refused a message on {Topic}: {Problem}")]
    private partial void LogRejected(string topic, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "Telemetry: a frame from MQTT could not be stored")]
    private partial void LogStoreFailedCore(Exception error);
}
