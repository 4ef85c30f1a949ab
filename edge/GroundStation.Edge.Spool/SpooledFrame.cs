using GroundStation.Messaging.Contracts;

namespace GroundStation.Edge.Spool;

/// <summary>A frame waiting in the spool.</summary>
/// <param name="Position">Its place in the spool: increasing in append order, never reused, so a reader can continue after it.</param>
/// <param name="Frame">The frame as it is published.</param>
public sealed record SpooledFrame(long Position, TelemetryFrame Frame);
