namespace GroundStation.Actors;

/// <summary>Settings of an <see cref="ActorSystem"/>; the defaults suit production.</summary>
public sealed record ActorSystemOptions
{
    /// <summary>User messages a mailbox holds when the actor's props do not say; at least 1. Default 1,000.</summary>
    public int DefaultMailboxCapacity { get; init; } = 1000;

    /// <summary>
    /// User messages an actor processes before it yields its thread to other actors; at least 1. Higher favours
    /// throughput, lower favours fairness. Default 100.
    /// </summary>
    public int Throughput { get; init; } = 100;

    /// <summary>How actors that do not override <see cref="Actor.SupervisorStrategy"/> supervise their children.</summary>
    public SupervisorStrategy DefaultStrategy { get; init; } = SupervisorStrategy.Default;

    /// <summary>
    /// How the <c>/user</c> guardian supervises top-level actors. <see cref="SupervisorDirective.Escalate"/> here
    /// means a failure that reaches the root stops the whole user tree, with the cause logged and kept in
    /// <see cref="ActorSystem.TerminationCause"/>.
    /// </summary>
    public SupervisorStrategy GuardianStrategy { get; init; } = SupervisorStrategy.Default;

    /// <summary>The shortest span between two dead-letter log lines; dead letters in between are counted, not logged. Default 10 s.</summary>
    public TimeSpan DeadLetterLogInterval { get; init; } = TimeSpan.FromSeconds(10);

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(DefaultMailboxCapacity, 1, nameof(DefaultMailboxCapacity));
        ArgumentOutOfRangeException.ThrowIfLessThan(Throughput, 1, nameof(Throughput));
        ArgumentNullException.ThrowIfNull(DefaultStrategy, nameof(DefaultStrategy));
        ArgumentNullException.ThrowIfNull(GuardianStrategy, nameof(GuardianStrategy));
        ArgumentOutOfRangeException.ThrowIfLessThan(DeadLetterLogInterval, TimeSpan.Zero, nameof(DeadLetterLogInterval));
    }
}
