using GroundStation.Actors;

namespace GroundStation.Actors.Tests;

/// <summary>A lifecycle hook that ran, reported to the probe.</summary>
public sealed record Hook(string Name, ActorPath Path);

public sealed record Increment;

public sealed record GetCount;

public sealed record Count(int Value);

/// <summary>Makes the recipient throw <paramref name="Cause"/> while handling it.</summary>
public sealed record Fail(Exception Cause);

/// <summary>Makes the recipient create a child and reply with its reference.</summary>
public sealed record Spawn(Props Props, string? Name);

/// <summary>Makes the recipient watch (or unwatch) an actor.</summary>
public sealed record WatchIt(IActorRef Target, bool Unwatch = false);

public sealed record StopChild(IActorRef Child);

public sealed record StartTimer(TimeSpan Delay, TimeSpan? Interval, object Message);

public sealed record CancelTimer;

public sealed class BoomException(string message) : Exception(message)
{
    public BoomException()
        : this("boom")
    {
    }

    public BoomException(string message, Exception inner)
        : this(message + ": " + inner.Message)
    {
    }
}

/// <summary>
/// The general-purpose test actor: counts, fails on demand, spawns and watches, reports every lifecycle hook and every
/// message it does not act on to the probe, and supervises its children with the strategy it is given.
/// </summary>
public sealed class RecordingActor(IActorRef probe, SupervisorStrategy? strategy = null, bool failInPreStart = false) : Actor
{
    private int _count;
    private ScheduleHandle? _timer;

    public static Props Props(IActorRef probe, SupervisorStrategy? strategy = null) =>
        GroundStation.Actors.Props.Create(() => new RecordingActor(probe, strategy));

    protected override SupervisorStrategy? SupervisorStrategy => strategy;

    protected override ValueTask ReceiveAsync(object message)
    {
        switch (message)
        {
            case Increment:
                _count++;
                break;
            case GetCount:
                Reply(new Count(_count));
                break;
            case Fail fail:
                throw fail.Cause;
            case Spawn spawn:
                Reply(Context.ActorOf(spawn.Props, spawn.Name));
                break;
            case WatchIt { Unwatch: false } watch:
                Context.Watch(watch.Target);
                break;
            case WatchIt watch:
                Context.Unwatch(watch.Target);
                break;
            case StopChild stop:
                Context.Stop(stop.Child);
                break;
            case StartTimer { Interval: null } timer:
                _timer = Context.ScheduleTellOnce(timer.Delay, timer.Message);
                break;
            case StartTimer timer:
                _timer = Context.ScheduleTellRepeatedly(timer.Delay, timer.Interval.Value, timer.Message);
                break;
            case CancelTimer:
                _timer?.Cancel();
                break;
            default:
                probe.Tell(message, Sender);
                break;
        }

        return ValueTask.CompletedTask;
    }

    protected override void PreStart()
    {
        probe.Tell(new Hook(Hooks.PreStart, Self.Path));
        if (failInPreStart)
        {
            throw new BoomException("failing in PreStart");
        }
    }

    protected override void PostStop() => probe.Tell(new Hook(Hooks.PostStop, Self.Path));

    protected override void PreRestart(Exception cause)
    {
        probe.Tell(new Hook(Hooks.PreRestart, Self.Path));
        base.PreRestart(cause);
    }

    protected override void PostRestart(Exception cause)
    {
        probe.Tell(new Hook(Hooks.PostRestart, Self.Path));
        base.PostRestart(cause);
    }
}

/// <summary>Holds each message until the test opens the gate, to fill mailboxes and observe overtaking deterministically.</summary>
public sealed class GatedActor(Gate gate, IActorRef probe) : Actor
{
    protected override async ValueTask ReceiveAsync(object message)
    {
        gate.Entered.TrySetResult();
        await gate.Open.Task;
        probe.Tell(message, Sender);
    }

    protected override void PostStop() => probe.Tell(new Hook(Hooks.PostStop, Self.Path));
}

public sealed class Gate
{
    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Open { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>Replies to every message with the message itself.</summary>
public sealed class EchoActor : Actor
{
    protected override ValueTask ReceiveAsync(object message)
    {
        Reply(message);
        return ValueTask.CompletedTask;
    }
}

/// <summary>Never replies: Ask timeouts.</summary>
public sealed class SilentActor : Actor
{
    protected override ValueTask ReceiveAsync(object message) => ValueTask.CompletedTask;
}

/// <summary>The names <see cref="Hook"/> reports.</summary>
public static class Hooks
{
    public const string PreStart = nameof(PreStart);
    public const string PostStop = nameof(PostStop);
    public const string PreRestart = nameof(PreRestart);
    public const string PostRestart = nameof(PostRestart);
}
