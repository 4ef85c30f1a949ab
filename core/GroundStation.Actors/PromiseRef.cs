namespace GroundStation.Actors;

/// <summary>The temporary reply target of one Ask: the first message told to it is the answer.</summary>
internal sealed class PromiseRef(DeadLetterOffice deadLetters, ActorPath path, ActorPath target, Type messageType, TimeSpan timeout) : IActorRef
{
    private readonly TaskCompletionSource<object> _reply = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ActorPath Path { get; } = path;

    public Task<object> Reply => _reply.Task;

    public bool Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_reply.TrySetResult(message))
        {
            return true;
        }

        // A late or second reply: the asker has moved on.
        deadLetters.Publish(new DeadLetter(message, sender, this, DeadLetterReason.RecipientStopped));
        return false;
    }

    public ValueTask TellAsync(object message, IActorRef? sender = null, CancellationToken cancellationToken = default)
    {
        Tell(message, sender);
        return ValueTask.CompletedTask;
    }

    public void TimeOut() => _reply.TrySetException(new AskTimeoutException(target, messageType, timeout));

    public void Cancel(CancellationToken cancellationToken) => _reply.TrySetCanceled(cancellationToken);

    public override string ToString() => Path.ToString();
}
