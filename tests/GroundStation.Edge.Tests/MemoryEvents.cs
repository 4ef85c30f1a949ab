using GroundStation.Edge.Passes;
using GroundStation.Messaging.Contracts;

namespace GroundStation.Edge.Tests;

/// <summary>Pass transitions recorded in memory.</summary>
internal sealed class MemoryEvents : IPassEventSink
{
    private readonly Lock _gate = new();
    private readonly List<(PassId Pass, PassState State, string? Reason)> _events = [];

    public PassState? LastState(PassId pass)
    {
        lock (_gate)
        {
            var matching = _events.Where(e => e.Pass == pass).ToList();
            return matching.Count == 0 ? null : matching[^1].State;
        }
    }

    public void Record(PassId pass, PassState state, string? reason)
    {
        lock (_gate)
        {
            _events.Add((pass, state, reason));
        }
    }

    public List<PassState> States(PassId pass)
    {
        lock (_gate)
        {
            return [.. _events.Where(e => e.Pass == pass).Select(e => e.State)];
        }
    }

    public List<string?> Reasons(PassId pass)
    {
        lock (_gate)
        {
            return [.. _events.Where(e => e.Pass == pass).Select(e => e.Reason)];
        }
    }
}
