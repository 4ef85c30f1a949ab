namespace GroundStation.Iam.Service;

/// <summary>The outcome of asking a rate limiter.</summary>
/// <param name="Admitted">True when the request may proceed.</param>
/// <param name="RetryAfter">When refused, how long until the window resets.</param>
public readonly record struct RateDecision(bool Admitted, TimeSpan RetryAfter);

/// <summary>
/// Fixed-window counters per partition (a key id, a source address), driven by a <see cref="TimeProvider"/>. Exactly
/// <c>limit</c> acquisitions succeed per window however many race for them. The table is bounded: when it is full,
/// partitions whose windows have ended are dropped, and if none has, the new partition is refused (fail closed).
/// </summary>
public sealed class WindowedRateLimiter
{
    private readonly int _limit;
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;
    private readonly int _maxPartitions;
    private readonly Dictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Creates a limiter admitting <paramref name="limit"/> per <paramref name="window"/> and partition.</summary>
    public WindowedRateLimiter(int limit, TimeSpan window, TimeProvider time, int maxPartitions = 100_000)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPartitions);
        _limit = limit;
        _window = window;
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _maxPartitions = maxPartitions;
    }

    /// <summary>Counts one request for <paramref name="partition"/> and says whether it is within the limit.</summary>
    public RateDecision TryAcquire(string partition) => Decide(partition, count: true);

    /// <summary>Says whether <paramref name="partition"/> is already over the limit, without counting.</summary>
    public RateDecision Peek(string partition) => Decide(partition, count: false);

    private RateDecision Decide(string partition, bool count)
    {
        ArgumentNullException.ThrowIfNull(partition);
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (!_windows.TryGetValue(partition, out var window) || now >= window.Start + _window)
            {
                if (!count)
                {
                    return new RateDecision(true, TimeSpan.Zero);
                }

                if (window is null && _windows.Count >= _maxPartitions && !Evict(now))
                {
                    return new RateDecision(false, _window);
                }

                window = new Window(now);
                _windows[partition] = window;
            }

            if (window.Count >= _limit)
            {
                return new RateDecision(false, window.Start + _window - now);
            }

            if (count)
            {
                window.Count++;
            }

            return new RateDecision(true, TimeSpan.Zero);
        }
    }

    private bool Evict(DateTimeOffset now)
    {
        var before = _windows.Count;
        foreach (var (partition, window) in _windows)
        {
            if (now >= window.Start + _window)
            {
                _windows.Remove(partition);
            }
        }

        return _windows.Count < before;
    }

    private sealed class Window(DateTimeOffset start)
    {
        public DateTimeOffset Start { get; } = start;

        public int Count { get; set; }
    }
}
