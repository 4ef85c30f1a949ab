// The shared test fixtures (Eventually, TempDirectory, FreePort, ...) for every file of this project.
global using GroundStation.Testing;
using System.Collections.Concurrent;
using GroundStation.Messaging.Contracts;

namespace GroundStation.Edge.Commanding.Tests;

/// <summary>The agent's plan as the gate sees it.</summary>
internal sealed class PlanDirectory : IPassDirectory
{
    private readonly ConcurrentDictionary<PassId, PassWindow> _passes = new();

    public void Add(PassWindow pass) => _passes[pass.PassId] = pass;

    public PassWindow? Find(PassId passId) => _passes.GetValueOrDefault(passId);
}

/// <summary>The agent's pass state machine as the gate sees it.</summary>
internal sealed class WindowStates : IUplinkWindow
{
    private readonly ConcurrentDictionary<PassId, UplinkWindowState> _states = new();

    public void Set(PassId passId, UplinkWindowState state) => _states[passId] = state;

    public UplinkWindowState GetState(PassId passId) => _states.GetValueOrDefault(passId, UplinkWindowState.Unknown);
}

/// <summary>Stands for the TNC: records what was transmitted and when (by the gate's clock); can fail or hang.</summary>
internal sealed class RecordingUplink(TimeProvider time) : ITelecommandUplink
{
    private readonly ConcurrentQueue<(Telecommand Command, DateTimeOffset At)> _sent = new();

    public IReadOnlyList<(Telecommand Command, DateTimeOffset At)> Sent => [.. _sent];

    public int Calls => _calls;

    public Exception? FailWith { get; set; }

    public TaskCompletionSource? Hang { get; set; }

    private int _calls;

    public async Task SendAsync(Telecommand command, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        if (Hang is { } hang)
        {
            await hang.Task.WaitAsync(cancellationToken);
        }

        if (FailWith is { } error)
        {
            throw error;
        }

        _sent.Enqueue((command, time.GetUtcNow()));
    }
}

/// <summary>Collects acks in memory (the MQTT path has its own test against mosquitto).</summary>
internal sealed class RecordingAcks : ICommandAckPublisher
{
    private readonly ConcurrentQueue<CommandAck> _acks = new();

    public IReadOnlyList<CommandAck> Acks => [.. _acks];

    public Task PublishAsync(CommandAck ack, CancellationToken cancellationToken)
    {
        _acks.Enqueue(ack);
        return Task.CompletedTask;
    }

    public IEnumerable<string> StagesOf(string commandId) =>
        Acks.Where(a => a.CommandId == commandId).Select(a => a.Stage == CommandStage.Failed ? $"Failed:{a.Reason}" : a.Stage.ToString());
}
