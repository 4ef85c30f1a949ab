using GroundStation.Actors;
using GroundStation.Testing.Actors;
using Xunit.Sdk;

namespace GroundStation.Actors.Tests;

/// <summary>The test kit must be able to fail, and its notion of "idle" must be right, or every other test is hollow.</summary>
public sealed class TestKitTests
{
    [Fact]
    public async Task ExpectMsg_fails_at_once_when_the_system_is_idle_and_nothing_came()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();

        var error = await Assert.ThrowsAsync<FailException>(() => probe.ExpectMsgAsync<string>());

        Assert.Contains("expected a String but the actor system is idle", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpectMsg_fails_on_a_message_of_another_type_and_ExpectNoMsg_fails_on_any_message()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();

        probe.Ref.Tell(42);
        await Assert.ThrowsAsync<IsTypeException>(() => probe.ExpectMsgAsync<string>());
        probe.Ref.Tell("unexpected");
        var error = await Assert.ThrowsAsync<FailException>(() => probe.ExpectNoMsgAsync());

        Assert.Contains("received unexpected", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_system_is_not_idle_while_a_handler_is_still_running()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var gate = new Gate();
        var actor = kit.System.ActorOf(Props.Create(() => new GatedActor(gate, probe.Ref)));
        actor.Tell("held");
        await gate.Entered.Task;

        var first = kit.System.WaitForIdleAsync();
        var second = kit.System.WaitForIdleAsync();
        Assert.False(first.IsCompleted || second.IsCompleted);
        gate.Open.SetResult();

        await Task.WhenAll(first, second).WaitAsync(ActorTestKit.DefaultTimeout);
        Assert.Equal("held", await probe.ExpectMsgAsync<string>());
    }

    [Fact]
    public async Task The_system_is_idle_while_an_actor_only_waits_for_a_timer()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var actor = kit.System.ActorOf(RecordingActor.Props(probe.Ref), "waiting");
        actor.Tell(new StartTimer(TimeSpan.FromDays(1), null, "tomorrow"));

        await kit.WaitForIdleAsync();
        await probe.ExpectMsgAsync<Hook>();
        await probe.ExpectNoMsgAsync();
        await kit.AdvanceAsync(TimeSpan.FromDays(1));
        Assert.Equal("tomorrow", await probe.ExpectMsgAsync<string>());
    }
}
