using System.Globalization;
using Microsoft.Extensions.Logging;

namespace GroundStation.Actors;

/// <summary>
/// A tree of actors under the <c>/user</c> guardian, sharing a clock, a logger factory and a dead-letter office.
/// Top-level actors are created here; <see cref="TerminateAsync"/> stops the tree children-first.
/// </summary>
public sealed class ActorSystem : IAsyncDisposable
{
    private static readonly ActorPath TempRoot = ActorPath.Root("temp");
    private readonly ActorCell _guardian;
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Exception? _terminationCause;
    private long _askCounter;
    private int _busyMailboxes;
    private TaskCompletionSource? _idleSignal;

    /// <summary>Creates and starts a system.</summary>
    /// <param name="name">Names the system in logs; letters, digits and <c>-_.$</c>.</param>
    /// <param name="timeProvider">The clock for schedules, Ask timeouts and restart backoff.</param>
    /// <param name="loggerFactory">Makes the runtime's and the actors' loggers.</param>
    /// <param name="options">Settings; defaults when null.</param>
    public ActorSystem(string name, TimeProvider timeProvider, ILoggerFactory loggerFactory, ActorSystemOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        Name = ActorPath.ValidateName(name);
        Options = options ?? new ActorSystemOptions();
        Options.Validate();
        TimeProvider = timeProvider;
        LoggerFactory = loggerFactory;
        Logger = loggerFactory.CreateLogger<ActorSystem>();
        DeadLetters = new DeadLetterOffice(timeProvider, Logger, Options.DeadLetterLogInterval);
        _guardian = new ActorCell(this, null, ActorPath.Root("user"), Props.Create(static () => new GuardianActor()));
        _guardian.SendSystem(CreateActor.Instance);
        _ = _guardian.Terminated.ContinueWith(
            static (_, state) => ((ActorSystem)state!).OnGuardianTerminated(),
            this,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>The system's name.</summary>
    public string Name { get; }

    /// <summary>The clock for schedules, Ask timeouts and restart backoff.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Makes the runtime's and the actors' loggers.</summary>
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>The system's settings.</summary>
    public ActorSystemOptions Options { get; }

    /// <summary>Undeliverable and unhandled messages: counters and a subscription.</summary>
    public DeadLetterOffice DeadLetters { get; }

    /// <summary>Completes once every actor has stopped.</summary>
    public Task WhenTerminated => _terminated.Task;

    /// <summary>Why the system stopped on its own: the failure that escalated to the root; null otherwise.</summary>
    public Exception? TerminationCause => Volatile.Read(ref _terminationCause);

    internal ILogger Logger { get; }

    /// <summary>Creates and starts a top-level actor, under <c>/user</c>.</summary>
    /// <param name="props">How to make the actor.</param>
    /// <param name="name">A name unique among the top-level actors, or null for a generated one.</param>
    /// <exception cref="ArgumentException">The name is invalid or in use.</exception>
    /// <exception cref="InvalidOperationException">The system is terminating.</exception>
    public IActorRef ActorOf(Props props, string? name = null) => _guardian.CreateChild(props, name);

    /// <summary>Stops any actor of this system (children first), as if its parent had stopped it.</summary>
    /// <param name="actor">An actor of this system.</param>
    public void Stop(IActorRef actor)
    {
        if (actor is not ActorCell cell || !ReferenceEquals(cell.System, this))
        {
            throw new ArgumentException($"{actor?.Path} is not an actor of system {Name}.", nameof(actor));
        }

        cell.SendSystem(StopActor.Instance);
    }

    /// <summary>
    /// Sends <paramref name="message"/> to <paramref name="target"/> with a temporary reply target as sender and
    /// returns the first reply, which must be a <typeparamref name="T"/>.
    /// </summary>
    /// <typeparam name="T">The expected reply type.</typeparam>
    /// <param name="target">The actor asked.</param>
    /// <param name="message">The question.</param>
    /// <param name="timeout">How long to wait, on the system's clock; more than zero.</param>
    /// <param name="cancellationToken">Abandons the wait.</param>
    /// <exception cref="AskTimeoutException">No reply within <paramref name="timeout"/>.</exception>
    /// <exception cref="UnexpectedReplyException">The reply was not a <typeparamref name="T"/>.</exception>
    /// <exception cref="MessageNotDeliveredException">The target refused the question (full mailbox or stopped).</exception>
    public async Task<T> AskAsync<T>(IActorRef target, object message, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        var number = Interlocked.Increment(ref _askCounter).ToString(CultureInfo.InvariantCulture);
        var promise = new PromiseRef(DeadLetters, TempRoot.Child("ask-" + number), target.Path, message.GetType(), timeout);
        using var timer = TimeProvider.CreateTimer(static state => ((PromiseRef)state!).TimeOut(), promise, timeout, Timeout.InfiniteTimeSpan);
        await using var registration = cancellationToken.Register(
            static (state, token) => ((PromiseRef)state!).Cancel(token), promise);
        if (!target.Tell(message, promise))
        {
            throw new MessageNotDeliveredException(target.Path, message.GetType());
        }

        var reply = await promise.Reply;
        return reply is T typed
            ? typed
            : throw new UnexpectedReplyException(target.Path, message.GetType(), typeof(T), reply.GetType());
    }

    /// <summary>
    /// Completes when no actor has work it can do now: every mailbox is empty, suspended, or waiting for a timer.
    /// Meant for tests on a manual clock, where it replaces sleeping: tell, wait for idle, assert, advance the clock.
    /// Producers outside the system (other than the caller) make the answer stale at once.
    /// </summary>
    /// <param name="cancellationToken">Abandons the wait.</param>
    public async Task WaitForIdleAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            // Waiters share one signal, replaced only once spent, so a second waiter cannot orphan the first.
            var signal = Volatile.Read(ref _idleSignal);
            if (signal is null || signal.Task.IsCompleted)
            {
                var fresh = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                signal = Interlocked.CompareExchange(ref _idleSignal, fresh, signal) == signal ? fresh : Volatile.Read(ref _idleSignal)!;
            }

            if (Volatile.Read(ref _busyMailboxes) == 0)
            {
                return;
            }

            await signal.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Stops every actor, children before parents, and completes when all have stopped.</summary>
    public Task TerminateAsync()
    {
        _guardian.SendSystem(StopActor.Instance);
        return WhenTerminated;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await TerminateAsync();

    internal void MailboxScheduled() => Interlocked.Increment(ref _busyMailboxes);

    internal void MailboxUnscheduled()
    {
        if (Interlocked.Decrement(ref _busyMailboxes) == 0)
        {
            Volatile.Read(ref _idleSignal)?.TrySetResult();
        }
    }

    internal void OnRootFailure(Exception cause)
    {
        Interlocked.CompareExchange(ref _terminationCause, cause, null);
        ActorLog.RootFailure(Logger, cause, Name);
        _guardian.SendSystem(StopActor.Instance);
    }

    private void OnGuardianTerminated()
    {
        ActorLog.SystemTerminated(Logger, Name);
        _terminated.TrySetResult();
    }

    /// <summary>The <c>/user</c> actor: it only parents the top-level actors.</summary>
    private sealed class GuardianActor : Actor
    {
        protected override ValueTask ReceiveAsync(object message)
        {
            Unhandled(message);
            return ValueTask.CompletedTask;
        }
    }
}
