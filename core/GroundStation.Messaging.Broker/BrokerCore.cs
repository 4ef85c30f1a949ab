using GroundStation.Messaging.Broker.Persistence;
using GroundStation.Messaging.Broker.Subscriptions;
using GroundStation.Messaging.Protocol;
using Microsoft.Extensions.Logging;

namespace GroundStation.Messaging.Broker;

/// <summary>
/// What connections share: the session registry, the subscription index, the retained messages, the store and the
/// security seam. Routing a PUBLISH happens here, on the publisher's connection thread.
/// </summary>
internal sealed class BrokerCore : IDisposable
{
    private readonly Lock _sessionsGate = new();
    private readonly Dictionary<string, BrokerSession> _sessions = new(StringComparer.Ordinal);

    /// <summary>Creates the core over a store that has not been loaded yet.</summary>
    public BrokerCore(BrokerOptions options, IBrokerStore store, IBrokerAuthenticator authenticator,
        IBrokerAuthorizer authorizer, TimeProvider time, BrokerMetrics metrics, ILogger logger)
    {
        Options = options;
        Store = store;
        Authenticator = authenticator;
        Authorizer = authorizer;
        Time = time;
        Metrics = metrics;
        Logger = logger;
        IsDurable = store is not MemoryBrokerStore;
        Index = new SubscriptionIndex<BrokerSession>(session => session.IsOnline);
        Retained = new RetainedMessages(store);
    }

    /// <summary>The broker's options.</summary>
    public BrokerOptions Options { get; }

    /// <summary>The durable store (or the memory stand-in).</summary>
    public IBrokerStore Store { get; }

    /// <summary>True when the store writes to disk, so acknowledgements wait for its commits.</summary>
    public bool IsDurable { get; }

    /// <summary>Judges CONNECT credentials.</summary>
    public IBrokerAuthenticator Authenticator { get; }

    /// <summary>Judges publish and subscribe topics.</summary>
    public IBrokerAuthorizer Authorizer { get; }

    /// <summary>The clock for keep-alive and timeouts.</summary>
    public TimeProvider Time { get; }

    /// <summary>The counters.</summary>
    public BrokerMetrics Metrics { get; }

    /// <summary>The broker's logger.</summary>
    public ILogger Logger { get; }

    /// <summary>The subscription index.</summary>
    public SubscriptionIndex<BrokerSession> Index { get; }

    /// <summary>The retained messages.</summary>
    public RetainedMessages Retained { get; }

    /// <summary>How many sessions (online, and offline persistent ones) exist.</summary>
    public int SessionCount
    {
        get
        {
            lock (_sessionsGate)
            {
                return _sessions.Count;
            }
        }
    }

    /// <summary>Restores the stored sessions and retained messages; call before accepting connections.</summary>
    public void Load()
    {
        var contents = Store.Load();
        Retained.Restore(contents.Retained);
        lock (_sessionsGate)
        {
            foreach (var stored in contents.Sessions)
            {
                var session = new BrokerSession(stored.ClientId, isPersistent: true, Store, Metrics, Options, Time, Logger);
                session.Restore(stored);
                foreach (var subscription in session.Subscriptions)
                {
                    Index.Subscribe(session, subscription.Filter, subscription.MaximumQos);
                }

                _sessions[stored.ClientId] = session;
            }
        }
    }

    /// <summary>
    /// Finds or creates the session for a CONNECT, disconnecting a connection that holds the same client id
    /// (MQTT 3.1.1, 3.1.4-2). Returns the session and whether a stored session was resumed.
    /// </summary>
    public (BrokerSession Session, bool SessionPresent) OpenSession(ClientConnection connection, string clientId, bool cleanSession)
    {
        lock (_sessionsGate)
        {
            if (_sessions.TryGetValue(clientId, out var existing))
            {
                if (existing.Connection is { } previous && !ReferenceEquals(previous, connection))
                {
                    Metrics.Takeover();
                    existing.Detach(previous);
                    previous.Abort(CloseReason.TakenOver);
                }

                if (cleanSession || !existing.IsPersistent)
                {
                    RemoveLocked(existing);
                    existing = null;
                }
            }

            if (existing is not null)
            {
                return (existing, true);
            }

            var session = new BrokerSession(clientId, isPersistent: !cleanSession, Store, Metrics, Options, Time, Logger);
            if (session.IsPersistent)
            {
                Store.SaveSession(clientId);
            }

            _sessions[clientId] = session;
            return (session, false);
        }
    }

    /// <summary>Detaches a closing connection from its session; a clean session ends with it.</summary>
    public void CloseSession(ClientConnection connection, BrokerSession session)
    {
        lock (_sessionsGate)
        {
            if (session.Detach(connection) && !session.IsPersistent &&
                _sessions.TryGetValue(session.ClientId, out var current) && ReferenceEquals(current, session))
            {
                RemoveLocked(session);
            }
        }
    }

    /// <summary>
    /// Routes a message: updates the retained store when flagged, then hands it to every matching session.
    /// Returns true when the store was written to, so the publisher's acknowledgement must wait for durability.
    /// </summary>
    public bool Publish(BrokerMessage message, PublishContext context)
    {
        var scratch = context.Matches;
        Metrics.MessageReceived();
        var wrote = false;
        if (message.Retain)
        {
            Retained.Apply(message);
            wrote = true;
        }

        scratch.Clear();
        Index.Match(message.Topic.Value, scratch);
        foreach (var match in scratch)
        {
            wrote |= match.Subscriber.Deliver(message, match.Qos, retain: false, context);
        }

        scratch.Clear();
        return wrote && IsDurable;
    }

    /// <summary>Adds a subscription to a session and the index.</summary>
    public void Subscribe(BrokerSession session, MqttSubscription subscription)
    {
        session.AddSubscription(subscription);
        Index.Subscribe(session, subscription.Filter, subscription.MaximumQos);
    }

    /// <summary>Removes a subscription from a session and the index.</summary>
    public void Unsubscribe(BrokerSession session, TopicFilter filter)
    {
        if (session.RemoveSubscription(filter))
        {
            Index.Unsubscribe(session, filter);
        }
    }

    /// <inheritdoc />
    public void Dispose() => Index.Dispose();

    private void RemoveLocked(BrokerSession session)
    {
        _sessions.Remove(session.ClientId);
        foreach (var subscription in session.Subscriptions)
        {
            Index.Unsubscribe(session, subscription.Filter);
        }

        if (session.IsPersistent)
        {
            Store.DeleteSession(session.ClientId);
        }
    }
}
