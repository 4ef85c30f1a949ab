using GroundStation.Actors;
using GroundStation.Testing.Actors;

namespace GroundStation.Actors.Tests;

public sealed class ScheduleTests
{
    [Fact]
    public async Task A_one_shot_schedule_delivers_once_when_the_clock_reaches_it()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var actor = kit.System.ActorOf(RecordingActor.Props(probe.Ref), "timed");
        await probe.ExpectMsgAsync<Hook>();

        actor.Tell(new StartTimer(TimeSpan.FromMinutes(5), null, "pass starts"));
        await probe.ExpectNoMsgAsync(TimeSpan.FromMinutes(5) - TimeSpan.FromTicks(1));
        await kit.AdvanceAsync(TimeSpan.FromTicks(1));

        Assert.Equal("pass starts", await probe.ExpectMsgAsync<string>());
        Assert.Same(actor, probe.LastSender);
        await probe.ExpectNoMsgAsync(TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task A_repeating_schedule_delivers_every_interval_until_cancelled()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var actor = kit.System.ActorOf(RecordingActor.Props(probe.Ref), "ticking");
        await probe.ExpectMsgAsync<Hook>();

        actor.Tell(new StartTimer(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), "tick"));
        await kit.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.Equal("tick", await probe.ExpectMsgAsync<string>());
        for (var i = 0; i < 3; i++)
        {
            await probe.ExpectNoMsgAsync(TimeSpan.FromSeconds(9));
            await kit.AdvanceAsync(TimeSpan.FromSeconds(1));
            Assert.Equal("tick", await probe.ExpectMsgAsync<string>());
        }

        actor.Tell(new CancelTimer());
        await probe.ExpectNoMsgAsync(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Schedules_end_when_their_actor_stops_or_restarts()
    {
        var strategy = SupervisorStrategy.OneForOne(_ => SupervisorDirective.Restart, SupervisionTests.AtOnce(5));
        await using var kit = new ActorTestKit(new ActorSystemOptions { GuardianStrategy = strategy });
        var probe = kit.CreateProbe();
        var restarted = kit.System.ActorOf(RecordingActor.Props(probe.Ref), "restarted");
        var stopped = kit.System.ActorOf(RecordingActor.Props(probe.Ref), "stopped");
        restarted.Tell(new StartTimer(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), "from the old instance"));
        stopped.Tell(new StartTimer(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), "from a stopped actor"));
        await kit.WaitForIdleAsync();

        restarted.Tell(new Fail(new BoomException()));
        kit.System.Stop(stopped);
        await probe.ReceiveAllAsync();

        await probe.ExpectNoMsgAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(0, kit.System.DeadLetters.Count);
    }

    [Fact]
    public async Task A_cancelled_handle_reports_that_it_is_no_longer_active()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var actor = kit.System.ActorOf(Props.Create(() => new HandleReportingActor(probe.Ref)));

        var handle = await probe.ExpectMsgAsync<ScheduleHandle>();
        Assert.True(handle.IsActive);
        await kit.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.Equal("once", await probe.ExpectMsgAsync<string>());
        Assert.False(handle.IsActive);
        handle.Cancel();
        Assert.False(handle.IsActive);
        Assert.NotNull(actor);
    }

    private sealed class HandleReportingActor(IActorRef probe) : Actor
    {
        protected override void PreStart() => probe.Tell(Context.ScheduleTellOnce(TimeSpan.FromSeconds(1), "once"));

        protected override ValueTask ReceiveAsync(object message)
        {
            probe.Tell(message);
            return ValueTask.CompletedTask;
        }
    }
}
