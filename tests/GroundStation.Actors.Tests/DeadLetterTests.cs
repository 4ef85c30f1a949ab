using GroundStation.Actors;
using GroundStation.Testing.Actors;
using Microsoft.Extensions.Logging;

namespace GroundStation.Actors.Tests;

public sealed class DeadLetterTests
{
    [Fact]
    public async Task A_message_to_a_stopped_actor_is_refused_counted_and_published()
    {
        await using var kit = new ActorTestKit();
        var deadLetters = kit.CreateProbe();
        kit.System.DeadLetters.Subscribe(deadLetters.Ref);
        var sender = kit.CreateProbe();
        var gone = kit.System.ActorOf(Props.Create(() => new SilentActor()), "gone");
        kit.System.Stop(gone);
        await kit.WaitForIdleAsync();

        Assert.False(gone.Tell("hello", sender.Ref));
        await gone.TellAsync("hello again");

        var first = await deadLetters.ExpectMsgAsync<DeadLetter>();
        Assert.Equal(new DeadLetter("hello", sender.Ref, gone, DeadLetterReason.RecipientStopped), first);
        Assert.Equal("hello again", (await deadLetters.ExpectMsgAsync<DeadLetter>()).Message);
        Assert.Equal(2, kit.System.DeadLetters.Count);
        Assert.Equal(2, kit.System.DeadLetters.CountOf(DeadLetterReason.RecipientStopped));
    }

    [Fact]
    public async Task An_unhandled_message_and_a_reply_without_sender_are_dead_letters()
    {
        await using var kit = new ActorTestKit();
        var deadLetters = kit.CreateProbe();
        kit.System.DeadLetters.Subscribe(deadLetters.Ref);
        var echo = kit.System.ActorOf(Props.Create(() => new EchoActor()), "echo");
        var picky = kit.System.ActorOf(Props.Create(() => new UnhandlingActor()), "picky");

        echo.Tell("nobody asked");
        await deadLetters.ExpectMsgAsync<DeadLetter>(d => d is { Reason: DeadLetterReason.NoRecipient, Recipient: null });
        picky.Tell(42);
        await deadLetters.ExpectMsgAsync<DeadLetter>(d => d.Reason == DeadLetterReason.Unhandled && ReferenceEquals(d.Recipient, picky));

        kit.System.DeadLetters.Unsubscribe(deadLetters.Ref);
        picky.Tell(43);
        await deadLetters.ExpectNoMsgAsync();
        Assert.Equal(2, kit.System.DeadLetters.CountOf(DeadLetterReason.Unhandled));
    }

    [Fact]
    public async Task Dead_letters_are_logged_at_a_bounded_rate_with_the_count_in_between()
    {
        using var logs = new RecordingLoggerFactory();
        await using var kit = new ActorTestKit(new ActorSystemOptions { DeadLetterLogInterval = TimeSpan.FromSeconds(10) }, logs);
        var gone = kit.System.ActorOf(Props.Create(() => new SilentActor()), "gone");
        kit.System.Stop(gone);
        await kit.WaitForIdleAsync();

        for (var i = 0; i < 100; i++)
        {
            gone.Tell(i);
        }

        await kit.AdvanceAsync(TimeSpan.FromSeconds(10));
        gone.Tell("after the interval");

        var lines = logs.Lines.Where(l => l.Contains("dead letter", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, lines.Count);
        Assert.StartsWith("1 dead letter(s)", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("100 dead letter(s) since the last report (101 in all); latest: String to /user/gone", lines[1], StringComparison.Ordinal);
    }

    private sealed class UnhandlingActor : Actor
    {
        protected override ValueTask ReceiveAsync(object message)
        {
            Unhandled(message);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class RecordingLoggerFactory : ILoggerFactory, ILogger
    {
        private readonly List<string> _lines = [];

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_lines)
                {
                    return [.. _lines];
                }
            }
        }

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("The recording factory records itself.");

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            lock (_lines)
            {
                _lines.Add(formatter(state, exception));
            }
        }

        public void Dispose()
        {
        }
    }
}
