using GroundStation.Actors;
using GroundStation.Testing.Actors;

namespace GroundStation.Actors.Tests;

public sealed class HierarchyTests
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Paths_follow_the_hierarchy_and_unnamed_children_get_generated_names()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var scheduler = kit.System.ActorOf(RecordingActor.Props(probe.Ref), "scheduler");

        var contact = await kit.System.AskAsync<IActorRef>(scheduler, new Spawn(RecordingActor.Props(probe.Ref), "contact-42"), AskTimeout);
        var unnamed = await kit.System.AskAsync<IActorRef>(scheduler, new Spawn(RecordingActor.Props(probe.Ref), null), AskTimeout);

        Assert.Equal("/user/scheduler", scheduler.Path.ToString());
        Assert.Equal("/user/scheduler/contact-42", contact.Path.ToString());
        Assert.Equal("/user/scheduler/$1", unnamed.Path.ToString());
        Assert.Equal(scheduler.Path, contact.Path.Parent);
    }

    [Fact]
    public async Task A_name_is_unique_among_living_siblings_and_free_again_once_its_holder_stopped()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var first = kit.System.ActorOf(Props.Create(() => new SilentActor()), "unique");

        var duplicate = Assert.Throws<ArgumentException>(() => kit.System.ActorOf(RecordingActor.Props(probe.Ref), "unique"));
        Assert.Contains("/user already has a child named 'unique'", duplicate.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => kit.System.ActorOf(RecordingActor.Props(probe.Ref), "bad/name"));

        await probe.WatchAsync(first);
        kit.System.Stop(first);
        await probe.ExpectTerminatedAsync(first);

        var second = kit.System.ActorOf(Props.Create(() => new SilentActor()), "unique");
        Assert.NotSame(first, second);
    }

    [Fact]
    public async Task Stopping_an_actor_stops_its_children_first()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var parent = kit.System.ActorOf(RecordingActor.Props(probe.Ref), "parent");
        var child = await kit.System.AskAsync<IActorRef>(parent, new Spawn(RecordingActor.Props(probe.Ref), "child"), AskTimeout);
        var grandchild = await kit.System.AskAsync<IActorRef>(child, new Spawn(RecordingActor.Props(probe.Ref), "grandchild"), AskTimeout);
        await kit.WaitForIdleAsync();
        await DrainHooksAsync(probe, 3);

        kit.System.Stop(parent);

        Assert.Equal(grandchild.Path, (await probe.ExpectMsgAsync<Hook>(h => h.Name == Hooks.PostStop)).Path);
        Assert.Equal(child.Path, (await probe.ExpectMsgAsync<Hook>(h => h.Name == Hooks.PostStop)).Path);
        Assert.Equal(parent.Path, (await probe.ExpectMsgAsync<Hook>(h => h.Name == Hooks.PostStop)).Path);
        Assert.False(child.Tell(new Increment()));
    }

    [Fact]
    public async Task Terminating_the_system_stops_every_actor_and_refuses_new_ones()
    {
        var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var parent = kit.System.ActorOf(RecordingActor.Props(probe.Ref), "parent");
        await kit.System.AskAsync<IActorRef>(parent, new Spawn(RecordingActor.Props(probe.Ref), "child"), AskTimeout);

        await kit.System.TerminateAsync().WaitAsync(ActorTestKit.DefaultTimeout);

        Assert.True(kit.System.WhenTerminated.IsCompletedSuccessfully);
        Assert.Null(kit.System.TerminationCause);
        Assert.Throws<InvalidOperationException>(() => kit.System.ActorOf(RecordingActor.Props(probe.Ref), "late"));
        Assert.False(parent.Tell(new Increment()));
        await kit.DisposeAsync();
    }

    [Fact]
    public async Task A_watcher_gets_Terminated_once_the_watched_actor_stops()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var watched = kit.System.ActorOf(RecordingActor.Props(probe.Ref), "watched");
        await probe.ExpectMsgAsync<Hook>();

        await probe.WatchAsync(watched);
        kit.System.Stop(watched);

        // Terminated travels as a system message, so it may overtake what the actor told the probe as it stopped.
        var received = await probe.ReceiveAllAsync();
        Assert.Equal(2, received.Count);
        Assert.Contains(new Hook(Hooks.PostStop, watched.Path), received);
        Assert.Contains(new Terminated(watched), received);
        await probe.ExpectNoMsgAsync();
    }

    [Fact]
    public async Task Watching_an_actor_that_already_stopped_yields_Terminated_at_once()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var gone = kit.System.ActorOf(Props.Create(() => new SilentActor()), "gone");
        kit.System.Stop(gone);
        await kit.WaitForIdleAsync();

        await probe.WatchAsync(gone);

        await probe.ExpectTerminatedAsync(gone);
    }

    [Fact]
    public async Task After_Unwatch_no_Terminated_arrives()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var watcher = kit.System.ActorOf(RecordingActor.Props(probe.Ref), "watcher");
        var watched = kit.System.ActorOf(Props.Create(() => new SilentActor()), "watched");
        watcher.Tell(new WatchIt(watched));
        watcher.Tell(new WatchIt(watched, Unwatch: true));
        await kit.WaitForIdleAsync();
        await probe.ExpectMsgAsync<Hook>();

        kit.System.Stop(watched);

        await probe.ExpectNoMsgAsync();
    }

    [Fact]
    public async Task A_parent_watching_its_child_is_told_when_it_stops()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var parent = kit.System.ActorOf(RecordingActor.Props(probe.Ref), "parent");
        var child = await kit.System.AskAsync<IActorRef>(parent, new Spawn(Props.Create(() => new SilentActor()), "child"), AskTimeout);
        parent.Tell(new WatchIt(child));
        await probe.ExpectMsgAsync<Hook>();

        parent.Tell(new StopChild(child));

        var terminated = await probe.ExpectMsgAsync<Terminated>();
        Assert.Same(child, terminated.Actor);
        Assert.Same(child, probe.LastSender);
    }

    [Fact]
    public async Task An_actor_that_tries_to_stop_a_stranger_fails_and_the_stranger_lives_on()
    {
        await using var kit = new ActorTestKit(new ActorSystemOptions
        {
            GuardianStrategy = SupervisorStrategy.OneForOne(_ => SupervisorDirective.Resume),
        });
        var probe = kit.CreateProbe();
        var target = kit.System.ActorOf(RecordingActor.Props(probe.Ref), "target");
        var stranger = kit.System.ActorOf(RecordingActor.Props(probe.Ref), "stranger");
        await DrainHooksAsync(probe, 2);

        stranger.Tell(new StopChild(target));
        target.Tell(new Increment());

        Assert.Equal(1, (await kit.System.AskAsync<Count>(target, new GetCount(), AskTimeout)).Value);
        Assert.Equal(0, (await kit.System.AskAsync<Count>(stranger, new GetCount(), AskTimeout)).Value);
        await probe.ExpectNoMsgAsync();
    }

    internal static async Task DrainHooksAsync(TestProbe probe, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await probe.ExpectMsgAsync<Hook>();
        }
    }
}
