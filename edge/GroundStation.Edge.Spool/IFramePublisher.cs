using GroundStation.Messaging.Contracts;

namespace GroundStation.Edge.Spool;

/// <summary>Delivers a telemetry frame to the core.</summary>
public interface IFramePublisher
{
    /// <summary>
    /// Publishes <paramref name="frame"/> and completes only when the broker acknowledged it (PUBACK): only then may the
    /// spool delete it. Throws when the frame could not be handed over; the caller keeps it and tries again.
    /// </summary>
    Task PublishAsync(TelemetryFrame frame, CancellationToken cancellationToken);
}
