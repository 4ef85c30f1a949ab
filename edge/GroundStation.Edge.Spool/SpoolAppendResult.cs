using GroundStation.Messaging.Contracts;

namespace GroundStation.Edge.Spool;

/// <summary>How an append ended.</summary>
public enum SpoolAppendOutcome
{
    /// <summary>The frame is on disk.</summary>
    Stored,

    /// <summary>The frame is on disk, after the oldest frames were deleted to make room (<see cref="SpoolFullPolicy.DropOldest"/>).</summary>
    StoredAfterDroppingOldest,

    /// <summary>The frame was not stored: the spool or the disk is full and the policy keeps what is there, or even dropping could not make room.</summary>
    Rejected,
}

/// <summary>The result of <see cref="FrameSpool.AppendAsync"/>.</summary>
/// <param name="Outcome">Stored, stored after dropping, or rejected.</param>
/// <param name="Frame">The frame as spooled, with its stable frame id; null when rejected.</param>
/// <param name="DroppedFrameIds">Frames deleted unacknowledged to make room (empty unless <see cref="SpoolAppendOutcome.StoredAfterDroppingOldest"/> or a rejection after dropping).</param>
/// <param name="Reason">Why frames were dropped or this one rejected ("max-bytes" or "disk-full: ..."); null when simply stored.</param>
public sealed record SpoolAppendResult(
    SpoolAppendOutcome Outcome,
    TelemetryFrame? Frame,
    IReadOnlyList<string> DroppedFrameIds,
    string? Reason)
{
    /// <summary>True when the frame is on disk.</summary>
    public bool IsStored => Outcome != SpoolAppendOutcome.Rejected;
}

/// <summary>Raised when frames were lost to a full spool or disk: the agent alarms on it.</summary>
/// <param name="Outcome">Whether older frames were dropped or the new one rejected.</param>
/// <param name="DroppedFrameIds">Frames deleted unacknowledged.</param>
/// <param name="RejectedStation">The station of the rejected frame, when one was rejected.</param>
/// <param name="RejectedPassId">The pass of the rejected frame, when one was rejected.</param>
/// <param name="Reason">"max-bytes" or "disk-full: ...".</param>
/// <param name="Statistics">The spool's counters after the event.</param>
public sealed record SpoolOverflow(
    SpoolAppendOutcome Outcome,
    IReadOnlyList<string> DroppedFrameIds,
    StationId? RejectedStation,
    PassId? RejectedPassId,
    string Reason,
    SpoolStatistics Statistics);

/// <summary>The spool's state, for the heartbeat and alarms.</summary>
/// <param name="Depth">Frames spooled and not yet acknowledged.</param>
/// <param name="Bytes">Sum of their data lengths.</param>
/// <param name="OldestReceivedAt">When the oldest spooled frame was received; null when empty.</param>
/// <param name="DroppedFrames">Frames deleted unacknowledged to make room, since the spool was created (persisted).</param>
/// <param name="RejectedFrames">Frames refused for lack of room, since the spool was created (persisted).</param>
public sealed record SpoolStatistics(
    long Depth,
    long Bytes,
    DateTimeOffset? OldestReceivedAt,
    long DroppedFrames,
    long RejectedFrames);
