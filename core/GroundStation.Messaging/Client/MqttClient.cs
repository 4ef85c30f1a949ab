using System.Threading.Channels;
using GroundStation.Messaging.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GroundStation.Messaging.Client;

/// <summary>
/// An MQTT 3.1.1 client that stays connected: it reconnects with back-off and jitter, resubscribes when the broker
/// lost the session, and resends every unacknowledged QoS 1 and 2 message (DUP set) in order after a reconnect.
/// Outbound messages wait in a bounded queue (publishers wait while it is full) and go out in batches, many packets
/// per socket write, with up to <see cref="MqttClientOptions.MaximumInFlight"/> QoS 1/2 messages unacknowledged.
/// Received messages arrive in order on <see cref="Messages"/>, a bounded channel: while the application does not
/// read, the client stops reading the socket and the broker holds the rest.
/// </summary>
public sealed partial class MqttClient : IAsyncDisposable
{
    private readonly MqttClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<OutboundMessage> _outbound;
    private readonly Channel<MqttApplicationMessage> _inbound;
    private readonly WakeSignal _writerWake = new();
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Lock _gate = new();

    // Session state, guarded by _gate; it outlives each connection.
    private readonly Dictionary<ushort, OutboundMessage> _inFlight = [];
    private readonly Dictionary<ushort, PendingRequest> _requests = [];
    private readonly HashSet<ushort> _incomingQos2 = [];
    private readonly Dictionary<string, MqttSubscription> _subscriptions = new(StringComparer.Ordinal);
    private ushort _lastPacketId;
    private long _sendSequence;
    private Link? _link;
    private TaskCompletionSource _connected = NewSignal();
    private Task? _supervisor;
    private bool _stopping;
    private bool _disposed;

    /// <summary>Creates a client; nothing connects until <see cref="Start"/> or <see cref="ConnectAsync"/>.</summary>
    public MqttClient(MqttClientOptions options, TimeProvider timeProvider, ILogger<MqttClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.Validate();
        _options = options;
        _time = timeProvider;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _outbound = Channel.CreateBounded<OutboundMessage>(new BoundedChannelOptions(options.OutboundQueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        _inbound = Channel.CreateBounded<MqttApplicationMessage>(new BoundedChannelOptions(options.InboundQueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleWriter = true,
        });
    }

    /// <summary>Messages from the broker, in the order received. Read them promptly: a full channel pauses reception.</summary>
    public ChannelReader<MqttApplicationMessage> Messages => _inbound.Reader;

    /// <summary>True while a connection is established (CONNACK accepted).</summary>
    public bool IsConnected
    {
        get
        {
            lock (_gate)
            {
                return _link is not null;
            }
        }
    }

    /// <summary>QoS 1 and 2 messages sent and not yet acknowledged.</summary>
    public int InFlightCount
    {
        get
        {
            lock (_gate)
            {
                return _inFlight.Count;
            }
        }
    }

    /// <summary>Starts connecting in the background and keeps the connection up until disposed or disconnected.</summary>
    public void Start()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_stopping)
            {
                throw new InvalidOperationException("The client was disconnected; create a new one to connect again.");
            }

            _supervisor ??= Task.Run(() => SuperviseAsync(_lifetime.Token));
        }
    }

    /// <summary>
    /// Starts the client if needed and waits until it is connected. A refusal by the broker (bad credentials, not
    /// authorised) is thrown as <see cref="MqttConnectionRefusedException"/>; the client keeps retrying in the background.
    /// </summary>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        Start();
        Task connected;
        lock (_gate)
        {
            connected = _connected.Task;
        }

        await connected.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Queues <paramref name="message"/> for sending, waiting while the outbound queue is full. From then on the client
    /// owns delivery: a QoS 1 or 2 message is resent across reconnects until the broker acknowledges it.
    /// </summary>
    public ValueTask PublishAsync(MqttApplicationMessage message, CancellationToken cancellationToken = default) =>
        EnqueueAsync(message, completion: null, cancellationToken);

    /// <summary>
    /// Queues <paramref name="message"/> and completes when the broker acknowledged it (PUBACK for QoS 1, PUBCOMP for
    /// QoS 2) or, at QoS 0, when it was written to the socket. Cancelling stops the wait, not the delivery.
    /// </summary>
    public async Task PublishAcknowledgedAsync(MqttApplicationMessage message, CancellationToken cancellationToken = default)
    {
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await EnqueueAsync(message, completion, cancellationToken);
        await completion.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Subscribes to <paramref name="subscriptions"/> and returns the broker's answer per filter. The subscriptions are
    /// remembered and restored whenever the broker lost the session. Offline, the request waits for the connection.
    /// </summary>
    public async Task<IReadOnlyList<MqttSubscribeReturnCode>> SubscribeAsync(
        IReadOnlyList<MqttSubscription> subscriptions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        ArgumentOutOfRangeException.ThrowIfZero(subscriptions.Count);
        var answer = await SendRequestAsync(id => new SubscribePacket(id, subscriptions), cancellationToken);
        var codes = ((SubAckPacket)answer).ReturnCodes;
        if (codes.Count != subscriptions.Count)
        {
            throw new MqttProtocolException(MqttProtocolViolation.MalformedPacket,
                $"SUBACK carries {codes.Count} return codes for {subscriptions.Count} filters.");
        }

        return codes;
    }

    /// <summary>Subscribes to one filter; returns the granted QoS or <see cref="MqttSubscribeReturnCode.Failure"/>.</summary>
    public async Task<MqttSubscribeReturnCode> SubscribeAsync(TopicFilter filter, MqttQualityOfService maximumQos,
        CancellationToken cancellationToken = default) =>
        (await SubscribeAsync([new MqttSubscription(filter, maximumQos)], cancellationToken))[0];

    /// <summary>Unsubscribes from <paramref name="filters"/> and forgets them for resubscription.</summary>
    public async Task UnsubscribeAsync(IReadOnlyList<TopicFilter> filters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filters);
        ArgumentOutOfRangeException.ThrowIfZero(filters.Count);
        lock (_gate)
        {
            foreach (var filter in filters)
            {
                _subscriptions.Remove(filter.Value);
            }
        }

        await SendRequestAsync(id => new UnsubscribePacket(id, filters), cancellationToken);
    }

    /// <summary>
    /// With <see cref="MqttClientOptions.ManualAcknowledgement"/>: acknowledges a received QoS 1 message (PUBACK). Call it
    /// in the order the messages were received (MQTT 3.1.1 section 4.6). A message whose connection has since closed is
    /// not acknowledged: the broker redelivers it after the reconnect. Does nothing for other messages.
    /// </summary>
    public void Acknowledge(MqttApplicationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.AcknowledgementLink is Link link)
        {
            SendControl(link, MqttPacketType.PubAck, message.AcknowledgementPacketId);
        }
    }

    /// <summary>
    /// Sends DISCONNECT (so the broker discards the will) and closes the connection; the client does not reconnect.
    /// Messages still queued or unacknowledged are abandoned: their <see cref="PublishAcknowledgedAsync"/> calls fail.
    /// </summary>
    public async Task DisconnectAsync(CancellationToken cancellationToken = default)
    {
        Link? link;
        lock (_gate)
        {
            _stopping = true;
            link = _link;
        }

        if (link is not null)
        {
            var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            link.Enqueue(new ControlItem(MqttPacketType.Disconnect, 0, null, written));
            _writerWake.Set();
            // The connection may die before the writer gets to DISCONNECT; then there is nothing left to tell the broker.
            await Task.WhenAny(written.Task, link.Closed).WaitAsync(cancellationToken);
            if (!written.Task.IsCompletedSuccessfully)
            {
                LogDisconnectNotWritten();
            }
        }

        await ShutdownAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _stopping = true;
        }

        await ShutdownAsync();
        _lifetime.Dispose();
    }

    private async Task ShutdownAsync()
    {
        Task? supervisor;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            supervisor = _supervisor;
        }

        await _lifetime.CancelAsync();
        if (supervisor is not null)
        {
            await supervisor;
        }

        var closed = new ObjectDisposedException(nameof(MqttClient), "The MQTT client was disconnected or disposed.");
        _outbound.Writer.TryComplete(closed);
        _inbound.Writer.TryComplete();
        List<TaskCompletionSource> abandoned = [];
        lock (_gate)
        {
            abandoned.AddRange(_inFlight.Values.Select(m => m.Completion).OfType<TaskCompletionSource>());
            _inFlight.Clear();
            foreach (var request in _requests.Values)
            {
                request.Answer?.TrySetException(closed);
            }

            _requests.Clear();
            _connected.TrySetException(closed);
        }

        while (_outbound.Reader.TryRead(out var queued))
        {
            if (queued.Completion is { } completion)
            {
                abandoned.Add(completion);
            }
        }

        foreach (var completion in abandoned)
        {
            completion.TrySetException(closed);
        }
    }

    private async ValueTask EnqueueAsync(MqttApplicationMessage message, TaskCompletionSource? completion,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if ((byte)message.Qos > 2)
        {
            throw new ArgumentException($"QoS {(byte)message.Qos} does not exist.", nameof(message));
        }

        var item = new OutboundMessage(message, completion);
        try
        {
            if (!_outbound.Writer.TryWrite(item))
            {
                await _outbound.Writer.WriteAsync(item, cancellationToken);
            }
        }
        catch (ChannelClosedException closed)
        {
            throw new ObjectDisposedException("The MQTT client was disconnected or disposed.", closed);
        }

        _writerWake.Set();
    }

    private async Task<MqttPacket> SendRequestAsync(Func<ushort, MqttPacket> build, CancellationToken cancellationToken)
    {
        var request = new PendingRequest(NewAnswer());
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            request.PacketId = NextPacketId();
            request.Packet = build(request.PacketId);
            _requests.Add(request.PacketId, request);
            _link?.Enqueue(new ControlItem(request.Packet.Type, request.PacketId, request.Packet, null));
        }

        _writerWake.Set();
        return await request.Answer!.Task.WaitAsync(cancellationToken);
    }

    // Called under _gate. Skips 0 and identifiers still in use by an in-flight message or a pending request.
    private ushort NextPacketId()
    {
        for (var tries = 0; tries < ushort.MaxValue; tries++)
        {
            _lastPacketId = _lastPacketId == ushort.MaxValue ? (ushort)1 : (ushort)(_lastPacketId + 1);
            if (!_inFlight.ContainsKey(_lastPacketId) && !_requests.ContainsKey(_lastPacketId))
            {
                return _lastPacketId;
            }
        }

        throw new InvalidOperationException("All 65,535 MQTT packet identifiers are in use.");
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static TaskCompletionSource<MqttPacket> NewAnswer() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A message on its way out; for QoS 1 and 2 it stays in the in-flight table until acknowledged.</summary>
    private sealed class OutboundMessage(MqttApplicationMessage message, TaskCompletionSource? completion)
    {
        public MqttApplicationMessage Message { get; } = message;

        public TaskCompletionSource? Completion { get; } = completion;

        public ushort PacketId { get; set; }

        public long Sequence { get; set; }

        // QoS 2 after PUBREC: the next step (also after a reconnect) is PUBREL, not the PUBLISH.
        public bool Released { get; set; }
    }

    /// <summary>A SUBSCRIBE or UNSUBSCRIBE waiting for its acknowledgement; resent after a reconnect.</summary>
    private sealed class PendingRequest(TaskCompletionSource<MqttPacket>? answer)
    {
        public TaskCompletionSource<MqttPacket>? Answer { get; } = answer;

        public ushort PacketId { get; set; }

        public MqttPacket Packet { get; set; } = DisconnectPacket.Instance;
    }

    /// <summary>A packet the writer sends ahead of queued publishes (acknowledgements, pings, requests).</summary>
    private readonly record struct ControlItem(MqttPacketType Type, ushort PacketId, MqttPacket? Packet, TaskCompletionSource? Written);
}
