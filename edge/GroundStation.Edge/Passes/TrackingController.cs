using GroundStation.Hardware.Rotators;

namespace GroundStation.Edge.Passes;

/// <summary>
/// Decides, at each tracking tick, whether the rotator needs a new position: only when the wanted position differs
/// from the last one sent by more than the threshold (on either axis), so a slow pass does not flood the rotator with
/// commands it cannot act on. Not thread-safe: one per pass, driven by one loop.
/// </summary>
/// <param name="schedule">The pass.</param>
/// <param name="thresholdDegrees">The pointing threshold.</param>
public sealed class TrackingController(PassSchedule schedule, double thresholdDegrees)
{
    /// <summary>The last position sent, if any.</summary>
    public RotatorPosition? LastCommanded { get; private set; }

    /// <summary>Where the rotator should point at <paramref name="now"/>.</summary>
    public RotatorPosition Wanted(DateTimeOffset now)
    {
        var look = schedule.Track.At(now);
        return schedule.Path.PositionFor(now, look.Azimuth, look.Elevation.Degrees);
    }

    /// <summary>The position to send at <paramref name="now"/>, or null when the last one is still within the threshold.</summary>
    public RotatorPosition? Decide(DateTimeOffset now)
    {
        var wanted = Wanted(now);
        if (LastCommanded is { } last && last.DistanceTo(wanted) <= thresholdDegrees)
        {
            return null;
        }

        return wanted;
    }

    /// <summary>Records that <paramref name="position"/> was sent.</summary>
    public void Sent(RotatorPosition position) => LastCommanded = position;

    /// <summary>Forgets the last position (after a failed command, so the next tick sends again).</summary>
    public void Reset() => LastCommanded = null;
}
