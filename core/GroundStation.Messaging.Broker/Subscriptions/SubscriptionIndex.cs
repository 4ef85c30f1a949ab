using GroundStation.Messaging.Protocol;

namespace GroundStation.Messaging.Broker.Subscriptions;

/// <summary>One subscriber's interest in a topic, as a match reports it.</summary>
/// <param name="Subscriber">Who subscribed.</param>
/// <param name="Qos">The maximum QoS granted to the subscription.</param>
/// <param name="IsShared">True when the match came through a <c>$share</c> group (retained messages are not sent to those).</param>
internal readonly record struct SubscriptionMatch<TSubscriber>(TSubscriber Subscriber, MqttQualityOfService Qos, bool IsShared)
    where TSubscriber : class;

/// <summary>
/// The broker's topic tree: topic filters stored level by level so that a PUBLISH is matched by walking only the
/// branches its topic can reach ('+' and '#' children included), without allocating. Shared subscriptions
/// (<c>$share/{group}/{filter}</c>) hang off the node of their filter as groups; a match yields one member per group,
/// chosen round-robin among the members <paramref name="isOnline"/> reports connected (any member when none is).
/// Thread-safe: many publishers match concurrently; subscribe and unsubscribe take a writer lock.
/// </summary>
/// <param name="isOnline">Tells whether a subscriber currently has a connection, for choosing shared-group members.</param>
internal sealed class SubscriptionIndex<TSubscriber>(Func<TSubscriber, bool> isOnline) : IDisposable
    where TSubscriber : class
{
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Node _root = new();
    private int _count;

    /// <summary>How many subscriptions (shared ones included) the index holds.</summary>
    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _count;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _lock.Dispose();

    /// <summary>Adds or replaces (same subscriber and filter) a subscription.</summary>
    public void Subscribe(TSubscriber subscriber, TopicFilter filter, MqttQualityOfService qos)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        _lock.EnterWriteLock();
        try
        {
            var node = _root;
            foreach (var level in filter.Filter.Split('/'))
            {
                node = node.GetOrAddChild(level);
            }

            var members = filter.ShareGroup is { } group ? node.GetOrAddGroup(group).Members : node.Subscribers;
            var index = members.FindIndex(entry => ReferenceEquals(entry.Subscriber, subscriber));
            if (index >= 0)
            {
                members[index] = new Entry(subscriber, qos);
            }
            else
            {
                members.Add(new Entry(subscriber, qos));
                _count++;
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Removes a subscription; returns false when the subscriber had no such filter.</summary>
    public bool Unsubscribe(TSubscriber subscriber, TopicFilter filter)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        _lock.EnterWriteLock();
        try
        {
            var path = new List<(Node Parent, string Level)>();
            var node = _root;
            foreach (var level in filter.Filter.Split('/'))
            {
                if (!node.Children.TryGetValue(level, out var child))
                {
                    return false;
                }

                path.Add((node, level));
                node = child;
            }

            bool removed;
            if (filter.ShareGroup is { } group)
            {
                if (node.Groups is null || !node.Groups.TryGetValue(group, out var shared))
                {
                    return false;
                }

                removed = shared.Members.RemoveAll(entry => ReferenceEquals(entry.Subscriber, subscriber)) > 0;
                if (shared.Members.Count == 0)
                {
                    node.Groups.Remove(group);
                }
            }
            else
            {
                removed = node.Subscribers.RemoveAll(entry => ReferenceEquals(entry.Subscriber, subscriber)) > 0;
            }

            if (removed)
            {
                _count--;
                Prune(path);
            }

            return removed;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>
    /// Appends to <paramref name="matches"/> every subscription matching <paramref name="topic"/>: each ordinary
    /// subscriber once, with the highest QoS among its matching filters, and one member of each matching share group.
    /// </summary>
    public void Match(string topic, List<SubscriptionMatch<TSubscriber>> matches)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(matches);
        var start = matches.Count;
        _lock.EnterReadLock();
        try
        {
            // A topic starting with '$' is never matched by a filter starting with a wildcard (MQTT 3.1.1, 4.7.2).
            MatchLevel(_root, topic.AsSpan(), topLevel: true, skipWildcards: topic.StartsWith('$'), matches);
        }
        finally
        {
            _lock.ExitReadLock();
        }

        RemoveDuplicates(matches, start);
    }

    private void MatchLevel(Node node, ReadOnlySpan<char> rest, bool topLevel, bool skipWildcards,
        List<SubscriptionMatch<TSubscriber>> matches)
    {
        var slash = rest.IndexOf('/');
        var level = slash < 0 ? rest : rest[..slash];
        var remaining = slash < 0 ? ReadOnlySpan<char>.Empty : rest[(slash + 1)..];
        var isLast = slash < 0;
        var wildcardsAllowed = !(topLevel && skipWildcards);

        if (wildcardsAllowed && node.MultiLevel is { } hash)
        {
            Collect(hash, matches);
        }

        if (node.Children.Count == 0)
        {
            return;
        }

        if (node.ChildLookup.TryGetValue(level, out var exact))
        {
            Visit(exact, remaining, isLast, skipWildcards, matches);
        }

        if (wildcardsAllowed && node.SingleLevel is { } plus)
        {
            Visit(plus, remaining, isLast, skipWildcards, matches);
        }
    }

    private void Visit(Node node, ReadOnlySpan<char> remaining, bool isLast, bool skipWildcards,
        List<SubscriptionMatch<TSubscriber>> matches)
    {
        if (isLast)
        {
            Collect(node, matches);

            // "sport/#" also matches "sport": '#' includes the parent level (MQTT 3.1.1, 4.7.1.2).
            if (node.MultiLevel is { } hash)
            {
                Collect(hash, matches);
            }
        }
        else
        {
            MatchLevel(node, remaining, topLevel: false, skipWildcards, matches);
        }
    }

    private void Collect(Node node, List<SubscriptionMatch<TSubscriber>> matches)
    {
        foreach (var entry in node.Subscribers)
        {
            matches.Add(new SubscriptionMatch<TSubscriber>(entry.Subscriber, entry.Qos, IsShared: false));
        }

        if (node.Groups is null)
        {
            return;
        }

        foreach (var group in node.Groups.Values)
        {
            if (group.Next(isOnline) is { } chosen)
            {
                matches.Add(new SubscriptionMatch<TSubscriber>(chosen.Subscriber, chosen.Qos, IsShared: true));
            }
        }
    }

    // A subscriber whose filters overlap gets the message once, at the highest granted QoS (MQTT 3.1.1, 3.3.5 allows
    // either; once is what mosquitto does and what subscribers expect). Shared deliveries stay separate.
    private static void RemoveDuplicates(List<SubscriptionMatch<TSubscriber>> matches, int start)
    {
        var count = matches.Count - start;
        if (count < 2)
        {
            return;
        }

        if (count <= 32)
        {
            var write = start;
            for (var read = start; read < matches.Count; read++)
            {
                var candidate = matches[read];
                var merged = false;
                for (var i = start; i < write && !candidate.IsShared; i++)
                {
                    if (!matches[i].IsShared && ReferenceEquals(matches[i].Subscriber, candidate.Subscriber))
                    {
                        if (candidate.Qos > matches[i].Qos)
                        {
                            matches[i] = matches[i] with { Qos = candidate.Qos };
                        }

                        merged = true;
                        break;
                    }
                }

                if (!merged)
                {
                    matches[write++] = candidate;
                }
            }

            matches.RemoveRange(write, matches.Count - write);
            return;
        }

        var positions = new Dictionary<TSubscriber, int>(count, ReferenceEqualityComparer.Instance);
        var next = start;
        for (var read = start; read < matches.Count; read++)
        {
            var candidate = matches[read];
            if (!candidate.IsShared && positions.TryGetValue(candidate.Subscriber, out var at))
            {
                if (candidate.Qos > matches[at].Qos)
                {
                    matches[at] = matches[at] with { Qos = candidate.Qos };
                }

                continue;
            }

            if (!candidate.IsShared)
            {
                positions[candidate.Subscriber] = next;
            }

            matches[next++] = candidate;
        }

        matches.RemoveRange(next, matches.Count - next);
    }

    private static void Prune(List<(Node Parent, string Level)> path)
    {
        for (var i = path.Count - 1; i >= 0; i--)
        {
            var (parent, level) = path[i];
            var child = parent.Children[level];
            if (!child.IsEmpty)
            {
                return;
            }

            parent.RemoveChild(level);
        }
    }

    private readonly record struct Entry(TSubscriber Subscriber, MqttQualityOfService Qos);

    private sealed class SharedGroup
    {
        private int _cursor;

        public List<Entry> Members { get; } = [];

        // Called under the index's read lock by concurrent publishers: the cursor moves atomically.
        public Entry? Next(Func<TSubscriber, bool> online)
        {
            var count = Members.Count;
            if (count == 0)
            {
                return null;
            }

            var first = (int)((uint)Interlocked.Increment(ref _cursor) % (uint)count);
            for (var i = 0; i < count; i++)
            {
                var entry = Members[(first + i) % count];
                if (online(entry.Subscriber))
                {
                    return entry;
                }
            }

            // Nobody online: a persistent member's session keeps the message for when it returns.
            return Members[first];
        }
    }

    private sealed class Node
    {
        public Node()
        {
            Children = new Dictionary<string, Node>(StringComparer.Ordinal);
            ChildLookup = Children.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        public Dictionary<string, Node> Children { get; }

        // Lets a match look a topic level up as a span of the topic, without allocating a string per level.
        public Dictionary<string, Node>.AlternateLookup<ReadOnlySpan<char>> ChildLookup { get; }

        public Node? SingleLevel { get; private set; }

        public Node? MultiLevel { get; private set; }

        public List<Entry> Subscribers { get; } = [];

        public Dictionary<string, SharedGroup>? Groups { get; private set; }

        public bool IsEmpty => Subscribers.Count == 0 && (Groups is null || Groups.Count == 0) && Children.Count == 0;

        public Node GetOrAddChild(string level)
        {
            if (!Children.TryGetValue(level, out var child))
            {
                child = new Node();
                Children.Add(level, child);
                if (level == "+")
                {
                    SingleLevel = child;
                }
                else if (level == "#")
                {
                    MultiLevel = child;
                }
            }

            return child;
        }

        public void RemoveChild(string level)
        {
            Children.Remove(level);
            if (level == "+")
            {
                SingleLevel = null;
            }
            else if (level == "#")
            {
                MultiLevel = null;
            }
        }

        public SharedGroup GetOrAddGroup(string group)
        {
            Groups ??= new Dictionary<string, SharedGroup>(StringComparer.Ordinal);
            if (!Groups.TryGetValue(group, out var shared))
            {
                shared = new SharedGroup();
                Groups.Add(group, shared);
            }

            return shared;
        }
    }
}
