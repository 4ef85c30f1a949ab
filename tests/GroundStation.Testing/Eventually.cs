using System.Diagnostics;

namespace GroundStation.Testing;

/// <summary>
/// Waits for a condition that another thread, process or peer makes true, re-checking it on a short period until a
/// deadline: the way tests synchronise with real components without sleeping. A timeout fails with what was awaited.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Re-runs <paramref name="probe"/> until <paramref name="done"/> accepts its result, and returns that result. A probe
    /// that costs something (an HTTP query of a running core) passes a longer <paramref name="period"/> than the 20 ms default.
    /// </summary>
    /// <exception cref="TimeoutException">Not done within <paramref name="timeout"/>; names <paramref name="what"/> and the last result.</exception>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what, TimeSpan? period = null)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(done);
        var watch = Stopwatch.StartNew();
        using var tick = new PeriodicTimer(period ?? Period);
        while (true)
        {
            var last = await probe();
            if (done(last))
            {
                return last;
            }

            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"{what} did not happen within {timeout}; last observed: {last}");
            }

            await tick.WaitForNextTickAsync();
        }
    }

    /// <summary>Re-checks <paramref name="condition"/> until it holds.</summary>
    /// <exception cref="TimeoutException">It did not hold within <paramref name="timeout"/> (default 20 s); names <paramref name="what"/>.</exception>
    public static async Task TrueAsync(Func<Task<bool>> condition, Func<string> what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(what);
        var limit = timeout ?? DefaultTimeout;
        var watch = Stopwatch.StartNew();
        using var tick = new PeriodicTimer(Period);
        while (!await condition())
        {
            if (watch.Elapsed > limit)
            {
                throw new TimeoutException($"Timed out after {limit} waiting until {what()}.");
            }

            await tick.WaitForNextTickAsync();
        }
    }

    /// <summary>Re-checks <paramref name="condition"/> until it holds.</summary>
    /// <exception cref="TimeoutException">It did not hold within <paramref name="timeout"/> (default 20 s); names <paramref name="what"/>.</exception>
    public static Task TrueAsync(Func<bool> condition, Func<string> what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return TrueAsync(() => Task.FromResult(condition()), what, timeout);
    }

    /// <summary>Re-checks <paramref name="condition"/> until it holds; <paramref name="what"/> is fixed text.</summary>
    /// <exception cref="TimeoutException">It did not hold within <paramref name="timeout"/> (default 20 s); names <paramref name="what"/>.</exception>
    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null) => TrueAsync(condition, () => what, timeout);

    /// <summary>Re-checks <paramref name="condition"/> until it holds (the timeout first, for call sites that read better so).</summary>
    /// <exception cref="TimeoutException">It did not hold within <paramref name="timeout"/>; names <paramref name="what"/>.</exception>
    public static Task TrueAsync(Func<bool> condition, TimeSpan timeout, Func<string> what) => TrueAsync(condition, what, timeout);
}
