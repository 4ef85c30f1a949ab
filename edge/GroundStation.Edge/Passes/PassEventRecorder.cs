using GroundStation.Edge.Storage;
using GroundStation.Messaging.Contracts;
using Microsoft.Extensions.Logging;

namespace GroundStation.Edge.Passes;

/// <summary>Where pass transitions go.</summary>
public interface IPassEventSink
{
    /// <summary>The last state recorded for a pass, if any.</summary>
    PassState? LastState(PassId pass);

    /// <summary>Records a transition; it reaches the core as a <see cref="PassEvent"/>, even after an outage or a restart.</summary>
    void Record(PassId pass, PassState state, string? reason);
}

/// <summary>
/// Records pass transitions in the edge database and queues each as a <see cref="PassEvent"/> in the outbox in the
/// same transaction, then wakes the outbox forwarder: a transition is never lost, whether the broker is down or the
/// agent restarts before sending it.
/// </summary>
public sealed partial class PassEventRecorder(EdgeStore store, StationId station, TimeProvider time, Action wakeOutbox, ILogger<PassEventRecorder> logger)
    : IPassEventSink
{
    /// <inheritdoc />
    public PassState? LastState(PassId pass) => store.LoadPassState(pass.Value)?.State;

    /// <inheritdoc />
    public void Record(PassId pass, PassState state, string? reason)
    {
        var at = time.GetUtcNow();
        var message = new PassEvent(PassEvent.CurrentVersion, station, pass.Value, state, at, reason);
        store.RecordPassState(pass.Value, state, at, GroundStationTopics.PassEvents(station).Value, GroundStationMessages.Encode(message));
        if (state == PassState.Failed)
        {
            LogFailed(pass.Value, reason ?? "no reason");
        }
        else
        {
            LogTransition(pass.Value, state);
        }

        wakeOutbox();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "pass {PassId}: {State}")]
    private partial void LogTransition(string passId, PassState state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "pass {PassId}: Failed: {Reason}")]
    private partial void LogFailed(string passId, string reason);
}
