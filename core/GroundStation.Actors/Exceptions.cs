namespace GroundStation.Actors;

/// <summary>An Ask got no reply within its timeout.</summary>
/// <param name="target">The actor asked.</param>
/// <param name="messageType">The type of the message sent.</param>
/// <param name="timeout">How long the Ask waited.</param>
public sealed class AskTimeoutException(ActorPath target, Type messageType, TimeSpan timeout)
    : TimeoutException($"Ask to {target} with {messageType.Name} got no reply within {timeout}.")
{
    /// <summary>The actor asked.</summary>
    public ActorPath Target { get; } = target;

    /// <summary>The type of the message sent.</summary>
    public Type MessageType { get; } = messageType;

    /// <summary>How long the Ask waited.</summary>
    public TimeSpan Timeout { get; } = timeout;
}

/// <summary>An Ask got a reply, but not of the type the caller expected.</summary>
/// <param name="target">The actor asked.</param>
/// <param name="messageType">The type of the message sent.</param>
/// <param name="expectedType">The reply type the caller asked for.</param>
/// <param name="replyType">The type of the reply that came.</param>
public sealed class UnexpectedReplyException(ActorPath target, Type messageType, Type expectedType, Type replyType)
    : InvalidOperationException($"Ask to {target} with {messageType.Name} expected a {expectedType.Name} reply but got a {replyType.Name}.")
{
    /// <summary>The reply type the caller asked for.</summary>
    public Type ExpectedType { get; } = expectedType;

    /// <summary>The type of the reply that came.</summary>
    public Type ReplyType { get; } = replyType;
}

/// <summary>An Ask could not even deliver its question: the target's mailbox was full or the target had stopped.</summary>
/// <param name="target">The actor asked.</param>
/// <param name="messageType">The type of the message sent.</param>
public sealed class MessageNotDeliveredException(ActorPath target, Type messageType)
    : InvalidOperationException($"Ask to {target} with {messageType.Name} was not delivered: its mailbox is full or it has stopped (see dead letters).");
