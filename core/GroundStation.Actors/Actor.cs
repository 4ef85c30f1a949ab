using Microsoft.Extensions.Logging;

namespace GroundStation.Actors;

/// <summary>
/// The base of every actor. The runtime calls <see cref="ReceiveAsync"/> with one message at a time, so an actor's
/// fields need no locks. Handlers that complete synchronously cost no allocation; an asynchronous handler holds the
/// actor (no other message starts) until it completes. Anything a handler or hook throws goes to the parent's
/// <see cref="SupervisorStrategy"/>; it never reaches the process.
/// </summary>
public abstract class Actor
{
    private ActorContext? _context;

    /// <summary>The actor's view of the system: itself, its sender, children, timers. Available from <see cref="PreStart"/> on.</summary>
    protected ActorContext Context =>
        _context ?? throw new InvalidOperationException("An actor's context is available from PreStart on, not in its constructor.");

    /// <summary>This actor's reference, stable across restarts.</summary>
    protected IActorRef Self => Context.Self;

    /// <summary>The sender of the message being processed, or null.</summary>
    protected IActorRef? Sender => Context.Sender;

    /// <summary>A logger named after the actor's type.</summary>
    protected ILogger Log => Context.Log;

    /// <summary>
    /// How this actor supervises its children; null (the default) uses the system's
    /// <see cref="ActorSystemOptions.DefaultStrategy"/>.
    /// </summary>
    protected virtual SupervisorStrategy? SupervisorStrategy => null;

    /// <summary>Handles one message. Call <see cref="Unhandled"/> for messages the actor does not understand.</summary>
    /// <param name="message">The message.</param>
    protected abstract ValueTask ReceiveAsync(object message);

    /// <summary>Called before the first message of a new instance; the place to create children and timers.</summary>
    protected virtual void PreStart()
    {
    }

    /// <summary>Called once the actor and all its children have stopped; release resources here.</summary>
    protected virtual void PostStop()
    {
    }

    /// <summary>
    /// Called on the failed instance before it is replaced. The default stops every child (the fresh instance
    /// recreates what it needs; the replacement starts once they have stopped) and calls <see cref="PostStop"/>.
    /// </summary>
    /// <param name="cause">Why the actor is restarting.</param>
    protected virtual void PreRestart(Exception cause)
    {
        foreach (var child in Context.Children)
        {
            Context.Stop(child);
        }

        PostStop();
    }

    /// <summary>Called on the fresh instance after a restart. The default calls <see cref="PreStart"/>.</summary>
    /// <param name="cause">Why the actor restarted.</param>
    protected virtual void PostRestart(Exception cause) => PreStart();

    /// <summary>Records that <paramref name="message"/> was not understood: it goes to dead letters as <see cref="DeadLetterReason.Unhandled"/>.</summary>
    /// <param name="message">The message not handled.</param>
    protected void Unhandled(object message) => Context.Unhandled(message);

    /// <summary>Sends <paramref name="message"/> to the current sender, or to dead letters when there is none.</summary>
    /// <param name="message">The reply.</param>
    /// <returns>False when the reply was not delivered (see <see cref="IActorRef.Tell"/>).</returns>
    protected bool Reply(object message) => Context.Reply(message);

    internal void Attach(ActorContext context) => _context = context;

    // Trampolines for the runtime: the hooks stay protected, so actors in any assembly override them the same way.
    internal SupervisorStrategy? StrategyForChildren => SupervisorStrategy;

    internal ValueTask InvokeReceive(object message) => ReceiveAsync(message);

    internal void InvokePreStart() => PreStart();

    internal void InvokePostStop() => PostStop();

    internal void InvokePreRestart(Exception cause) => PreRestart(cause);

    internal void InvokePostRestart(Exception cause) => PostRestart(cause);
}
