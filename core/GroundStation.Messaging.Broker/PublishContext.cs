using GroundStation.Messaging.Broker.Subscriptions;

namespace GroundStation.Messaging.Broker;

/// <summary>
/// Scratch state of one publishing connection's routing, reused for every message it publishes so that routing
/// allocates nothing: the match list, and the most recent subscriber session that fell behind (the publisher waits
/// for it briefly before reading more, so a subscriber slower than its publisher slows the publisher instead of
/// losing messages, while a stalled subscriber only loses its own).
/// </summary>
internal sealed class PublishContext
{
    /// <summary>Matches of the message being routed.</summary>
    public List<SubscriptionMatch<BrokerSession>> Matches { get; } = [];

    /// <summary>A subscriber session whose queue passed its high-water mark while routing; null when none did.</summary>
    public BrokerSession? Congested { get; set; }
}
