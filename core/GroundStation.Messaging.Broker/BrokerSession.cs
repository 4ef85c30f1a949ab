using GroundStation.Messaging.Broker.Persistence;
using GroundStation.Messaging.Protocol;
using Microsoft.Extensions.Logging;

namespace GroundStation.Messaging.Broker;

/// <summary>
/// The broker's state for one client id: its subscriptions, the QoS 1/2 messages queued for it and in flight to it,
/// and the inbound QoS 2 packet ids it has yet to release. Outlives connections when persistent (clean session = 0);
/// a persistent session mirrors each change into the <see cref="ISessionStore"/> so it survives a restart.
/// All members are thread-safe: publishers on other connections deliver into it concurrently with its own connection.
/// </summary>
/// <remarks>
/// Back-pressure: past half of <see cref="BrokerOptions.MaxQueuedPerSession"/> (the high-water mark) every publisher
/// routing to this online session pauses before its next packet until the queue is back at a quarter (the low-water
/// mark). An online session that is not stalled therefore never loses a QoS 1/2 message: at worst each publisher
/// routes one message past the limit before it pauses, so the overshoot is bounded by the number of connections.
/// Only a session without progress (no acknowledgement, no socket drain) for <see cref="BrokerOptions.SubscriberStallTimeout"/>
/// is marked stalled; publishers then stop waiting for it and it loses what exceeds its limit, as an offline one does.
/// </remarks>
internal sealed partial class BrokerSession
{
    // Drops are logged at most this often per session, with the number dropped since the previous line.
    private static readonly TimeSpan DropLogInterval = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly ISessionStore _store;
    private readonly BrokerMetrics _metrics;
    private readonly int _maxInFlight;
    private readonly int _maxQueued;
    private readonly int _highWater;
    private readonly int _lowWater;
    private readonly TimeSpan _stallTimeout;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Queue<Delivery> _pending = new();
    private readonly Dictionary<ushort, Delivery> _inFlight = [];
    private readonly HashSet<ushort> _inboundQos2 = [];
    private readonly Dictionary<string, MqttSubscription> _subscriptions = new(StringComparer.Ordinal);
    private ClientConnection? _connection;
    private TaskCompletionSource? _roomWaiter;
    private int _stalled;
    private long _lastProgress;
    private long _dropsUnreported;
    private long _lastDropLog;
    private long _nextSequence = 1;
    private ushort _nextPacketId;

    /// <summary>Creates an empty session.</summary>
    public BrokerSession(string clientId, bool isPersistent, ISessionStore store, BrokerMetrics metrics, BrokerOptions options,
        TimeProvider time, ILogger logger)
    {
        ClientId = clientId;
        IsPersistent = isPersistent;
        _store = store;
        _metrics = metrics;
        _maxInFlight = options.MaxInFlightPerSession;
        _maxQueued = options.MaxQueuedPerSession;
        _highWater = options.MaxQueuedPerSession / 2;
        _lowWater = options.MaxQueuedPerSession / 4;
        _stallTimeout = options.SubscriberStallTimeout;
        _time = time;
        _logger = logger;
        _lastProgress = time.GetTimestamp();
        _lastDropLog = long.MinValue;
    }

    /// <summary>The client id.</summary>
    public string ClientId { get; }

    /// <summary>True for a clean-session = 0 session, kept (and stored) after its client disconnects.</summary>
    public bool IsPersistent { get; }

    /// <summary>True while a client is connected to this session.</summary>
    public bool IsOnline => Volatile.Read(ref _connection) is not null;

    /// <summary>The connection attached now, if any.</summary>
    public ClientConnection? Connection => Volatile.Read(ref _connection);

    /// <summary>How many QoS 1/2 messages wait for the client or for its acknowledgement.</summary>
    public int QueuedCount
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count + _inFlight.Count;
            }
        }
    }

    /// <summary>The session's subscriptions.</summary>
    public IReadOnlyList<MqttSubscription> Subscriptions
    {
        get
        {
            lock (_gate)
            {
                return [.. _subscriptions.Values];
            }
        }
    }

    /// <summary>Puts back what the store held for this session at start.</summary>
    public void Restore(StoredSession stored)
    {
        lock (_gate)
        {
            foreach (var subscription in stored.Subscriptions)
            {
                _subscriptions[subscription.Filter.Value] = new MqttSubscription(subscription.Filter, subscription.Qos);
            }

            foreach (var queued in stored.Queued)
            {
                var delivery = new Delivery(queued.Sequence, queued.Message, queued.Qos, retain: false);
                if (queued.ReleasedPacketId is { } packetId && !_inFlight.ContainsKey(packetId))
                {
                    delivery.PacketId = packetId;
                    delivery.Released = true;
                    delivery.Sent = true;
                    _inFlight[packetId] = delivery;
                }
                else
                {
                    _pending.Enqueue(delivery);
                }

                _nextSequence = Math.Max(_nextSequence, queued.Sequence + 1);
            }

            _inboundQos2.UnionWith(stored.InboundQos2);
        }
    }

    /// <summary>Records a subscription (replacing one with the same filter).</summary>
    public void AddSubscription(MqttSubscription subscription)
    {
        lock (_gate)
        {
            _subscriptions[subscription.Filter.Value] = subscription;
            if (IsPersistent)
            {
                _store.SaveSubscription(ClientId, subscription.Filter, subscription.MaximumQos);
            }
        }
    }

    /// <summary>Forgets a subscription; false when there was none with that filter.</summary>
    public bool RemoveSubscription(TopicFilter filter)
    {
        lock (_gate)
        {
            if (!_subscriptions.Remove(filter.Value))
            {
                return false;
            }

            if (IsPersistent)
            {
                _store.DeleteSubscription(ClientId, filter);
            }

            return true;
        }
    }

    /// <summary>
    /// Hands a message to the session: QoS 0 goes straight to the connection (or nowhere when offline); QoS 1/2 is
    /// queued (and stored when persistent) and sent as soon as the in-flight window allows.
    /// Returns true when something was written to the store.
    /// </summary>
    public bool Deliver(BrokerMessage message, MqttQualityOfService grantedQos, bool retain, PublishContext? context = null)
    {
        var qos = message.Qos < grantedQos ? message.Qos : grantedQos;
        if (qos == MqttQualityOfService.AtMostOnce)
        {
            if (Volatile.Read(ref _connection) is { } online && online.EnqueueQos0(message, retain) && context is not null &&
                Volatile.Read(ref _stalled) == 0)
            {
                context.Congested.Add(this);
            }

            return false;
        }

        lock (_gate)
        {
            var queued = _pending.Count + _inFlight.Count;
            // A publisher (context) feeding an online subscriber that still makes progress pauses right after this
            // message, so the message is kept even past the limit; the overshoot is one message per publisher.
            var publisherWillPause = context is not null && _connection is not null && Volatile.Read(ref _stalled) == 0;
            if (queued >= _maxQueued && !publisherWillPause)
            {
                DropLocked();
                return false;
            }

            var delivery = new Delivery(_nextSequence++, message, qos, retain);
            if (IsPersistent)
            {
                _store.SaveQueued(ClientId, delivery.Sequence, message, qos);
            }

            if (_connection is { } connection && _pending.Count == 0 && _inFlight.Count < _maxInFlight)
            {
                SendLocked(connection, delivery);
            }
            else
            {
                _pending.Enqueue(delivery);
                if (publisherWillPause && _pending.Count > _highWater)
                {
                    context!.Congested.Add(this);
                }
            }

            return IsPersistent;
        }
    }

    /// <summary>True while this session's client is online and its QoS 0 or QoS 1/2 queue is above its high-water mark.</summary>
    public bool IsCongested
    {
        get
        {
            if (Volatile.Read(ref _connection) is not { } connection)
            {
                return false;
            }

            if (connection.IsQos0Congested)
            {
                return true;
            }

            lock (_gate)
            {
                return _pending.Count > _highWater;
            }
        }
    }

    /// <summary>
    /// Waits until the session is back under its high-water mark (woken when it drains to the low-water mark). While
    /// the client makes progress the wait goes on, however slow it is; after <see cref="BrokerOptions.SubscriberStallTimeout"/>
    /// without any, the session is marked stalled and false returned: nobody waits for it again until it progresses,
    /// so a stuck client costs each publisher at most one stall timeout.
    /// </summary>
    public async Task<bool> WaitForRoomAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var current = Interlocked.CompareExchange(ref _roomWaiter, waiter, null) ?? waiter;
            if (!IsCongested || Volatile.Read(ref _stalled) != 0)
            {
                return true;
            }

            var idle = _time.GetElapsedTime(Volatile.Read(ref _lastProgress));
            if (idle >= _stallTimeout)
            {
                if (Interlocked.Exchange(ref _stalled, 1) == 0)
                {
                    _metrics.SubscriberStalled();
                    LogStalled(ClientId, idle);
                }

                return false;
            }

            try
            {
                await current.Task.WaitAsync(_stallTimeout - idle, _time, cancellationToken);
            }
            catch (TimeoutException)
            {
                // Not drained yet: the loop checks whether the client progressed meanwhile or is stalled.
                continue;
            }
        }
    }

    /// <summary>
    /// Called after the connection's writer flushed to the socket: the client is draining, so it is not stalled, and
    /// publishers waiting for room are woken once both its queues are down to their low-water marks.
    /// </summary>
    public void OnSocketDrained()
    {
        NoteProgress();
        if (Volatile.Read(ref _roomWaiter) is null || Volatile.Read(ref _connection) is not { } connection || !connection.HasQos0Room)
        {
            return;
        }

        bool drained;
        lock (_gate)
        {
            drained = _pending.Count <= _lowWater;
        }

        if (drained)
        {
            SignalRoom();
        }
    }

    private void SignalRoom() => Interlocked.Exchange(ref _roomWaiter, null)?.TrySetResult();

    private void NoteProgress()
    {
        Volatile.Write(ref _lastProgress, _time.GetTimestamp());
        if (Volatile.Read(ref _stalled) != 0)
        {
            Volatile.Write(ref _stalled, 0);
        }
    }

    private void DropLocked()
    {
        _metrics.QueuedDropped();
        _dropsUnreported++;
        var now = _time.GetTimestamp();
        if (_lastDropLog == long.MinValue || _time.GetElapsedTime(_lastDropLog, now) >= DropLogInterval)
        {
            LogDropped(ClientId, _dropsUnreported, _maxQueued, _connection is null ? "offline" : "online");
            _dropsUnreported = 0;
            _lastDropLog = now;
        }
    }

    /// <summary>
    /// Attaches a connection: in-flight messages are re-sent (PUBLISH with DUP, or PUBREL for released QoS 2 ones) in
    /// their original order, then queued ones fill the in-flight window.
    /// </summary>
    public void Attach(ClientConnection connection)
    {
        NoteProgress();
        lock (_gate)
        {
            _connection = connection;
            foreach (var delivery in _inFlight.Values.OrderBy(d => d.Sequence))
            {
                connection.Enqueue(delivery.Released
                    ? Outbound.Ack(MqttPacketType.PubRel, delivery.PacketId)
                    : Outbound.Publish(delivery.Message, delivery.Qos, delivery.Retain, duplicate: true, delivery.PacketId));
            }

            FillWindowLocked(connection);
        }
    }

    /// <summary>Detaches <paramref name="connection"/> if it is still the attached one (a takeover may have replaced it).</summary>
    public bool Detach(ClientConnection connection)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(_connection, connection))
            {
                return false;
            }

            _connection = null;
        }

        // Publishers waiting for this client stop waiting: an offline session only queues up to its limit.
        SignalRoom();
        return true;
    }

    /// <summary>PUBACK (QoS 1) or PUBCOMP (QoS 2) from the client: the delivery is done and a window slot frees up.</summary>
    public void Complete(ushort packetId, MqttQualityOfService expected)
    {
        NoteProgress();
        bool drained;
        lock (_gate)
        {
            if (!_inFlight.TryGetValue(packetId, out var delivery) || delivery.Qos != expected ||
                (expected == MqttQualityOfService.ExactlyOnce && !delivery.Released))
            {
                // An acknowledgement for nothing in flight (a late duplicate after a re-send): MQTT says to ignore it.
                return;
            }

            _inFlight.Remove(packetId);
            if (IsPersistent)
            {
                _store.DeleteQueued(ClientId, delivery.Sequence);
            }

            if (_connection is { } connection)
            {
                FillWindowLocked(connection);
            }

            drained = _pending.Count <= _lowWater && _connection is { HasQos0Room: true };
        }

        if (drained && Volatile.Read(ref _roomWaiter) is not null)
        {
            SignalRoom();
        }
    }

    /// <summary>PUBREC from the client: answer PUBREL and remember the delivery is released.</summary>
    public void Received(ushort packetId)
    {
        NoteProgress();
        lock (_gate)
        {
            if (_inFlight.TryGetValue(packetId, out var delivery) && delivery.Qos == MqttQualityOfService.ExactlyOnce)
            {
                if (!delivery.Released)
                {
                    delivery.Released = true;
                    if (IsPersistent)
                    {
                        _store.MarkReleased(ClientId, delivery.Sequence, packetId);
                    }
                }

                _connection?.Enqueue(Outbound.Ack(MqttPacketType.PubRel, packetId));
            }
        }
    }

    /// <summary>
    /// Records an inbound QoS 2 PUBLISH. False when its packet id is already awaiting PUBREL: a re-sent duplicate
    /// that must be acknowledged again but not routed again.
    /// </summary>
    public bool BeginInboundQos2(ushort packetId)
    {
        lock (_gate)
        {
            if (!_inboundQos2.Add(packetId))
            {
                return false;
            }

            if (IsPersistent)
            {
                _store.SaveInboundQos2(ClientId, packetId);
            }

            return true;
        }
    }

    /// <summary>PUBREL from the client: the inbound packet id is free again.</summary>
    public void EndInboundQos2(ushort packetId)
    {
        lock (_gate)
        {
            if (_inboundQos2.Remove(packetId) && IsPersistent)
            {
                _store.DeleteInboundQos2(ClientId, packetId);
            }
        }
    }

    private void FillWindowLocked(ClientConnection connection)
    {
        while (_inFlight.Count < _maxInFlight && _pending.TryDequeue(out var delivery))
        {
            SendLocked(connection, delivery);
        }
    }

    private void SendLocked(ClientConnection connection, Delivery delivery)
    {
        delivery.PacketId = NextPacketIdLocked();
        _inFlight[delivery.PacketId] = delivery;
        var duplicate = delivery.Sent;
        delivery.Sent = true;
        connection.Enqueue(Outbound.Publish(delivery.Message, delivery.Qos, delivery.Retain, duplicate, delivery.PacketId));
    }

    private ushort NextPacketIdLocked()
    {
        // The window is at most 65,535 wide (BrokerOptions.Validate), so a free id always exists.
        do
        {
            _nextPacketId = _nextPacketId == ushort.MaxValue ? (ushort)1 : (ushort)(_nextPacketId + 1);
        }
        while (_inFlight.ContainsKey(_nextPacketId));

        return _nextPacketId;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT session {ClientId} made no progress (no acknowledgement, no socket drain) for {Idle}; publishers no longer wait for it and its QoS 1/2 messages past its queue limit are dropped")]
    private partial void LogStalled(string clientId, TimeSpan idle);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT session {ClientId} ({State}) is at its queue limit of {Limit}: {Dropped} QoS 1/2 message(s) dropped since the last report")]
    private partial void LogDropped(string clientId, long dropped, int limit, string state);
}
