using System.Threading.Channels;
using GroundStation.Actors;
using Xunit;

namespace GroundStation.Testing.Actors;

/// <summary>
/// A real actor under <c>/user</c> that records every message it receives, for tests to assert on in order.
/// Pass <see cref="Ref"/> as a sender or as a collaborator; expectations fail at once when the system is idle and
/// the expected message has not come, so a failing test does not wait out a timeout.
/// </summary>
public sealed class TestProbe
{
    private readonly ActorTestKit _kit;
    private readonly Channel<(object Message, IActorRef? Sender)> _received =
        Channel.CreateUnbounded<(object Message, IActorRef? Sender)>(new UnboundedChannelOptions { SingleReader = true });

    internal TestProbe(ActorTestKit kit, string name)
    {
        _kit = kit;
        Ref = kit.System.ActorOf(Props.Create(() => new ProbeActor(_received.Writer)), name);
    }

    /// <summary>The probe's address.</summary>
    public IActorRef Ref { get; }

    /// <summary>The sender of the message most recently taken by an expectation.</summary>
    public IActorRef? LastSender { get; private set; }

    /// <summary>Makes the probe watch <paramref name="actor"/>, so it receives <see cref="Terminated"/> when that actor stops.</summary>
    /// <param name="actor">The actor to watch.</param>
    public Task WatchAsync(IActorRef actor)
    {
        Ref.Tell(new WatchCommand(actor));
        return _kit.WaitForIdleAsync();
    }

    /// <summary>Sends <paramref name="message"/> to <paramref name="target"/> with the probe as sender.</summary>
    /// <param name="target">The recipient.</param>
    /// <param name="message">The message.</param>
    public bool Send(IActorRef target, object message)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Tell(message, Ref);
    }

    /// <summary>Takes the next message, which must be a <typeparamref name="T"/>, failing when none comes.</summary>
    /// <typeparam name="T">The expected type.</typeparam>
    /// <param name="timeout">Real-time safety net for actors awaiting real I/O; <see cref="ActorTestKit.DefaultTimeout"/> when null.</param>
    public async Task<T> ExpectMsgAsync<T>(TimeSpan? timeout = null)
    {
        var (message, sender) = await NextAsync(timeout ?? ActorTestKit.DefaultTimeout, typeof(T).Name);
        LastSender = sender;
        return Assert.IsType<T>(message);
    }

    /// <summary>Takes the next message, which must be a <typeparamref name="T"/> matching <paramref name="predicate"/>.</summary>
    /// <typeparam name="T">The expected type.</typeparam>
    /// <param name="predicate">What the message must satisfy.</param>
    /// <param name="timeout">Real-time safety net; <see cref="ActorTestKit.DefaultTimeout"/> when null.</param>
    public async Task<T> ExpectMsgAsync<T>(Func<T, bool> predicate, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var message = await ExpectMsgAsync<T>(timeout);
        Assert.True(predicate(message), $"Probe {Ref.Path} received {message}, which does not match the expectation.");
        return message;
    }

    /// <summary>Takes the next message, which must say that <paramref name="actor"/> stopped (the probe must watch it).</summary>
    /// <param name="actor">The actor expected to stop.</param>
    public Task<Terminated> ExpectTerminatedAsync(IActorRef actor) =>
        ExpectMsgAsync<Terminated>(t => ReferenceEquals(t.Actor, actor));

    /// <summary>Waits until the system is idle and takes every message received and not yet taken, in order.</summary>
    public async Task<IReadOnlyList<object>> ReceiveAllAsync()
    {
        await _kit.WaitForIdleAsync();
        var messages = new List<object>();
        while (_received.Reader.TryRead(out var item))
        {
            messages.Add(item.Message);
        }

        return messages;
    }

    /// <summary>Waits until the system is idle and fails if the probe has received anything not yet taken.</summary>
    public async Task ExpectNoMsgAsync()
    {
        await _kit.WaitForIdleAsync();
        if (_received.Reader.TryRead(out var unexpected))
        {
            Assert.Fail($"Probe {Ref.Path} expected no message but received {unexpected.Message}.");
        }
    }

    /// <summary>Advances the kit's clock by <paramref name="duration"/> and fails if the probe receives anything meanwhile.</summary>
    /// <param name="duration">How long, on the manual clock, nothing may arrive.</param>
    public async Task ExpectNoMsgAsync(TimeSpan duration)
    {
        await ExpectNoMsgAsync();
        await _kit.AdvanceAsync(duration);
        await ExpectNoMsgAsync();
    }

    private async Task<(object Message, IActorRef? Sender)> NextAsync(TimeSpan timeout, string expected)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            if (_received.Reader.TryRead(out var item))
            {
                return item;
            }

            try
            {
                var arrived = _received.Reader.WaitToReadAsync(deadline.Token).AsTask();
                var idle = _kit.System.WaitForIdleAsync(deadline.Token);
                await Task.WhenAny(arrived, idle);
                if (idle.IsCompletedSuccessfully && !_received.Reader.TryPeek(out _))
                {
                    Assert.Fail($"Probe {Ref.Path} expected a {expected} but the actor system is idle and none came.");
                }

                if (deadline.IsCancellationRequested)
                {
                    Assert.Fail($"Probe {Ref.Path} expected a {expected} but none came within {timeout} of real time.");
                }
            }
            catch (OperationCanceledException ex) when (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"Probe {Ref.Path} expected a {expected} but none came within {timeout} of real time.", ex);
            }
        }
    }

    private sealed record WatchCommand(IActorRef Target);

    private sealed class ProbeActor(ChannelWriter<(object Message, IActorRef? Sender)> received) : Actor
    {
        protected override ValueTask ReceiveAsync(object message)
        {
            if (message is WatchCommand watch)
            {
                Context.Watch(watch.Target);
            }
            else
            {
                received.TryWrite((message, Sender));
            }

            return ValueTask.CompletedTask;
        }
    }
}
