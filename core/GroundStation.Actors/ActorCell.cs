using System.Collections.Concurrent;
using System.Threading.Channels;

namespace GroundStation.Actors;

/// <summary>
/// The runtime side of one actor: its mailbox, its place in the hierarchy, its lifecycle and its supervision of
/// children. A cell runs on the thread pool only while it has work: a producer that finds it idle queues it once
/// (no per-message task), and the run takes system messages first, then up to the system's throughput of user
/// messages, one at a time. Everything not marked otherwise is touched only by that run.
/// </summary>
internal sealed class ActorCell : IActorRef, IThreadPoolWorkItem
{
    private readonly Channel<Envelope> _mailbox;
    private readonly ConcurrentQueue<SystemMessage> _systemMessages = new();
    private readonly Queue<Envelope> _priorityMessages = new();
    private readonly Dictionary<string, ActorCell> _children = new(StringComparer.Ordinal); // guarded by itself
    private readonly HashSet<ActorCell> _childrenStopping = [];
    private readonly Dictionary<ActorCell, RestartStatistics> _restartStatistics = [];
    private readonly HashSet<ActorCell> _watchers = [];
    private readonly HashSet<ActorCell> _watching = [];
    private readonly HashSet<ScheduleHandle> _schedules = []; // guarded by itself: timers end on their own threads
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ActorContext _context;
    private int _scheduled;
    private int _state = (int)CellState.Created;
    private int _childNameCounter;
    private Actor? _actor;
    private ActorCell? _escalatedFrom;
    private Exception? _pendingRestartCause;

    public ActorCell(ActorSystem system, ActorCell? parent, ActorPath path, Props props)
    {
        System = system;
        Parent = parent;
        Path = path;
        Props = props;
        _mailbox = Channel.CreateBounded<Envelope>(new BoundedChannelOptions(props.MailboxCapacity ?? system.Options.DefaultMailboxCapacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _context = new ActorContext(this);
    }

    private enum CellState
    {
        Created,
        Running,
        Suspended,
        Restarting,
        Stopping,
        Stopped,
    }

    public ActorPath Path { get; }

    public ActorSystem System { get; }

    public ActorCell? Parent { get; }

    public Props Props { get; }

    public IActorRef? CurrentSender { get; private set; }

    /// <summary>Completes once the actor has stopped and told its parent and watchers.</summary>
    public Task Terminated => _terminated.Task;

    private CellState State
    {
        get => (CellState)Volatile.Read(ref _state);
        set => Volatile.Write(ref _state, (int)value);
    }

    private bool IsStoppingOrStopped => State is CellState.Stopping or CellState.Stopped;

    public bool Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (TryPost(message, sender))
        {
            return true;
        }

        System.DeadLetters.Publish(new DeadLetter(
            message, sender, this, IsStoppingOrStopped ? DeadLetterReason.RecipientStopped : DeadLetterReason.MailboxFull));
        return false;
    }

    public ValueTask TellAsync(object message, IActorRef? sender = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return TryPost(message, sender) ? ValueTask.CompletedTask : WaitForRoomAsync(message, sender, cancellationToken);
    }

    /// <summary>Enqueues without dead-lettering on refusal; dead-letter delivery itself uses this to avoid loops.</summary>
    public bool TryPost(object message, IActorRef? sender)
    {
        if (!_mailbox.Writer.TryWrite(new Envelope(message, sender)))
        {
            return false;
        }

        Schedule();
        return true;
    }

    public void SendSystem(SystemMessage message)
    {
        _systemMessages.Enqueue(message);
        Schedule();
    }

    public override string ToString() => Path.ToString();

    void IThreadPoolWorkItem.Execute() => Process(System.Options.Throughput);

    public IReadOnlyCollection<IActorRef> ChildrenSnapshot()
    {
        lock (_children)
        {
            return [.. _children.Values];
        }
    }

    public IActorRef? FindChild(string name)
    {
        lock (_children)
        {
            return _children.GetValueOrDefault(name);
        }
    }

    public ActorCell CreateChild(Props props, string? name)
    {
        ArgumentNullException.ThrowIfNull(props);
        var childName = name ?? "$" + Interlocked.Increment(ref _childNameCounter).ToString(global::System.Globalization.CultureInfo.InvariantCulture);
        var path = Path.Child(childName);
        ActorCell child;
        lock (_children)
        {
            if (IsStoppingOrStopped)
            {
                throw new InvalidOperationException($"{Path} is stopping, so it cannot create the child '{childName}'.");
            }

            if (_children.ContainsKey(childName))
            {
                throw new ArgumentException($"{Path} already has a child named '{childName}'.", nameof(name));
            }

            child = new ActorCell(System, this, path, props);
            _children.Add(childName, child);
        }

        child.SendSystem(CreateActor.Instance);
        return child;
    }

    public void StopChildOrSelf(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (ReferenceEquals(actor, this))
        {
            SendSystem(StopActor.Instance);
            return;
        }

        if (actor is not ActorCell child || !ReferenceEquals(child.Parent, this))
        {
            throw new InvalidOperationException($"{Path} can stop only itself and its children, not {actor.Path}.");
        }

        StopChild(child);
    }

    public void Watch(IActorRef actor)
    {
        var target = AsCell(actor, "watch");
        if (!ReferenceEquals(target, this) && _watching.Add(target))
        {
            target.SendSystem(new WatchActor(this));
        }
    }

    public void Unwatch(IActorRef actor)
    {
        var target = AsCell(actor, "unwatch");
        if (!_watching.Remove(target))
        {
            return;
        }

        target.SendSystem(new UnwatchActor(this));

        // A Terminated already queued for the target must not arrive after Unwatch.
        var kept = _priorityMessages.Where(e => e.Message is not Terminated t || !ReferenceEquals(t.Actor, target)).ToList();
        _priorityMessages.Clear();
        foreach (var envelope in kept)
        {
            _priorityMessages.Enqueue(envelope);
        }
    }

    public ScheduleHandle ScheduleTell(TimeSpan dueIn, TimeSpan period, object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var handle = new ScheduleHandle(System.TimeProvider, dueIn, period, () => Tell(message, this), RemoveSchedule);
        lock (_schedules)
        {
            if (handle.IsActive)
            {
                _schedules.Add(handle);
            }
        }

        return handle;
    }

    private void RemoveSchedule(ScheduleHandle handle)
    {
        lock (_schedules)
        {
            _schedules.Remove(handle);
        }
    }

    private void CancelSchedules()
    {
        ScheduleHandle[] schedules;
        lock (_schedules)
        {
            schedules = [.. _schedules];
        }

        foreach (var schedule in schedules)
        {
            schedule.Cancel();
        }
    }

    private ActorCell AsCell(IActorRef actor, string operation)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor is ActorCell cell && ReferenceEquals(cell.System, System)
            ? cell
            : throw new ArgumentException($"{Path} cannot {operation} {actor.Path}: only actors of the same system can be watched.", nameof(actor));
    }

    private async ValueTask WaitForRoomAsync(object message, IActorRef? sender, CancellationToken cancellationToken)
    {
        try
        {
            await _mailbox.Writer.WriteAsync(new Envelope(message, sender), cancellationToken);
            Schedule();
        }
        catch (ChannelClosedException)
        {
            System.DeadLetters.Publish(new DeadLetter(message, sender, this, DeadLetterReason.RecipientStopped));
        }
    }

    private void Schedule()
    {
        if (Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
        {
            System.MailboxScheduled();
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    private void Process(int budget)
    {
        while (true)
        {
            ProcessSystemMessages();
            if (State != CellState.Running || budget <= 0 || !TryTakeUserMessage(out var envelope))
            {
                break;
            }

            budget--;
            var pending = Invoke(envelope);
            if (!pending.IsCompleted)
            {
                _ = AwaitHandlerThenProcessAsync(pending, envelope.Message, budget);
                return;
            }

            Observe(pending, envelope.Message);
        }

        // Clear the flag first, then look for work a producer may have added meanwhile (it saw the flag still set).
        Interlocked.Exchange(ref _scheduled, 0);
        if (!_systemMessages.IsEmpty || (State == CellState.Running && (_priorityMessages.Count > 0 || _mailbox.Reader.Count > 0)))
        {
            Schedule();
        }

        System.MailboxUnscheduled();
    }

    private bool TryTakeUserMessage(out Envelope envelope) =>
        _priorityMessages.TryDequeue(out envelope) || _mailbox.Reader.TryRead(out envelope);

    private ValueTask Invoke(Envelope envelope)
    {
        CurrentSender = envelope.Sender;
        try
        {
            return _actor!.InvokeReceive(envelope.Message);
        }
        catch (Exception ex)
        {
            Fail(ex, envelope.Message);
            return ValueTask.CompletedTask;
        }
    }

    private void Observe(ValueTask completed, object message)
    {
        try
        {
            completed.GetAwaiter().GetResult();
        }
        catch (Exception ex)
        {
            Fail(ex, message);
        }
    }

    private async Task AwaitHandlerThenProcessAsync(ValueTask pending, object message, int budget)
    {
        try
        {
            await pending;
        }
        catch (Exception ex)
        {
            Fail(ex, message);
        }

        Process(budget);
    }

    private void Fail(Exception cause, object? message)
    {
        if (IsStoppingOrStopped)
        {
            ActorLog.FailedWhileStopping(System.Logger, cause, Path);
            return;
        }

        State = CellState.Suspended;
        ActorLog.ActorFailed(System.Logger, cause, Path, message);
        if (Parent is null)
        {
            System.OnRootFailure(cause);
            return;
        }

        Parent.SendSystem(new ChildFailed(this, cause));
    }

    private void ProcessSystemMessages()
    {
        while (_systemMessages.TryDequeue(out var message))
        {
            if (State == CellState.Stopped)
            {
                // A stopped actor still answers Watch, so that watching a dead actor yields Terminated at once.
                if (message is WatchActor lateWatch)
                {
                    lateWatch.Watcher.SendSystem(new DeathWatchNotification(this));
                }

                continue;
            }

            switch (message)
            {
                case CreateActor when State == CellState.Created:
                    StartInstance(null);
                    break;
                case StopActor:
                    BeginStop();
                    break;
                case SuspendActor when State == CellState.Running:
                    State = CellState.Suspended;
                    break;
                case ResumeActor when State == CellState.Suspended:
                    Resume();
                    break;
                case RestartActor restart:
                    BeginRestart(restart.Cause);
                    break;
                case ChildFailed failed:
                    Supervise(failed);
                    break;
                case ChildTerminated terminated:
                    OnChildTerminated(terminated.Child);
                    break;
                case WatchActor watch:
                    _watchers.Add(watch.Watcher);
                    break;
                case UnwatchActor unwatch:
                    _watchers.Remove(unwatch.Watcher);
                    break;
                case DeathWatchNotification death when _watching.Remove(death.Actor):
                    _priorityMessages.Enqueue(new Envelope(new Terminated(death.Actor), death.Actor));
                    break;
                default:
                    // Signals that no longer apply (a resume for a restarted actor, a create after a stop) are dropped by design.
                    break;
            }
        }
    }

    private void StartInstance(Exception? restartCause)
    {
        Actor actor;
        try
        {
            actor = Props.NewActor();
        }
        catch (Exception ex)
        {
            _actor = null;
            Fail(ex, null);
            return;
        }

        actor.Attach(_context);
        _actor = actor;
        State = CellState.Running;
        CurrentSender = null;
        try
        {
            if (restartCause is null)
            {
                actor.InvokePreStart();
            }
            else
            {
                actor.InvokePostRestart(restartCause);
            }
        }
        catch (Exception ex)
        {
            Fail(ex, null);
        }
    }

    private void Resume()
    {
        if (_actor is null)
        {
            // The factory itself failed, so there is no instance to resume: make one.
            StartInstance(null);
            return;
        }

        State = CellState.Running;
        if (_escalatedFrom is { } child)
        {
            _escalatedFrom = null;
            child.SendSystem(ResumeActor.Instance);
        }
    }

    private void BeginRestart(Exception cause)
    {
        if (IsStoppingOrStopped)
        {
            return;
        }

        State = CellState.Restarting;
        CancelSchedules();
        _escalatedFrom = null;
        if (_actor is { } failed)
        {
            try
            {
                failed.InvokePreRestart(cause);
            }
            catch (Exception ex)
            {
                ActorLog.HookFailed(System.Logger, ex, Path, "PreRestart");
            }

            _actor = null;
        }

        _pendingRestartCause = cause;
        if (_childrenStopping.Count == 0)
        {
            FinishRestart();
        }
    }

    private void FinishRestart()
    {
        var cause = _pendingRestartCause!;
        _pendingRestartCause = null;
        ActorLog.ActorRestarted(System.Logger, Path, cause);
        StartInstance(cause);
    }

    private void BeginStop()
    {
        if (IsStoppingOrStopped)
        {
            return;
        }

        ActorCell[] children;
        lock (_children)
        {
            State = CellState.Stopping;
            children = [.. _children.Values];
        }

        CancelSchedules();
        _mailbox.Writer.TryComplete();
        foreach (var child in children)
        {
            StopChild(child);
        }

        if (children.Length == 0)
        {
            FinishStop();
        }
    }

    private void StopChild(ActorCell child)
    {
        _childrenStopping.Add(child);
        child.SendSystem(StopActor.Instance);
    }

    private void OnChildTerminated(ActorCell child)
    {
        int remaining;
        lock (_children)
        {
            if (_children.TryGetValue(child.Path.Name, out var known) && ReferenceEquals(known, child))
            {
                _children.Remove(child.Path.Name);
            }

            remaining = _children.Count;
        }

        _childrenStopping.Remove(child);
        _restartStatistics.Remove(child);
        if (ReferenceEquals(_escalatedFrom, child))
        {
            _escalatedFrom = null;
        }

        if (State == CellState.Stopping && remaining == 0)
        {
            FinishStop();
        }
        else if (State == CellState.Restarting && _pendingRestartCause is not null && _childrenStopping.Count == 0)
        {
            FinishRestart();
        }
    }

    private void FinishStop()
    {
        if (_actor is { } actor)
        {
            try
            {
                actor.InvokePostStop();
            }
            catch (Exception ex)
            {
                ActorLog.HookFailed(System.Logger, ex, Path, "PostStop");
            }

            _actor = null;
        }

        State = CellState.Stopped;
        while (_priorityMessages.TryDequeue(out var notice))
        {
            System.DeadLetters.Publish(new DeadLetter(notice.Message, notice.Sender, this, DeadLetterReason.RecipientStopped));
        }

        while (_mailbox.Reader.TryRead(out var queued))
        {
            System.DeadLetters.Publish(new DeadLetter(queued.Message, queued.Sender, this, DeadLetterReason.RecipientStopped));
        }

        foreach (var watcher in _watchers)
        {
            watcher.SendSystem(new DeathWatchNotification(this));
        }

        foreach (var watched in _watching)
        {
            watched.SendSystem(new UnwatchActor(this));
        }

        _watchers.Clear();
        _watching.Clear();
        ActorLog.ActorStopped(System.Logger, Path);
        Parent?.SendSystem(new ChildTerminated(this));
        _terminated.TrySetResult();
    }

    private void Supervise(ChildFailed failed)
    {
        var child = failed.Child;
        bool known;
        lock (_children)
        {
            known = _children.TryGetValue(child.Path.Name, out var current) && ReferenceEquals(current, child);
        }

        if (!known || IsStoppingOrStopped || _childrenStopping.Contains(child))
        {
            return;
        }

        var strategy = System.Options.DefaultStrategy;
        SupervisorDirective directive;
        try
        {
            strategy = Parent is null ? System.Options.GuardianStrategy : _actor?.StrategyForChildren ?? strategy;
            directive = strategy.Decide(failed.Cause);
        }
        catch (Exception ex)
        {
            ActorLog.DeciderFailed(System.Logger, ex, Path, child.Path);
            directive = SupervisorDirective.Escalate;
        }

        ActorLog.Supervising(System.Logger, Path, child.Path, failed.Cause, directive);
        switch (directive)
        {
            case SupervisorDirective.Resume:
                child.SendSystem(ResumeActor.Instance);
                break;
            case SupervisorDirective.Restart:
                Restart(strategy, child, failed.Cause);
                break;
            case SupervisorDirective.Stop:
                foreach (var target in Affected(strategy, child))
                {
                    StopChild(target);
                }

                break;
            default:
                _escalatedFrom = child;
                Fail(failed.Cause, null);
                break;
        }
    }

    private void Restart(SupervisorStrategy strategy, ActorCell child, Exception cause)
    {
        var policy = strategy.Restarts;
        var now = System.TimeProvider.GetUtcNow();
        if (!_restartStatistics.TryGetValue(child, out var statistics) || now - statistics.WindowStart >= policy.Window)
        {
            statistics = new RestartStatistics(now);
            _restartStatistics[child] = statistics;
        }

        statistics.Count++;
        var targets = Affected(strategy, child);
        if (statistics.Count > policy.MaxRestarts)
        {
            ActorLog.RestartsExhausted(System.Logger, child.Path, policy.MaxRestarts, policy.Window);
            foreach (var target in targets)
            {
                StopChild(target);
            }

            return;
        }

        var delay = policy.BackoffBefore(statistics.Count);
        foreach (var target in targets)
        {
            if (!ReferenceEquals(target, child))
            {
                target.SendSystem(SuspendActor.Instance);
            }

            var restart = new RestartActor(cause);
            if (delay == TimeSpan.Zero)
            {
                target.SendSystem(restart);
            }
            else
            {
                // Not tracked by this cell: a late restart for a child that stopped meanwhile is ignored by the child.
                _ = new ScheduleHandle(System.TimeProvider, delay, Timeout.InfiniteTimeSpan, () => target.SendSystem(restart), null);
            }
        }
    }

    private IEnumerable<ActorCell> Affected(SupervisorStrategy strategy, ActorCell child)
    {
        if (strategy.Scope == SupervisionScope.OneForOne)
        {
            return [child];
        }

        lock (_children)
        {
            return [.. _children.Values.Where(c => !_childrenStopping.Contains(c))];
        }
    }

    private readonly record struct Envelope(object Message, IActorRef? Sender);

    private sealed class RestartStatistics(DateTimeOffset windowStart)
    {
        public DateTimeOffset WindowStart { get; } = windowStart;

        public int Count { get; set; }
    }
}
