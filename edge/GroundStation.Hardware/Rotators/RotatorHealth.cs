namespace GroundStation.Hardware.Rotators;

/// <summary>What the supervisor concluded from the latest position reading.</summary>
public enum RotatorMotion
{
    /// <summary>No target commanded.</summary>
    Idle,

    /// <summary>Moving towards the target, or not yet past the stall timeout.</summary>
    Moving,

    /// <summary>Within the arrival tolerance of the target.</summary>
    OnTarget,

    /// <summary>Commanded but not moving for longer than the stall timeout.</summary>
    Stalled,
}

/// <summary>A rotator found stalled: commanded towards <paramref name="Target"/> but stuck at <paramref name="Position"/>.</summary>
/// <param name="Target">Where it was sent.</param>
/// <param name="Position">Where it is.</param>
/// <param name="LastProgressAt">When it last moved (or was commanded).</param>
/// <param name="DetectedAt">When the stall was detected.</param>
public sealed record RotatorStall(RotatorPosition Target, RotatorPosition Position, DateTimeOffset LastProgressAt, DateTimeOffset DetectedAt);
