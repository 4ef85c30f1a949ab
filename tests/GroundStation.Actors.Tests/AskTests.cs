using GroundStation.Actors;
using GroundStation.Testing.Actors;

namespace GroundStation.Actors.Tests;

public sealed class AskTests
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Ask_returns_the_reply()
    {
        await using var kit = new ActorTestKit();
        var echo = kit.System.ActorOf(Props.Create(() => new EchoActor()), "echo");

        Assert.Equal("ping", await kit.System.AskAsync<string>(echo, "ping", AskTimeout));
    }

    [Fact]
    public async Task Ask_times_out_on_the_system_clock_naming_the_target_and_the_message_type()
    {
        await using var kit = new ActorTestKit();
        var silent = kit.System.ActorOf(Props.Create(() => new SilentActor()), "silent");

        var asking = kit.System.AskAsync<string>(silent, new GetCount(), AskTimeout);
        await kit.AdvanceAsync(AskTimeout - TimeSpan.FromTicks(1));
        Assert.False(asking.IsCompleted);
        await kit.AdvanceAsync(TimeSpan.FromTicks(1));

        var error = await Assert.ThrowsAsync<AskTimeoutException>(() => asking);
        Assert.Contains("/user/silent", error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(GetCount), error.Message, StringComparison.Ordinal);
        Assert.Equal(typeof(GetCount), error.MessageType);
        Assert.Equal(AskTimeout, error.Timeout);
    }

    [Fact]
    public async Task A_reply_of_the_wrong_type_is_a_clear_error()
    {
        await using var kit = new ActorTestKit();
        var echo = kit.System.ActorOf(Props.Create(() => new EchoActor()), "echo");

        var error = await Assert.ThrowsAsync<UnexpectedReplyException>(() => kit.System.AskAsync<Count>(echo, "ping", AskTimeout));

        Assert.Equal((typeof(Count), typeof(string)), (error.ExpectedType, error.ReplyType));
        Assert.Contains("expected a Count reply but got a String", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_to_a_stopped_actor_fails_at_once()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var echo = kit.System.ActorOf(Props.Create(() => new EchoActor()), "gone");
        await probe.WatchAsync(echo);
        kit.System.Stop(echo);
        await probe.ExpectTerminatedAsync(echo);

        await Assert.ThrowsAsync<MessageNotDeliveredException>(() => kit.System.AskAsync<string>(echo, "ping", AskTimeout));
    }

    [Fact]
    public async Task A_cancelled_ask_stops_waiting()
    {
        await using var kit = new ActorTestKit();
        var silent = kit.System.ActorOf(Props.Create(() => new SilentActor()));
        using var cancellation = new CancellationTokenSource();

        var asking = kit.System.AskAsync<string>(silent, "ping", AskTimeout, cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => asking);
    }

    [Fact]
    public async Task A_reply_after_the_timeout_goes_to_dead_letters()
    {
        await using var kit = new ActorTestKit();
        var probe = kit.CreateProbe();
        var asking = kit.System.AskAsync<string>(probe.Ref, "question", AskTimeout);
        Assert.Equal("question", await probe.ExpectMsgAsync<string>());
        var replyTo = probe.LastSender!;
        Assert.StartsWith("/temp/ask-", replyTo.Path.ToString(), StringComparison.Ordinal);

        await kit.AdvanceAsync(AskTimeout);
        await Assert.ThrowsAsync<AskTimeoutException>(() => asking);
        Assert.False(replyTo.Tell("too late"));

        Assert.Equal(1, kit.System.DeadLetters.CountOf(DeadLetterReason.RecipientStopped));
    }
}
