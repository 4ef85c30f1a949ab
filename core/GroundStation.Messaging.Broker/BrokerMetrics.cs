namespace GroundStation.Messaging.Broker;

/// <summary>Counters of what the broker did and refused; read them for monitoring and in tests.</summary>
public sealed class BrokerMetrics
{
    private long _connectionsAccepted;
    private long _connectionsRefused;
    private long _protocolErrors;
    private long _internalErrors;
    private long _messagesReceived;
    private long _messagesDelivered;
    private long _qos0Dropped;
    private long _queuedDropped;
    private long _subscribersStalled;
    private long _publishesDenied;
    private long _keepAliveTimeouts;
    private long _takeovers;
    private long _storeFailures;
    private int _connectionsOpen;

    /// <summary>Connections accepted by a listener.</summary>
    public long ConnectionsAccepted => Interlocked.Read(ref _connectionsAccepted);

    /// <summary>Connections closed at once because <see cref="BrokerOptions.MaxConnections"/> was reached.</summary>
    public long ConnectionsRefused => Interlocked.Read(ref _connectionsRefused);

    /// <summary>Connections open now.</summary>
    public int ConnectionsOpen => Volatile.Read(ref _connectionsOpen);

    /// <summary>Connections closed because the client broke the protocol (malformed or out-of-order packets).</summary>
    public long ProtocolErrors => Interlocked.Read(ref _protocolErrors);

    /// <summary>Faults of the broker itself caught at a loop boundary. Zero in a healthy broker.</summary>
    public long InternalErrors => Interlocked.Read(ref _internalErrors);

    /// <summary>PUBLISH packets accepted from clients (and wills published).</summary>
    public long MessagesReceived => Interlocked.Read(ref _messagesReceived);

    /// <summary>PUBLISH packets handed to subscribers' connections.</summary>
    public long MessagesDelivered => Interlocked.Read(ref _messagesDelivered);

    /// <summary>QoS 0 messages dropped because a subscriber's connection queue was full.</summary>
    public long Qos0MessagesDropped => Interlocked.Read(ref _qos0Dropped);

    /// <summary>
    /// QoS 1/2 messages dropped because the queue of an offline or stalled session was full (an online subscriber that
    /// makes progress slows its publishers instead).
    /// </summary>
    public long QueuedMessagesDropped => Interlocked.Read(ref _queuedDropped);

    /// <summary>
    /// Times an online subscriber was marked stalled: no acknowledgement and no socket drain for
    /// <see cref="BrokerOptions.SubscriberStallTimeout"/> while publishers waited for it.
    /// </summary>
    public long SubscribersStalled => Interlocked.Read(ref _subscribersStalled);

    /// <summary>PUBLISH packets dropped because the authoriser refused the topic.</summary>
    public long PublishesDenied => Interlocked.Read(ref _publishesDenied);

    /// <summary>Connections closed because the client stayed silent past its keep-alive.</summary>
    public long KeepAliveTimeouts => Interlocked.Read(ref _keepAliveTimeouts);

    /// <summary>Connections closed because another connection took over their client id.</summary>
    public long Takeovers => Interlocked.Read(ref _takeovers);

    /// <summary>Group commits of the durable store that failed (their acknowledgements were withheld).</summary>
    public long StoreFailures => Interlocked.Read(ref _storeFailures);

    internal void ConnectionAccepted()
    {
        Interlocked.Increment(ref _connectionsAccepted);
        Interlocked.Increment(ref _connectionsOpen);
    }

    internal void ConnectionClosed() => Interlocked.Decrement(ref _connectionsOpen);

    internal void ConnectionRefused() => Interlocked.Increment(ref _connectionsRefused);

    internal void ProtocolError() => Interlocked.Increment(ref _protocolErrors);

    internal void InternalError() => Interlocked.Increment(ref _internalErrors);

    internal void MessageReceived() => Interlocked.Increment(ref _messagesReceived);

    internal void MessagesDeliveredAdd(long count) => Interlocked.Add(ref _messagesDelivered, count);

    internal void Qos0Dropped() => Interlocked.Increment(ref _qos0Dropped);

    internal void QueuedDropped() => Interlocked.Increment(ref _queuedDropped);

    internal void SubscriberStalled() => Interlocked.Increment(ref _subscribersStalled);

    internal void PublishDenied() => Interlocked.Increment(ref _publishesDenied);

    internal void KeepAliveTimeout() => Interlocked.Increment(ref _keepAliveTimeouts);

    internal void Takeover() => Interlocked.Increment(ref _takeovers);

    internal void StoreFailure() => Interlocked.Increment(ref _storeFailures);
}
