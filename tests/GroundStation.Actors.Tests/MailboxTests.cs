using GroundStation.Actors;
using GroundStation.Testing.Actors;

namespace GroundStation.Actors.Tests;

public sealed class MailboxTests
{
    [Fact]
    public async Task Messages_from_one_sender_arrive_in_the_order_sent()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var actor = kit.System.ActorOf(RecordingActor.Props(probe.Ref), "ordered");
        await probe.ExpectMsgAsync<Hook>();

        for (var i = 0; i < 500; i++)
        {
            Assert.True(actor.Tell(i));
        }

        for (var i = 0; i < 500; i++)
        {
            Assert.Equal(i, await probe.ExpectMsgAsync<int>());
        }
    }

    [Fact]
    public async Task An_actor_handles_one_message_at_a_time_even_with_asynchronous_handlers_and_concurrent_senders()
    {
        await using var kit = new ActorTestKit();
        var tracker = new ConcurrencyTracker();
        var actor = kit.System.ActorOf(Props.Create(() => new ConcurrencyActor(tracker)).WithMailboxCapacity(10_000));

        var senders = Enumerable.Range(0, 4).Select(s => Task.Run(async () =>
        {
            for (var i = 0; i < 250; i++)
            {
                await actor.TellAsync(i);
            }
        }));
        await Task.WhenAll(senders);
        await kit.WaitForIdleAsync();

        Assert.Equal(1000, tracker.Handled);
        Assert.Equal(1, tracker.MaxConcurrent);
    }

    [Fact]
    public async Task Tell_to_a_full_mailbox_returns_false_and_the_message_goes_to_dead_letters()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var deadLetters = kit.CreateProbe();
        kit.System.DeadLetters.Subscribe(deadLetters.Ref);
        var gate = new Gate();
        var actor = kit.System.ActorOf(Props.Create(() => new GatedActor(gate, probe.Ref)).WithMailboxCapacity(2), "narrow");

        Assert.True(actor.Tell("in-hand"));
        await gate.Entered.Task;
        Assert.True(actor.Tell("queued-1"));
        Assert.True(actor.Tell("queued-2"));
        Assert.False(actor.Tell("refused"));

        var letter = await deadLetters.ExpectMsgAsync<DeadLetter>();
        Assert.Equal(("refused", DeadLetterReason.MailboxFull), (letter.Message, letter.Reason));
        Assert.Same(actor, letter.Recipient);
        Assert.Equal(1, kit.System.DeadLetters.CountOf(DeadLetterReason.MailboxFull));

        gate.Open.SetResult();
        Assert.Equal("in-hand", await probe.ExpectMsgAsync<string>());
        Assert.Equal("queued-1", await probe.ExpectMsgAsync<string>());
        Assert.Equal("queued-2", await probe.ExpectMsgAsync<string>());
        await probe.ExpectNoMsgAsync();
    }

    [Fact]
    public async Task TellAsync_to_a_full_mailbox_waits_for_room_and_loses_nothing()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var gate = new Gate();
        var actor = kit.System.ActorOf(Props.Create(() => new GatedActor(gate, probe.Ref)).WithMailboxCapacity(1));

        await actor.TellAsync(0);
        await gate.Entered.Task;
        await actor.TellAsync(1);
        var waiting = actor.TellAsync(2).AsTask();
        Assert.False(waiting.IsCompleted);

        gate.Open.SetResult();
        await waiting.WaitAsync(ActorTestKit.DefaultTimeout);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(i, await probe.ExpectMsgAsync<int>());
        }

        Assert.Equal(0, kit.System.DeadLetters.Count);
    }

    [Fact]
    public async Task A_stop_overtakes_queued_user_messages_which_go_to_dead_letters()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var deadLetters = kit.CreateProbe();
        kit.System.DeadLetters.Subscribe(deadLetters.Ref);
        var gate = new Gate();
        var actor = kit.System.ActorOf(Props.Create(() => new GatedActor(gate, probe.Ref)), "stopped-early");

        actor.Tell("first");
        await gate.Entered.Task;
        actor.Tell("second");
        kit.System.Stop(actor);
        gate.Open.SetResult();

        Assert.Equal("first", await probe.ExpectMsgAsync<string>());
        Assert.Equal(Hooks.PostStop, (await probe.ExpectMsgAsync<Hook>()).Name);
        var letter = await deadLetters.ExpectMsgAsync<DeadLetter>();
        Assert.Equal(("second", DeadLetterReason.RecipientStopped), (letter.Message, letter.Reason));
        await probe.ExpectNoMsgAsync();
    }

    private sealed class ConcurrencyTracker
    {
        private int _inside;
        private int _max;
        private int _handled;

        public int MaxConcurrent => Volatile.Read(ref _max);

        public int Handled => Volatile.Read(ref _handled);

        public void Enter()
        {
            var inside = Interlocked.Increment(ref _inside);
            int seen;
            while ((seen = Volatile.Read(ref _max)) < inside && Interlocked.CompareExchange(ref _max, inside, seen) != seen)
            {
            }
        }

        public void Exit()
        {
            Interlocked.Decrement(ref _inside);
            Interlocked.Increment(ref _handled);
        }
    }

    private sealed class ConcurrencyActor(ConcurrencyTracker tracker) : Actor
    {
        protected override async ValueTask ReceiveAsync(object message)
        {
            tracker.Enter();
            await Task.Yield();
            tracker.Exit();
        }
    }
}
