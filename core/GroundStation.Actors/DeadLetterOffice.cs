using Microsoft.Extensions.Logging;

namespace GroundStation.Actors;

/// <summary>
/// Where undeliverable and unhandled messages end: each is counted (in total and per reason), published to the
/// subscribed actors, and logged at a bounded rate (at most one warning per
/// <see cref="ActorSystemOptions.DeadLetterLogInterval"/>, carrying how many were suppressed).
/// </summary>
public sealed class DeadLetterOffice
{
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly long _logIntervalTicks;
    private readonly long[] _countsByReason = new long[Enum.GetValues<DeadLetterReason>().Length];
    private ActorCell[] _subscribers = [];
    private long _count;
    private long _countAtLastLog;
    private long _nextLogTicks;

    internal DeadLetterOffice(TimeProvider clock, ILogger logger, TimeSpan logInterval)
    {
        _clock = clock;
        _logger = logger;
        _logIntervalTicks = logInterval.Ticks;
        _nextLogTicks = long.MinValue;
    }

    /// <summary>Dead letters since the system started.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Dead letters for one <paramref name="reason"/> since the system started.</summary>
    /// <param name="reason">The reason.</param>
    public long CountOf(DeadLetterReason reason) => Interlocked.Read(ref _countsByReason[(int)reason]);

    /// <summary>
    /// Sends every later <see cref="DeadLetter"/> to <paramref name="subscriber"/>. A subscriber whose mailbox is full
    /// misses the letter (it is still counted) rather than causing another dead letter.
    /// </summary>
    /// <param name="subscriber">An actor of this system.</param>
    public void Subscribe(IActorRef subscriber)
    {
        var cell = subscriber as ActorCell
            ?? throw new ArgumentException($"Only actors can subscribe to dead letters, not {subscriber?.Path}.", nameof(subscriber));
        ImmutableSwap(current => current.Contains(cell) ? current : [.. current, cell]);
    }

    /// <summary>Stops sending dead letters to <paramref name="subscriber"/>.</summary>
    /// <param name="subscriber">A subscribed actor.</param>
    public void Unsubscribe(IActorRef subscriber) =>
        ImmutableSwap(current => [.. current.Where(c => !ReferenceEquals(c, subscriber))]);

    internal void Publish(DeadLetter letter)
    {
        var total = Interlocked.Increment(ref _count);
        Interlocked.Increment(ref _countsByReason[(int)letter.Reason]);
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            if (!ReferenceEquals(subscriber, letter.Recipient))
            {
                subscriber.TryPost(letter, null);
            }
        }

        var now = _clock.GetUtcNow().UtcTicks;
        var next = Interlocked.Read(ref _nextLogTicks);
        if (now >= next && Interlocked.CompareExchange(ref _nextLogTicks, now + _logIntervalTicks, next) == next)
        {
            var since = total - Interlocked.Exchange(ref _countAtLastLog, total);
            ActorLog.DeadLetters(_logger, since, total, letter);
        }
    }

    private void ImmutableSwap(Func<ActorCell[], ActorCell[]> change)
    {
        while (true)
        {
            var current = Volatile.Read(ref _subscribers);
            if (Interlocked.CompareExchange(ref _subscribers, change(current), current) == current)
            {
                return;
            }
        }
    }
}
