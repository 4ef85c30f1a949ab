using GroundStation.Actors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GroundStation.Testing.Actors;

/// <summary>
/// An actor system on a <see cref="ManualTimeProvider"/> for tests: schedules, Ask timeouts and restart backoff move
/// only when the test calls <see cref="AdvanceAsync"/>, and "nothing happened" is decided by waiting until no actor
/// has work (<see cref="ActorSystem.WaitForIdleAsync"/>), not by sleeping.
/// </summary>
public sealed class ActorTestKit : IAsyncDisposable
{
    private int _probeCounter;

    /// <summary>Creates a kit whose clock starts at 2000-01-01T00:00:00Z.</summary>
    /// <param name="options">System settings; defaults when null.</param>
    /// <param name="loggerFactory">Loggers for the runtime and actors; none when null.</param>
    public ActorTestKit(ActorSystemOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        Clock = new ManualTimeProvider();
        System = new ActorSystem("test", Clock, loggerFactory ?? NullLoggerFactory.Instance, options);
    }

    /// <summary>The real-time safety net for waits that the system's idleness cannot decide (an actor awaiting real I/O).</summary>
    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(10);

    /// <summary>The manual clock the system runs on.</summary>
    public ManualTimeProvider Clock { get; }

    /// <summary>The system under test.</summary>
    public ActorSystem System { get; }

    /// <summary>Creates a probe: a real actor that records what it receives for the test to assert on.</summary>
    /// <param name="name">Its name under <c>/user</c>; generated when null.</param>
    public TestProbe CreateProbe(string? name = null) =>
        new(this, name ?? "probe-" + Interlocked.Increment(ref _probeCounter).ToString(global::System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// Lets every actor finish what it can do now, moves the clock by <paramref name="delta"/> (firing due timers in
    /// order), and waits again until the actors are idle. Timers that actors set while reacting to this advance are
    /// measured from the clock's new time, so step through chains of timers with one advance per step.
    /// </summary>
    /// <param name="delta">How far to move the clock.</param>
    public async Task AdvanceAsync(TimeSpan delta)
    {
        await WaitForIdleAsync();
        Clock.Advance(delta);
        await WaitForIdleAsync();
    }

    /// <summary>Waits until no actor has work it can do now, failing the test if that takes longer than <see cref="DefaultTimeout"/>.</summary>
    public async Task WaitForIdleAsync()
    {
        using var deadline = new CancellationTokenSource(DefaultTimeout);
        try
        {
            await System.WaitForIdleAsync(deadline.Token);
        }
        catch (OperationCanceledException ex) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"The actor system was still busy after {DefaultTimeout} of real time.", ex);
        }
    }

    /// <summary>Terminates the system, failing if it does not stop within <see cref="DefaultTimeout"/>.</summary>
    public async ValueTask DisposeAsync() => await System.TerminateAsync().WaitAsync(DefaultTimeout);
}
