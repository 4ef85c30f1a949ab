using System.Threading.Channels;
using GroundStation.Telemetry.Limits;

namespace GroundStation.Telemetry.Live;

/// <summary>A sample as the API shows it.</summary>
/// <param name="Norad">The satellite.</param>
/// <param name="Parameter">The parameter.</param>
/// <param name="At">The spacecraft's sample time.</param>
/// <param name="Value">The value.</param>
/// <param name="Unit">Its unit.</param>
/// <param name="Limit">Its limit state.</param>
public sealed record TelemetrySampleView(int Norad, string Parameter, DateTimeOffset At, double Value, string Unit, LimitState Limit);

/// <summary>A stored frame as the API shows it.</summary>
/// <param name="FrameId">The edge's frame id.</param>
/// <param name="Station">The receiving station.</param>
/// <param name="PassId">The pass.</param>
/// <param name="Norad">The satellite, when the pass id names one.</param>
/// <param name="ReceivedAt">When the station received it.</param>
/// <param name="StoredAt">When the core stored it.</param>
/// <param name="SizeBytes">Its length.</param>
/// <param name="Decoded">True when it decoded into parameters.</param>
/// <param name="Error">Why it did not.</param>
public sealed record TelemetryFrameView(string FrameId, string Station, string PassId, int? Norad, DateTimeOffset ReceivedAt,
    DateTimeOffset StoredAt, int SizeBytes, bool Decoded, string? Error);

/// <summary>One event of the live stream: exactly one of the three parts is set.</summary>
/// <param name="Norad">The satellite it concerns, when known.</param>
/// <param name="Sample">A new sample.</param>
/// <param name="Frame">A newly stored frame.</param>
/// <param name="Alarm">An alarm change.</param>
public sealed record TelemetryLiveEvent(int? Norad, TelemetrySampleView? Sample = null, TelemetryFrameView? Frame = null, AlarmChange? Alarm = null);

/// <summary>
/// Fans newly stored telemetry out to live subscribers (the SSE route, the host's event stream). Each subscriber has a
/// bounded queue that drops its oldest events when it falls behind, so a slow browser never slows the ingest.
/// </summary>
public sealed class TelemetryLiveFeed
{
    private readonly Lock _gate = new();
    private Subscription[] _subscriptions = [];

    /// <summary>True when anyone listens (the ingest skips building events otherwise).</summary>
    public bool HasSubscribers => Volatile.Read(ref _subscriptions).Length > 0;

    /// <summary>Subscribes to the events of one satellite (or all, when <paramref name="norad"/> is null).</summary>
    public TelemetryLiveSubscription Subscribe(int? norad, int capacity = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        var channel = Channel.CreateBounded<TelemetryLiveEvent>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        var subscription = new Subscription(norad, channel);
        lock (_gate)
        {
            _subscriptions = [.. _subscriptions, subscription];
        }

        return new TelemetryLiveSubscription(channel.Reader, () => Remove(subscription));
    }

    /// <summary>Delivers <paramref name="liveEvent"/> to every matching subscriber without waiting.</summary>
    public void Publish(TelemetryLiveEvent liveEvent)
    {
        ArgumentNullException.ThrowIfNull(liveEvent);
        foreach (var subscription in Volatile.Read(ref _subscriptions))
        {
            if (subscription.Norad is null || subscription.Norad == liveEvent.Norad)
            {
                subscription.Channel.Writer.TryWrite(liveEvent);
            }
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            _subscriptions = _subscriptions.Where(s => !ReferenceEquals(s, subscription)).ToArray();
        }

        subscription.Channel.Writer.TryComplete();
    }

    private sealed record Subscription(int? Norad, Channel<TelemetryLiveEvent> Channel);
}

/// <summary>A live subscription; dispose it to stop receiving.</summary>
public sealed class TelemetryLiveSubscription : IDisposable
{
    private readonly Action _remove;
    private int _disposed;

    internal TelemetryLiveSubscription(ChannelReader<TelemetryLiveEvent> events, Action remove)
    {
        Events = events;
        _remove = remove;
    }

    /// <summary>The events, in ingest order.</summary>
    public ChannelReader<TelemetryLiveEvent> Events { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _remove();
        }
    }
}
