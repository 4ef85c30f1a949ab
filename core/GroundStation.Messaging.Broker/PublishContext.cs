using GroundStation.Messaging.Broker.Subscriptions;

namespace GroundStation.Messaging.Broker;

/// <summary>
/// Scratch state of one publishing connection's routing, reused for every message it publishes so that routing
/// allocates nothing: the match list, and the subscriber sessions the message pushed past their high-water mark (the
/// publisher waits for them before handling its next packet, so a subscriber slower than its publisher slows the
/// publisher instead of losing messages, while a stalled subscriber only loses its own).
/// </summary>
internal sealed class PublishContext
{
    /// <summary>Matches of the message being routed.</summary>
    public List<SubscriptionMatch<BrokerSession>> Matches { get; } = [];

    /// <summary>Subscriber sessions whose queue is past its high-water mark after routing; empty when none is.</summary>
    public List<BrokerSession> Congested { get; } = [];
}
