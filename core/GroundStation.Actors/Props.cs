namespace GroundStation.Actors;

/// <summary>
/// How to make an actor: a factory called once at start and again at every restart, so a restarted actor always
/// begins with fresh state, plus per-actor settings such as the mailbox capacity.
/// </summary>
public sealed class Props
{
    private readonly Func<Actor> _factory;

    private Props(Type actorType, Func<Actor> factory, int? mailboxCapacity)
    {
        ActorType = actorType;
        _factory = factory;
        MailboxCapacity = mailboxCapacity;
    }

    /// <summary>The type of actor the factory makes; it names the actor's logger.</summary>
    public Type ActorType { get; }

    /// <summary>The bounded mailbox's capacity, or null for the system's default.</summary>
    public int? MailboxCapacity { get; }

    /// <summary>Props whose factory makes a new <typeparamref name="TActor"/> every time it is called.</summary>
    /// <typeparam name="TActor">The actor type.</typeparam>
    /// <param name="factory">Makes a fresh instance; it must not return a shared instance.</param>
    public static Props Create<TActor>(Func<TActor> factory)
        where TActor : Actor
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new Props(typeof(TActor), factory, null);
    }

    /// <summary>The same props with a mailbox holding at most <paramref name="capacity"/> user messages.</summary>
    /// <param name="capacity">At least 1.</param>
    public Props WithMailboxCapacity(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        return new Props(ActorType, _factory, capacity);
    }

    internal Actor NewActor() =>
        _factory() ?? throw new InvalidOperationException($"The factory for {ActorType.Name} returned null.");
}
