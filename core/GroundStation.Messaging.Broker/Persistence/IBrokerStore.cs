using GroundStation.Messaging.Protocol;

namespace GroundStation.Messaging.Broker.Persistence;

/// <summary>
/// Where persistent sessions live between connections and across restarts. Calls only submit changes, in order; they
/// become durable at the next group commit (see <see cref="IDurabilityBarrier"/>).
/// </summary>
internal interface ISessionStore
{
    /// <summary>Records that a persistent (clean-session = 0) session exists.</summary>
    void SaveSession(string clientId);

    /// <summary>Forgets a session with its subscriptions, queued messages and QoS 2 receipts.</summary>
    void DeleteSession(string clientId);

    /// <summary>Adds or replaces a subscription of a persistent session.</summary>
    void SaveSubscription(string clientId, TopicFilter filter, MqttQualityOfService qos);

    /// <summary>Removes a subscription of a persistent session.</summary>
    void DeleteSubscription(string clientId, TopicFilter filter);

    /// <summary>Keeps a QoS 1/2 message for a persistent session until the client has acknowledged it.</summary>
    void SaveQueued(string clientId, long sequence, BrokerMessage message, MqttQualityOfService qos);

    /// <summary>Records that the client answered a QoS 2 delivery with PUBREC: only PUBREL remains to be sent.</summary>
    void MarkReleased(string clientId, long sequence, ushort packetId);

    /// <summary>Forgets a queued message the client has acknowledged.</summary>
    void DeleteQueued(string clientId, long sequence);

    /// <summary>Records an inbound QoS 2 packet id answered with PUBREC, so a re-sent PUBLISH is not routed twice.</summary>
    void SaveInboundQos2(string clientId, ushort packetId);

    /// <summary>Forgets an inbound QoS 2 packet id once PUBREL arrived.</summary>
    void DeleteInboundQos2(string clientId, ushort packetId);
}

/// <summary>Where retained messages live across restarts.</summary>
internal interface IRetainedMessageStore
{
    /// <summary>Sets or replaces the retained message of its topic.</summary>
    void SaveRetained(BrokerMessage message);

    /// <summary>Clears the retained message of a topic.</summary>
    void DeleteRetained(TopicName topic);
}

/// <summary>Tells when what was submitted so far is safely stored.</summary>
internal interface IDurabilityBarrier
{
    /// <summary>
    /// Calls <paramref name="callback"/> once every change submitted before this call is durable (true) or could not
    /// be stored (false). Callbacks run in submission order, on the store's thread or inline.
    /// </summary>
    void WhenDurable(Action<bool> callback);
}

/// <summary>Everything a broker restores at start.</summary>
/// <param name="Sessions">The persistent sessions.</param>
/// <param name="Retained">The retained messages.</param>
internal sealed record BrokerStoreContents(IReadOnlyList<StoredSession> Sessions, IReadOnlyList<BrokerMessage> Retained);

/// <summary>A persistent session as stored.</summary>
/// <param name="ClientId">Its client id.</param>
/// <param name="Subscriptions">Its subscriptions.</param>
/// <param name="Queued">Its unacknowledged QoS 1/2 messages, oldest first.</param>
/// <param name="InboundQos2">Inbound QoS 2 packet ids answered with PUBREC and awaiting PUBREL.</param>
internal sealed record StoredSession(
    string ClientId,
    IReadOnlyList<StoredSubscription> Subscriptions,
    IReadOnlyList<StoredDelivery> Queued,
    IReadOnlyList<ushort> InboundQos2);

/// <summary>A stored subscription.</summary>
/// <param name="Filter">The topic filter.</param>
/// <param name="Qos">Its granted maximum QoS.</param>
internal sealed record StoredSubscription(TopicFilter Filter, MqttQualityOfService Qos);

/// <summary>A stored QoS 1/2 delivery.</summary>
/// <param name="Sequence">Its order within the session.</param>
/// <param name="Message">The message.</param>
/// <param name="Qos">The QoS it is delivered with.</param>
/// <param name="ReleasedPacketId">For a QoS 2 delivery the client answered with PUBREC: the packet id to release.</param>
internal sealed record StoredDelivery(long Sequence, BrokerMessage Message, MqttQualityOfService Qos, ushort? ReleasedPacketId);

/// <summary>The broker's whole durable state behind one object.</summary>
internal interface IBrokerStore : ISessionStore, IRetainedMessageStore, IDurabilityBarrier, IAsyncDisposable
{
    /// <summary>Reads the stored sessions and retained messages; called once, before the broker accepts connections.</summary>
    BrokerStoreContents Load();
}
