using System.Collections.Concurrent;
using GroundStation.Messaging.Broker.Persistence;
using GroundStation.Messaging.Protocol;

namespace GroundStation.Messaging.Broker;

/// <summary>
/// The last retained message of each topic, kept in memory for matching new subscriptions and mirrored into the
/// <see cref="IRetainedMessageStore"/>. A retained PUBLISH with an empty payload clears its topic (MQTT 3.1.1, 3.3.1.3).
/// </summary>
internal sealed class RetainedMessages(IRetainedMessageStore store)
{
    private readonly ConcurrentDictionary<string, BrokerMessage> _messages = new(StringComparer.Ordinal);

    // Serialises changes so the memory copy and the store see one topic's changes in the same order.
    private readonly Lock _changeGate = new();

    /// <summary>How many topics hold a retained message.</summary>
    public int Count => _messages.Count;

    /// <summary>Puts back the messages the store held at start.</summary>
    public void Restore(IEnumerable<BrokerMessage> messages)
    {
        foreach (var message in messages)
        {
            _messages[message.Topic.Value] = message;
        }
    }

    /// <summary>Sets, replaces or (empty payload) clears the retained message of the message's topic.</summary>
    public void Apply(BrokerMessage message)
    {
        lock (_changeGate)
        {
            ApplyLocked(message);
        }
    }

    private void ApplyLocked(BrokerMessage message)
    {
        if (message.Payload.IsEmpty)
        {
            if (_messages.TryRemove(message.Topic.Value, out _))
            {
                store.DeleteRetained(message.Topic);
            }
        }
        else
        {
            _messages[message.Topic.Value] = message;
            store.SaveRetained(message);
        }
    }

    /// <summary>The retained messages whose topics match <paramref name="filter"/>.</summary>
    public List<BrokerMessage> Matching(TopicFilter filter)
    {
        var found = new List<BrokerMessage>();
        if (!filter.HasWildcards)
        {
            if (_messages.TryGetValue(filter.Filter, out var exact))
            {
                found.Add(exact);
            }

            return found;
        }

        foreach (var message in _messages.Values)
        {
            if (TopicFilter.Matches(filter.Filter, message.Topic.Value))
            {
                found.Add(message);
            }
        }

        return found;
    }
}
