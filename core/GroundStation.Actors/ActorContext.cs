using Microsoft.Extensions.Logging;

namespace GroundStation.Actors;

/// <summary>
/// What an actor may do besides handling messages: know itself, its sender, parent and children, create and stop
/// children, watch other actors, and schedule messages to itself. Use it only from the actor's own handlers and hooks.
/// </summary>
public sealed class ActorContext
{
    private readonly ActorCell _cell;
    private ILogger? _log;

    internal ActorContext(ActorCell cell) => _cell = cell;

    /// <summary>The actor's own reference.</summary>
    public IActorRef Self => _cell;

    /// <summary>The sender of the message being processed, or null when it had none.</summary>
    public IActorRef? Sender => _cell.CurrentSender;

    /// <summary>The parent: another actor, or the <c>/user</c> guardian for top-level actors.</summary>
    public IActorRef Parent => _cell.Parent ?? (IActorRef)_cell;

    /// <summary>The system the actor lives in.</summary>
    public ActorSystem System => _cell.System;

    /// <summary>The living children (including those asked to stop that have not finished stopping).</summary>
    public IReadOnlyCollection<IActorRef> Children => _cell.ChildrenSnapshot();

    /// <summary>A logger named after the actor's type.</summary>
    public ILogger Log => _log ??= _cell.System.LoggerFactory.CreateLogger(_cell.Props.ActorType);

    /// <summary>The child called <paramref name="name"/>, or null.</summary>
    /// <param name="name">The child's name.</param>
    public IActorRef? Child(string name) => _cell.FindChild(name);

    /// <summary>Creates and starts a child. Its <see cref="Actor.PreStart"/> runs on the child, before its first message.</summary>
    /// <param name="props">How to make the child.</param>
    /// <param name="name">A name unique among the living children, or null for a generated one (<c>$1</c>, <c>$2</c>, ...).</param>
    /// <exception cref="ArgumentException">The name is invalid or already in use.</exception>
    public IActorRef ActorOf(Props props, string? name = null) => _cell.CreateChild(props, name);

    /// <summary>
    /// Stops a child or the actor itself. Stopping is asynchronous: the current message completes, the target's
    /// children stop first, then its <see cref="Actor.PostStop"/> runs and watchers get <see cref="Terminated"/>.
    /// </summary>
    /// <param name="actor">A child of this actor, or <see cref="Self"/>.</param>
    /// <exception cref="InvalidOperationException">The actor is neither this actor nor one of its children.</exception>
    public void Stop(IActorRef actor) => _cell.StopChildOrSelf(actor);

    /// <summary>Asks for a <see cref="Terminated"/> message when <paramref name="actor"/> stops (at once if it already has).</summary>
    /// <param name="actor">An actor of this system.</param>
    public void Watch(IActorRef actor) => _cell.Watch(actor);

    /// <summary>Stops watching <paramref name="actor"/>; no <see cref="Terminated"/> for it is delivered afterwards.</summary>
    /// <param name="actor">An actor this actor watches.</param>
    public void Unwatch(IActorRef actor) => _cell.Unwatch(actor);

    /// <summary>Delivers <paramref name="message"/> to this actor once, after <paramref name="delay"/> on the system's clock.</summary>
    /// <param name="delay">Zero or more.</param>
    /// <param name="message">The message; its sender is this actor.</param>
    public ScheduleHandle ScheduleTellOnce(TimeSpan delay, object message)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return _cell.ScheduleTell(delay, Timeout.InfiniteTimeSpan, message);
    }

    /// <summary>Delivers <paramref name="message"/> to this actor after <paramref name="initialDelay"/>, then every <paramref name="interval"/>.</summary>
    /// <param name="initialDelay">Zero or more.</param>
    /// <param name="interval">More than zero.</param>
    /// <param name="message">The message; its sender is this actor.</param>
    public ScheduleHandle ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, object message)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(initialDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        return _cell.ScheduleTell(initialDelay, interval, message);
    }

    internal void Unhandled(object message) =>
        _cell.System.DeadLetters.Publish(new DeadLetter(message, _cell.CurrentSender, _cell, DeadLetterReason.Unhandled));

    internal bool Reply(object message)
    {
        if (_cell.CurrentSender is { } sender)
        {
            return sender.Tell(message, _cell);
        }

        _cell.System.DeadLetters.Publish(new DeadLetter(message, _cell, null, DeadLetterReason.NoRecipient));
        return false;
    }
}
