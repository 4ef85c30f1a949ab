using GroundStation.Messaging.Contracts;
using GroundStation.Orbits;
using GroundStation.Orbits.Elements;
using GroundStation.Orbits.Frames;
using GroundStation.Orbits.Geometry;
using GroundStation.Orbits.Propagation;

namespace GroundStation.Scheduling;

/// <summary>One point of a pass track.</summary>
/// <param name="At">Time.</param>
/// <param name="AzimuthDeg">Azimuth.</param>
/// <param name="ElevationDeg">Elevation.</param>
/// <param name="RangeKm">Slant range.</param>
public sealed record TrackPoint(DateTimeOffset At, double AzimuthDeg, double ElevationDeg, double RangeKm);

/// <summary>The look angles of a contact from AOS to LOS, from the element set it was planned with.</summary>
/// <param name="PassId">The contact.</param>
/// <param name="Points">Points every step, AOS and LOS included.</param>
public sealed record PassTrack(PassId PassId, IReadOnlyList<TrackPoint> Points)
{
    /// <summary>Most points one track may have.</summary>
    public const int MaxPoints = 10_000;

    internal static PassTrack Compute(ScheduledContact contact, string line1, string line2, GeodeticPosition site, TimeSpan step)
    {
        var propagator = Sgp4Propagator.Create(TleParser.Parse(line1, line2).Elements);
        var observer = new TopocentricObserver(site);
        var points = new List<TrackPoint>();
        var span = contact.Los - contact.Aos;
        var stepTicks = Math.Max(step.Ticks, (span.Ticks / MaxPoints) + 1);
        for (var at = contact.Aos; ; at = at.AddTicks(stepTicks))
        {
            var instant = at < contact.Los ? at : contact.Los;
            var utc = JulianDate.FromDateTime(instant);
            var result = propagator.Propagate(utc);
            if (result.IsSuccess)
            {
                var look = observer.Observe(TemeFrames.TemeToPef(result.State.PositionKm, result.State.VelocityKmPerSecond, utc));
                points.Add(new TrackPoint(instant, look.Azimuth.Degrees, look.Elevation.Degrees, look.RangeKm));
            }

            if (instant >= contact.Los)
            {
                break;
            }
        }

        return new PassTrack(contact.PassId, points);
    }
}
