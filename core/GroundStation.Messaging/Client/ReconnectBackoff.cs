using System.Security.Cryptography;

namespace GroundStation.Messaging.Client;

/// <summary>
/// Exponential back-off with jitter between reconnect attempts: attempt n waits a random time between half and all of
/// min(maximum, minimum * 2^n), so a fleet of stations that lost the same broker does not reconnect in lock-step.
/// </summary>
public sealed class ReconnectBackoff
{
    private readonly TimeSpan _minimum;
    private readonly TimeSpan _maximum;
    private int _attempt;

    /// <summary>Creates a back-off between <paramref name="minimum"/> and <paramref name="maximum"/>.</summary>
    public ReconnectBackoff(TimeSpan minimum, TimeSpan maximum)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(minimum, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximum, minimum);
        _minimum = minimum;
        _maximum = maximum;
    }

    /// <summary>The number of failed attempts since the last success.</summary>
    public int Attempt => _attempt;

    /// <summary>The delay before the next attempt; each call counts one more failure.</summary>
    public TimeSpan NextDelay()
    {
        var ceiling = Math.Min(_minimum.TotalMilliseconds * Math.Pow(2, Math.Min(_attempt, 30)), _maximum.TotalMilliseconds);
        _attempt++;
        var half = ceiling / 2;
        // Jitter need not be unpredictable; RandomNumberGenerator just avoids a shared mutable Random.
        var jitter = RandomNumberGenerator.GetInt32((int)Math.Max(1, Math.Ceiling(half) + 1));
        return TimeSpan.FromMilliseconds(Math.Min(ceiling, half + jitter));
    }

    /// <summary>Starts again from the minimum delay after a successful connection.</summary>
    public void Reset() => _attempt = 0;
}
