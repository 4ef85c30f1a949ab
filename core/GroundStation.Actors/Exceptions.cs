namespace GroundStation.Actors;

/// <summary>An Ask got no reply within its timeout.</summary>
public sealed class AskTimeoutException : TimeoutException
{
    /// <summary>Creates the exception for an Ask of <paramref name="messageType"/> to <paramref name="target"/>.</summary>
    /// <param name="target">The actor asked.</param>
    /// <param name="messageType">The type of the message sent.</param>
    /// <param name="timeout">How long the Ask waited.</param>
    public AskTimeoutException(ActorPath target, Type messageType, TimeSpan timeout)
        : base($"Ask to {target} with {messageType.Name} got no reply within {timeout}.")
    {
        Target = target;
        MessageType = messageType;
        Timeout = timeout;
    }

    /// <summary>Creates the exception with a message of your own.</summary>
    public AskTimeoutException()
    {
    }

    /// <summary>Creates the exception with a message of your own.</summary>
    /// <param name="message">The message.</param>
    public AskTimeoutException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message of your own and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public AskTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The actor asked, when known.</summary>
    public ActorPath? Target { get; }

    /// <summary>The type of the message sent, when known.</summary>
    public Type? MessageType { get; }

    /// <summary>How long the Ask waited.</summary>
    public TimeSpan Timeout { get; }
}

/// <summary>An Ask got a reply, but not of the type the caller expected.</summary>
public sealed class UnexpectedReplyException : InvalidOperationException
{
    /// <summary>Creates the exception for a reply of <paramref name="replyType"/> where <paramref name="expectedType"/> was expected.</summary>
    /// <param name="target">The actor asked.</param>
    /// <param name="messageType">The type of the message sent.</param>
    /// <param name="expectedType">The reply type the caller asked for.</param>
    /// <param name="replyType">The type of the reply that came.</param>
    public UnexpectedReplyException(ActorPath target, Type messageType, Type expectedType, Type replyType)
        : base($"Ask to {target} with {messageType.Name} expected a {expectedType.Name} reply but got a {replyType.Name}.")
    {
        ExpectedType = expectedType;
        ReplyType = replyType;
    }

    /// <summary>Creates the exception with a message of your own.</summary>
    public UnexpectedReplyException()
    {
    }

    /// <summary>Creates the exception with a message of your own.</summary>
    /// <param name="message">The message.</param>
    public UnexpectedReplyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message of your own and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public UnexpectedReplyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The reply type the caller asked for, when known.</summary>
    public Type? ExpectedType { get; }

    /// <summary>The type of the reply that came, when known.</summary>
    public Type? ReplyType { get; }
}

/// <summary>An Ask could not even deliver its question: the target's mailbox was full or the target had stopped.</summary>
public sealed class MessageNotDeliveredException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="messageType"/> refused by <paramref name="target"/>.</summary>
    /// <param name="target">The actor asked.</param>
    /// <param name="messageType">The type of the message sent.</param>
    public MessageNotDeliveredException(ActorPath target, Type messageType)
        : base($"Ask to {target} with {messageType.Name} was not delivered: its mailbox is full or it has stopped (see dead letters).")
    {
    }

    /// <summary>Creates the exception with a message of your own.</summary>
    public MessageNotDeliveredException()
    {
    }

    /// <summary>Creates the exception with a message of your own.</summary>
    /// <param name="message">The message.</param>
    public MessageNotDeliveredException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message of your own and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public MessageNotDeliveredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
