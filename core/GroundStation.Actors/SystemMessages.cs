namespace GroundStation.Actors;

/// <summary>Lifecycle and supervision signals between cells; they overtake user messages in every mailbox.</summary>
internal abstract record SystemMessage;

/// <summary>Make the first instance and run its PreStart.</summary>
internal sealed record CreateActor : SystemMessage
{
    public static CreateActor Instance { get; } = new();
}

/// <summary>Stop: children first, then PostStop, then tell watchers and the parent.</summary>
internal sealed record StopActor : SystemMessage
{
    public static StopActor Instance { get; } = new();
}

/// <summary>Stop taking user messages until resumed or restarted (all-for-one siblings of a failed child).</summary>
internal sealed record SuspendActor : SystemMessage
{
    public static SuspendActor Instance { get; } = new();
}

/// <summary>Continue with the same instance after a failure.</summary>
internal sealed record ResumeActor : SystemMessage
{
    public static ResumeActor Instance { get; } = new();
}

/// <summary>Replace the instance with a fresh one.</summary>
internal sealed record RestartActor(Exception Cause) : SystemMessage;

/// <summary>A child failed and waits, suspended, for its parent's decision.</summary>
internal sealed record ChildFailed(ActorCell Child, Exception Cause) : SystemMessage;

/// <summary>A child has stopped for good; its name is free again.</summary>
internal sealed record ChildTerminated(ActorCell Child) : SystemMessage;

/// <summary>The watcher wants a Terminated when the receiver stops.</summary>
internal sealed record WatchActor(ActorCell Watcher) : SystemMessage;

/// <summary>The watcher no longer wants a Terminated.</summary>
internal sealed record UnwatchActor(ActorCell Watcher) : SystemMessage;

/// <summary>A watched actor has stopped.</summary>
internal sealed record DeathWatchNotification(ActorCell Actor) : SystemMessage;
