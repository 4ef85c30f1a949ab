using GroundStation.Messaging.Broker.Persistence;
using GroundStation.Messaging.Protocol;

namespace GroundStation.Messaging.Broker;

/// <summary>
/// The broker's state for one client id: its subscriptions, the QoS 1/2 messages queued for it and in flight to it,
/// and the inbound QoS 2 packet ids it has yet to release. Outlives connections when persistent (clean session = 0);
/// a persistent session mirrors each change into the <see cref="ISessionStore"/> so it survives a restart.
/// All members are thread-safe: publishers on other connections deliver into it concurrently with its own connection.
/// </summary>
internal sealed class BrokerSession
{
    private readonly Lock _gate = new();
    private readonly ISessionStore _store;
    private readonly BrokerMetrics _metrics;
    private readonly int _maxInFlight;
    private readonly int _maxQueued;
    private readonly Queue<Delivery> _pending = new();
    private readonly Dictionary<ushort, Delivery> _inFlight = [];
    private readonly HashSet<ushort> _inboundQos2 = [];
    private readonly Dictionary<string, MqttSubscription> _subscriptions = new(StringComparer.Ordinal);
    private ClientConnection? _connection;
    private TaskCompletionSource? _roomWaiter;
    private int _stalled;
    private long _nextSequence = 1;
    private ushort _nextPacketId;

    /// <summary>Creates an empty session.</summary>
    public BrokerSession(string clientId, bool isPersistent, ISessionStore store, BrokerMetrics metrics, BrokerOptions options)
    {
        ClientId = clientId;
        IsPersistent = isPersistent;
        _store = store;
        _metrics = metrics;
        _maxInFlight = options.MaxInFlightPerSession;
        _maxQueued = options.MaxQueuedPerSession;
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
                context.Congested = this;
            }

            return false;
        }

        lock (_gate)
        {
            if (_pending.Count + _inFlight.Count >= _maxQueued)
            {
                _metrics.QueuedDropped();
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
                if (context is not null && _connection is not null && _pending.Count > _maxQueued / 2 &&
                    Volatile.Read(ref _stalled) == 0)
                {
                    context.Congested = this;
                }
            }

            return IsPersistent;
        }
    }

    /// <summary>True while this session's client is online and its QoS 0 or QoS 1/2 queue is above half its limit.</summary>
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
                return _pending.Count > _maxQueued / 2;
            }
        }
    }

    /// <summary>
    /// Waits until the session has room again, at most <paramref name="timeout"/>. False on timeout: the session is
    /// then marked stalled and nobody waits for it again until it drains, so a stuck client costs each publisher at
    /// most one wait.
    /// </summary>
    public async Task<bool> WaitForRoomAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var current = Interlocked.CompareExchange(ref _roomWaiter, waiter, null) ?? waiter;
        if (!IsCongested)
        {
            return true;
        }

        try
        {
            await current.Task.WaitAsync(timeout, time, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            Volatile.Write(ref _stalled, 1);
            return false;
        }
    }

    /// <summary>Called as the client's queues drain: wakes publishers waiting for room and clears the stalled mark.</summary>
    public void SignalRoom()
    {
        Volatile.Write(ref _stalled, 0);
        Interlocked.Exchange(ref _roomWaiter, null)?.TrySetResult();
    }

    /// <summary>
    /// Attaches a connection: in-flight messages are re-sent (PUBLISH with DUP, or PUBREL for released QoS 2 ones) in
    /// their original order, then queued ones fill the in-flight window.
    /// </summary>
    public void Attach(ClientConnection connection)
    {
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
            return true;
        }
    }

    /// <summary>PUBACK (QoS 1) or PUBCOMP (QoS 2) from the client: the delivery is done and a window slot frees up.</summary>
    public void Complete(ushort packetId, MqttQualityOfService expected)
    {
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
        }

        if (Volatile.Read(ref _roomWaiter) is not null)
        {
            SignalRoom();
        }
    }

    /// <summary>PUBREC from the client: answer PUBREL and remember the delivery is released.</summary>
    public void Received(ushort packetId)
    {
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
}
