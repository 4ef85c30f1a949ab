using GroundStation.Actors;
using GroundStation.Testing.Actors;

namespace GroundStation.Actors.Tests;

public sealed class SupervisionTests
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    private static readonly RestartPolicy Immediate = AtOnce(10);

    [Fact]
    public async Task Resume_keeps_the_instance_and_its_state()
    {
        await using var kit = Kit(SupervisorStrategy.OneForOne(_ => SupervisorDirective.Resume));
        var probe = kit.CreateProbe();
        var actor = kit.System.ActorOf(RecordingActor.Props(probe.Ref), "resumed");

        actor.Tell(new Increment());
        actor.Tell(new Fail(new BoomException()));
        actor.Tell(new Increment());

        Assert.Equal(2, (await kit.System.AskAsync<Count>(actor, new GetCount(), AskTimeout)).Value);
        await probe.ExpectMsgAsync<Hook>(h => h.Name == Hooks.PreStart);
        await probe.ExpectNoMsgAsync();
    }

    [Fact]
    public async Task Restart_makes_a_fresh_instance_calls_the_hooks_and_keeps_queued_messages()
    {
        await using var kit = Kit(SupervisorStrategy.OneForOne(_ => SupervisorDirective.Restart, Immediate));
        var probe = kit.CreateProbe();
        var actor = kit.System.ActorOf(RecordingActor.Props(probe.Ref), "restarted");
        await probe.ExpectMsgAsync<Hook>(h => h.Name == Hooks.PreStart);

        actor.Tell(new Increment());
        actor.Tell(new Fail(new BoomException()));
        actor.Tell(new Increment());

        Assert.Equal(1, (await kit.System.AskAsync<Count>(actor, new GetCount(), AskTimeout)).Value);
        Assert.Equal(
            [Hooks.PreRestart, Hooks.PostStop, Hooks.PostRestart, Hooks.PreStart],
            [
                (await probe.ExpectMsgAsync<Hook>()).Name,
                (await probe.ExpectMsgAsync<Hook>()).Name,
                (await probe.ExpectMsgAsync<Hook>()).Name,
                (await probe.ExpectMsgAsync<Hook>()).Name,
            ]);
    }

    [Fact]
    public async Task Restarts_back_off_exponentially_on_the_system_clock()
    {
        var policy = new RestartPolicy(5, TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));
        await using var kit = Kit(SupervisorStrategy.OneForOne(_ => SupervisorDirective.Restart, policy));
        var probe = kit.CreateProbe();
        var actor = kit.System.ActorOf(RecordingActor.Props(probe.Ref), "backing-off");
        await probe.ExpectMsgAsync<Hook>();

        foreach (var expectedDelay in new[] { 1, 2, 3, 3 })
        {
            actor.Tell(new Fail(new BoomException()));
            await probe.ExpectNoMsgAsync(TimeSpan.FromSeconds(expectedDelay) - TimeSpan.FromTicks(1));
            await kit.AdvanceAsync(TimeSpan.FromTicks(1));
            await probe.ExpectMsgAsync<Hook>(h => h.Name == Hooks.PreRestart);
            await probe.ExpectMsgAsync<Hook>(h => h.Name == Hooks.PostStop);
            await probe.ExpectMsgAsync<Hook>(h => h.Name == Hooks.PostRestart);
            await probe.ExpectMsgAsync<Hook>(h => h.Name == Hooks.PreStart);
        }
    }

    [Fact]
    public async Task More_restarts_than_allowed_within_the_window_stop_the_child()
    {
        await using var kit = Kit(SupervisorStrategy.OneForOne(_ => SupervisorDirective.Restart, AtOnce(2)));
        var hooks = kit.CreateProbe();
        var watcher = kit.CreateProbe();
        var actor = kit.System.ActorOf(RecordingActor.Props(hooks.Ref), "fragile");
        await watcher.WatchAsync(actor);

        actor.Tell(new Fail(new BoomException()));
        actor.Tell(new Fail(new BoomException()));
        Assert.Equal(0, (await kit.System.AskAsync<Count>(actor, new GetCount(), AskTimeout)).Value);
        actor.Tell(new Fail(new BoomException()));

        await watcher.ExpectTerminatedAsync(actor);
    }

    [Fact]
    public async Task The_restart_count_starts_again_after_a_quiet_window()
    {
        await using var kit = Kit(SupervisorStrategy.OneForOne(_ => SupervisorDirective.Restart, AtOnce(1)));
        var hooks = kit.CreateProbe();
        var watcher = kit.CreateProbe();
        var actor = kit.System.ActorOf(RecordingActor.Props(hooks.Ref), "recovering");
        await watcher.WatchAsync(actor);

        actor.Tell(new Fail(new BoomException()));
        await kit.AdvanceAsync(TimeSpan.FromMinutes(1));
        actor.Tell(new Fail(new BoomException()));

        Assert.Equal(0, (await kit.System.AskAsync<Count>(actor, new GetCount(), AskTimeout)).Value);
        await watcher.ExpectNoMsgAsync();
    }

    [Fact]
    public async Task Stop_stops_the_failing_child_and_its_queued_messages_go_to_dead_letters()
    {
        await using var kit = Kit(SupervisorStrategy.OneForOne(_ => SupervisorDirective.Stop));
        var probe = kit.CreateProbe();
        var actor = kit.System.ActorOf(RecordingActor.Props(probe.Ref), "stopped");
        await probe.WatchAsync(actor);
        await probe.ExpectMsgAsync<Hook>();

        actor.Tell(new Fail(new BoomException()));
        actor.Tell("never handled");

        // Terminated travels as a system message, so it may overtake what the actor told the probe as it stopped.
        var received = await probe.ReceiveAllAsync();
        Assert.Equal(2, received.Count);
        Assert.Contains(new Hook(Hooks.PostStop, actor.Path), received);
        Assert.Contains(new Terminated(actor), received);
        Assert.Equal(1, kit.System.DeadLetters.CountOf(DeadLetterReason.RecipientStopped));
    }

    [Fact]
    public async Task The_decider_chooses_per_exception()
    {
        var strategy = SupervisorStrategy.OneForOne(ex => ex is BoomException ? SupervisorDirective.Resume : SupervisorDirective.Stop);
        await using var kit = Kit(strategy);
        var hooks = kit.CreateProbe();
        var watcher = kit.CreateProbe();
        var actor = kit.System.ActorOf(RecordingActor.Props(hooks.Ref), "picky");
        await watcher.WatchAsync(actor);

        actor.Tell(new Increment());
        actor.Tell(new Fail(new BoomException()));
        Assert.Equal(1, (await kit.System.AskAsync<Count>(actor, new GetCount(), AskTimeout)).Value);
        actor.Tell(new Fail(new InvalidOperationException("fatal")));

        await watcher.ExpectTerminatedAsync(actor);
    }

    [Fact]
    public async Task Escalate_fails_the_parent_for_the_grandparent_to_decide()
    {
        await using var kit = Kit(SupervisorStrategy.OneForOne(_ => SupervisorDirective.Restart, Immediate));
        var probe = kit.CreateProbe();
        var parent = kit.System.ActorOf(RecordingActor.Props(probe.Ref, SupervisorStrategy.OneForOne(_ => SupervisorDirective.Escalate)), "parent");
        var child = await kit.System.AskAsync<IActorRef>(parent, new Spawn(RecordingActor.Props(probe.Ref), "child"), AskTimeout);
        parent.Tell(new Increment());
        await kit.WaitForIdleAsync();
        await HierarchyTests.DrainHooksAsync(probe, 2);

        child.Tell(new Fail(new BoomException()));

        // The parent restarts: its old instance stops its children, and the fresh one starts only once they have stopped.
        Assert.Equal(
            [
                new Hook(Hooks.PreRestart, parent.Path),
                new Hook(Hooks.PostStop, parent.Path),
                new Hook(Hooks.PostStop, child.Path),
                new Hook(Hooks.PostRestart, parent.Path),
                new Hook(Hooks.PreStart, parent.Path),
            ],
            await probe.ReceiveAllAsync());
        Assert.Equal(0, (await kit.System.AskAsync<Count>(parent, new GetCount(), AskTimeout)).Value);
        Assert.False(child.Tell(new Increment()));
    }

    [Fact]
    public async Task Resuming_a_parent_after_an_escalation_resumes_the_child_that_escalated()
    {
        await using var kit = Kit(SupervisorStrategy.OneForOne(_ => SupervisorDirective.Resume));
        var probe = kit.CreateProbe();
        var parent = kit.System.ActorOf(RecordingActor.Props(probe.Ref, SupervisorStrategy.OneForOne(_ => SupervisorDirective.Escalate)), "parent");
        var child = await kit.System.AskAsync<IActorRef>(parent, new Spawn(RecordingActor.Props(probe.Ref), "child"), AskTimeout);
        child.Tell(new Increment());

        child.Tell(new Fail(new BoomException()));
        child.Tell(new Increment());

        Assert.Equal(2, (await kit.System.AskAsync<Count>(child, new GetCount(), AskTimeout)).Value);
    }

    [Fact]
    public async Task An_escalation_that_reaches_the_root_stops_the_user_tree_with_the_cause()
    {
        await using var kit = Kit(SupervisorStrategy.OneForOne(_ => SupervisorDirective.Escalate));
        var probe = kit.CreateProbe();
        var parent = kit.System.ActorOf(RecordingActor.Props(probe.Ref, SupervisorStrategy.OneForOne(_ => SupervisorDirective.Escalate)), "parent");
        var child = await kit.System.AskAsync<IActorRef>(parent, new Spawn(RecordingActor.Props(probe.Ref), "child"), AskTimeout);
        var cause = new BoomException("unrecoverable");

        child.Tell(new Fail(cause));

        await kit.System.WhenTerminated.WaitAsync(ActorTestKit.DefaultTimeout);
        Assert.Same(cause, kit.System.TerminationCause);
        Assert.False(parent.Tell(new Increment()));
    }

    [Fact]
    public async Task AllForOne_restarts_every_sibling_of_the_failing_child()
    {
        await using var kit = Kit(SupervisorStrategy.OneForOne(_ => SupervisorDirective.Restart, Immediate));
        var probe = kit.CreateProbe();
        var parent = kit.System.ActorOf(
            RecordingActor.Props(probe.Ref, SupervisorStrategy.AllForOne(_ => SupervisorDirective.Restart, Immediate)), "parent");
        var failing = await kit.System.AskAsync<IActorRef>(parent, new Spawn(RecordingActor.Props(probe.Ref), "failing"), AskTimeout);
        var sibling = await kit.System.AskAsync<IActorRef>(parent, new Spawn(RecordingActor.Props(probe.Ref), "sibling"), AskTimeout);
        sibling.Tell(new Increment());
        await kit.WaitForIdleAsync();
        await HierarchyTests.DrainHooksAsync(probe, 3);

        failing.Tell(new Fail(new BoomException()));
        await kit.WaitForIdleAsync();

        Assert.Equal(0, (await kit.System.AskAsync<Count>(sibling, new GetCount(), AskTimeout)).Value);
        var restarted = new HashSet<ActorPath>();
        for (var i = 0; i < 8; i++)
        {
            var hook = await probe.ExpectMsgAsync<Hook>();
            if (hook.Name == Hooks.PostRestart)
            {
                restarted.Add(hook.Path);
            }
        }

        Assert.Equal(new HashSet<ActorPath> { failing.Path, sibling.Path }, restarted);
    }

    [Fact]
    public async Task A_failure_in_PreStart_is_supervised_like_any_other()
    {
        await using var kit = Kit(SupervisorStrategy.OneForOne(_ => SupervisorDirective.Restart, AtOnce(2)));
        var probe = kit.CreateProbe();
        var watcher = kit.CreateProbe();

        var actor = kit.System.ActorOf(Props.Create(() => new RecordingActor(probe.Ref, failInPreStart: true)), "never-starts");
        await watcher.WatchAsync(actor);

        await watcher.ExpectTerminatedAsync(actor);
        Assert.Equal(3, (await probe.ReceiveAllAsync()).OfType<Hook>().Count(h => h.Name == Hooks.PreStart));
    }

    [Fact]
    public async Task A_failing_supervisor_decider_escalates()
    {
        await using var kit = Kit(SupervisorStrategy.OneForOne(_ => SupervisorDirective.Stop));
        var probe = kit.CreateProbe();
        var watcher = kit.CreateProbe();
        var parent = kit.System.ActorOf(
            RecordingActor.Props(probe.Ref, SupervisorStrategy.OneForOne(_ => throw new InvalidOperationException("broken decider"))), "parent");
        var child = await kit.System.AskAsync<IActorRef>(parent, new Spawn(RecordingActor.Props(probe.Ref), "child"), AskTimeout);
        await watcher.WatchAsync(parent);

        child.Tell(new Fail(new BoomException()));

        await watcher.ExpectTerminatedAsync(parent);
    }

    [Fact]
    public async Task An_exception_after_an_await_in_an_asynchronous_handler_is_supervised_too()
    {
        await using var kit = Kit(SupervisorStrategy.OneForOne(_ => SupervisorDirective.Restart, Immediate));
        var probe = kit.CreateProbe();
        var actor = kit.System.ActorOf(Props.Create(() => new AsyncFailingActor(probe.Ref)), "async");

        actor.Tell("fail later");
        actor.Tell("after the failure");

        Assert.Equal([Hooks.PreStart, Hooks.PreStart, "after the failure"], await probe.ReceiveAllAsync());
    }

    /// <summary>Up to <paramref name="maxRestarts"/> restarts a minute, without backoff.</summary>
    internal static RestartPolicy AtOnce(int maxRestarts) => new(maxRestarts, TimeSpan.FromMinutes(1), TimeSpan.Zero, TimeSpan.Zero);

    private static ActorTestKit Kit(SupervisorStrategy guardianAndDefault) =>
        new(new ActorSystemOptions { GuardianStrategy = guardianAndDefault, DefaultStrategy = guardianAndDefault });

    /// <summary>Fails only after yielding, so the failure surfaces through the awaited handler.</summary>
    private sealed class AsyncFailingActor(IActorRef probe) : Actor
    {
        protected override void PreStart() => probe.Tell(Hooks.PreStart);

        protected override async ValueTask ReceiveAsync(object message)
        {
            await Task.Yield();
            if (message is "fail later")
            {
                throw new BoomException("failed after an await");
            }

            probe.Tell(message);
        }
    }
}
