namespace GroundStation.Actors;

/// <summary>
/// The only way to talk to an actor: an address that accepts messages. References stay valid across restarts
/// (the same reference reaches the fresh instance) and become dead-letter drops once the actor has stopped.
/// </summary>
public interface IActorRef
{
    /// <summary>Where the actor sits in its system, such as <c>/user/scheduler/contact-42</c>.</summary>
    ActorPath Path { get; }

    /// <summary>
    /// Puts <paramref name="message"/> in the actor's mailbox without waiting. Returns false when the message was not
    /// accepted because the mailbox is full or the actor has stopped; the message then goes to the system's dead
    /// letters (counted, published to subscribers, logged at a bounded rate), never silently lost.
    /// </summary>
    /// <param name="message">The message; immutable records are the norm.</param>
    /// <param name="sender">Who to reply to, usually the sending actor's <c>Self</c>; null when nobody expects a reply.</param>
    bool Tell(object message, IActorRef? sender = null);

    /// <summary>
    /// Puts <paramref name="message"/> in the actor's mailbox, waiting for room when it is full: the back-pressured
    /// form of <see cref="Tell"/> for producers that must not drop, such as telemetry ingest. A message for an actor
    /// that has stopped goes to dead letters and the call completes normally.
    /// </summary>
    /// <param name="message">The message.</param>
    /// <param name="sender">Who to reply to, or null.</param>
    /// <param name="cancellationToken">Stops waiting for room; the message is then not delivered.</param>
    ValueTask TellAsync(object message, IActorRef? sender = null, CancellationToken cancellationToken = default);
}
