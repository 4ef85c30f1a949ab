namespace GroundStation.Actors;

/// <summary>What a parent does with a child whose message handler or lifecycle hook threw.</summary>
public enum SupervisorDirective
{
    /// <summary>Keep the instance and its state; the failing message is dropped and the next one processed.</summary>
    Resume,

    /// <summary>Replace the instance with a fresh one from its props, after the policy's backoff; queued messages are kept.</summary>
    Restart,

    /// <summary>Stop the child for good; its queued messages go to dead letters.</summary>
    Stop,

    /// <summary>Fail the parent with the same exception, for its own parent to decide; at the root this stops the user tree.</summary>
    Escalate,
}

/// <summary>Which children a parent's decision applies to.</summary>
public enum SupervisionScope
{
    /// <summary>Only the child that failed.</summary>
    OneForOne,

    /// <summary>Every child of the parent, for children that only make sense together.</summary>
    AllForOne,
}

/// <summary>
/// Limits on restarts: at most <see cref="MaxRestarts"/> within <see cref="Window"/> (after which the child is
/// stopped), with an exponential backoff between them from <see cref="MinBackoff"/> doubling up to <see cref="MaxBackoff"/>.
/// Measured on the system's <see cref="TimeProvider"/>, so tests drive it with a manual clock.
/// </summary>
public sealed record RestartPolicy
{
    /// <summary>Creates a policy, checking that its numbers make sense together.</summary>
    /// <param name="maxRestarts">Restarts allowed within <paramref name="window"/>; 0 means the first failure stops the child.</param>
    /// <param name="window">The span over which restarts are counted; the count starts again after a quiet window.</param>
    /// <param name="minBackoff">Delay before the first restart in a window; zero restarts at once.</param>
    /// <param name="maxBackoff">The cap on the doubling delay.</param>
    public RestartPolicy(int maxRestarts, TimeSpan window, TimeSpan minBackoff, TimeSpan maxBackoff)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRestarts);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(minBackoff, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBackoff, minBackoff);
        MaxRestarts = maxRestarts;
        Window = window;
        MinBackoff = minBackoff;
        MaxBackoff = maxBackoff;
    }

    /// <summary>10 restarts a minute, backing off from 100 ms to 10 s.</summary>
    public static RestartPolicy Default { get; } =
        new(10, TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10));

    /// <summary>Restarts allowed within <see cref="Window"/>.</summary>
    public int MaxRestarts { get; }

    /// <summary>The span over which restarts are counted.</summary>
    public TimeSpan Window { get; }

    /// <summary>Delay before the first restart in a window.</summary>
    public TimeSpan MinBackoff { get; }

    /// <summary>The longest delay between restarts.</summary>
    public TimeSpan MaxBackoff { get; }

    /// <summary>The delay before the <paramref name="restartNumber"/>-th restart in a window (1-based).</summary>
    /// <param name="restartNumber">1 for the first restart in the window.</param>
    public TimeSpan BackoffBefore(int restartNumber)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(restartNumber, 1);
        var factor = Math.Pow(2, Math.Min(restartNumber - 1, 30));
        var ticks = Math.Min(MinBackoff.Ticks * factor, MaxBackoff.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }
}

/// <summary>
/// A parent's policy for failing children: a decider from exception to directive, the scope the directive applies
/// to, and the restart limits. A decider that itself throws counts as <see cref="SupervisorDirective.Escalate"/>.
/// </summary>
public sealed class SupervisorStrategy
{
    private readonly Func<Exception, SupervisorDirective> _decider;

    private SupervisorStrategy(SupervisionScope scope, Func<Exception, SupervisorDirective> decider, RestartPolicy restarts)
    {
        Scope = scope;
        _decider = decider;
        Restarts = restarts;
    }

    /// <summary>Restart any failing child under <see cref="RestartPolicy.Default"/>, one child at a time.</summary>
    public static SupervisorStrategy Default { get; } =
        OneForOne(static _ => SupervisorDirective.Restart, RestartPolicy.Default);

    /// <summary>Which children a decision applies to.</summary>
    public SupervisionScope Scope { get; }

    /// <summary>Limits and backoff for <see cref="SupervisorDirective.Restart"/>.</summary>
    public RestartPolicy Restarts { get; }

    /// <summary>A strategy whose decisions apply to the failing child only.</summary>
    /// <param name="decider">Maps the child's exception to a directive.</param>
    /// <param name="restarts">Restart limits; <see cref="RestartPolicy.Default"/> when null.</param>
    public static SupervisorStrategy OneForOne(Func<Exception, SupervisorDirective> decider, RestartPolicy? restarts = null)
    {
        ArgumentNullException.ThrowIfNull(decider);
        return new SupervisorStrategy(SupervisionScope.OneForOne, decider, restarts ?? RestartPolicy.Default);
    }

    /// <summary>A strategy whose decisions apply to every child of the parent.</summary>
    /// <param name="decider">Maps the child's exception to a directive.</param>
    /// <param name="restarts">Restart limits; <see cref="RestartPolicy.Default"/> when null.</param>
    public static SupervisorStrategy AllForOne(Func<Exception, SupervisorDirective> decider, RestartPolicy? restarts = null)
    {
        ArgumentNullException.ThrowIfNull(decider);
        return new SupervisorStrategy(SupervisionScope.AllForOne, decider, restarts ?? RestartPolicy.Default);
    }

    /// <summary>The directive for <paramref name="cause"/>.</summary>
    /// <param name="cause">What the child threw.</param>
    public SupervisorDirective Decide(Exception cause) => _decider(cause);
}
