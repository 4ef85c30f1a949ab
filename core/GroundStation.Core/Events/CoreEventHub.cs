using System.Threading.Channels;

namespace GroundStation.Core.Events;

/// <summary>One server-sent event: its type (<c>contact</c>, <c>station</c>, <c>alarm</c>) and its JSON data.</summary>
/// <param name="Type">The SSE event name.</param>
/// <param name="Json">The data, one line of JSON.</param>
public sealed record CoreEvent(string Type, string Json);

/// <summary>
/// Fans core events out to live subscribers (the <c>/api/v1/events</c> streams). Each subscriber has a bounded queue
/// that drops its oldest events when the client reads too slowly, so one slow browser never holds up the core.
/// </summary>
public sealed class CoreEventHub
{
    private readonly Lock _gate = new();
    private readonly int _capacity;
    private Channel<CoreEvent>[] _subscribers = [];

    /// <summary>Creates the hub; <paramref name="capacity"/> events are queued per subscriber.</summary>
    public CoreEventHub(int capacity = 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>Subscribers right now.</summary>
    public int SubscriberCount => Volatile.Read(ref _subscribers).Length;

    /// <summary>Publishes to every subscriber; never blocks.</summary>
    public void Publish(string type, string json)
    {
        var message = new CoreEvent(type, json);
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            subscriber.Writer.TryWrite(message);
        }
    }

    /// <summary>A new subscription; dispose it to leave.</summary>
    public Subscription Subscribe()
    {
        var channel = Channel.CreateBounded<CoreEvent>(new BoundedChannelOptions(_capacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        lock (_gate)
        {
            _subscribers = [.. _subscribers, channel];
        }

        return new Subscription(this, channel);
    }

    private void Remove(Channel<CoreEvent> channel)
    {
        lock (_gate)
        {
            _subscribers = [.. _subscribers.Where(c => c != channel)];
        }

        channel.Writer.TryComplete();
    }

    /// <summary>One subscriber's queue.</summary>
    public sealed class Subscription : IDisposable
    {
        private readonly CoreEventHub _hub;
        private readonly Channel<CoreEvent> _channel;

        internal Subscription(CoreEventHub hub, Channel<CoreEvent> channel) => (_hub, _channel) = (hub, channel);

        /// <summary>The events, in publication order.</summary>
        public ChannelReader<CoreEvent> Events => _channel.Reader;

        /// <inheritdoc />
        public void Dispose() => _hub.Remove(_channel);
    }
}
