using GroundStation.Edge.Configuration;
using GroundStation.Hardware.Rotators;
using GroundStation.Messaging.Contracts;
using GroundStation.Orbits.Elements;
using GroundStation.Orbits.Propagation;

namespace GroundStation.Edge.Passes;

/// <summary>The phase a pass is in at an instant, from its timeline alone.</summary>
public enum PassPhase
{
    /// <summary>Before pre-positioning starts.</summary>
    Scheduled,

    /// <summary>Pre-positioning (rotator slewing to the AOS position, hooks, radio set-up) before AOS.</summary>
    PrePass,

    /// <summary>AOS to LOS.</summary>
    Tracking,

    /// <summary>After LOS.</summary>
    PostPass,
}

/// <summary>
/// One planned pass made ready to execute: its track (SGP4 from the plan's TLE), its rotator path (mode and overwind
/// decided for the whole pass) and its timeline. Pre-pass starts early enough for the rotator to reach the AOS
/// position before AOS: the slew time at the configured rates from where the rotator is expected to be (the park
/// position, or the far end of both axes when the daemon parks), plus a margin.
/// </summary>
public sealed class PassSchedule
{
    private PassSchedule(PlannedPass pass, PassId id, SatelliteTrack track, PointingPath path, DateTimeOffset prePassAt, TimeSpan slewTime)
    {
        Pass = pass;
        Id = id;
        Track = track;
        Path = path;
        PrePassAt = prePassAt;
        SlewTime = slewTime;
    }

    /// <summary>The pass as planned by the core.</summary>
    public PlannedPass Pass { get; }

    /// <summary>The pass id.</summary>
    public PassId Id { get; }

    /// <summary>The satellite's look angles at any instant.</summary>
    public SatelliteTrack Track { get; }

    /// <summary>The rotator path.</summary>
    public PointingPath Path { get; }

    /// <summary>When pre-pass starts.</summary>
    public DateTimeOffset PrePassAt { get; }

    /// <summary>The slew time budgeted to reach the AOS position.</summary>
    public TimeSpan SlewTime { get; }

    /// <summary>AOS.</summary>
    public DateTimeOffset Aos => Pass.Aos;

    /// <summary>LOS.</summary>
    public DateTimeOffset Los => Pass.Los;

    /// <summary>The phase at <paramref name="now"/>.</summary>
    public PassPhase PhaseAt(DateTimeOffset now) =>
        now < PrePassAt ? PassPhase.Scheduled : now < Aos ? PassPhase.PrePass : now < Los ? PassPhase.Tracking : PassPhase.PostPass;

    /// <summary>Prepares a validated planned pass (see <c>PlanValidator</c>).</summary>
    public static PassSchedule Create(PlannedPass pass, StationSettings station, RotatorSettings rotator, TimeSpan margin)
    {
        ArgumentNullException.ThrowIfNull(pass);
        ArgumentNullException.ThrowIfNull(station);
        ArgumentNullException.ThrowIfNull(rotator);
        var tle = TleParser.Parse(pass.TleLine1, pass.TleLine2);
        var track = new SatelliteTrack(Sgp4Propagator.Create(tle.Elements), station.Site.Position);
        var duration = pass.Los - pass.Aos;
        var step = TimeSpan.FromSeconds(Math.Max(1.0, duration.TotalSeconds / 4000.0));
        var samples = new List<TrackSample>();
        for (var at = pass.Aos; at < pass.Los; at += step)
        {
            samples.Add(Sample(track, at));
        }

        samples.Add(Sample(track, pass.Los));
        var comingFrom = rotator.Park ?? RotatorPosition.FromDegrees(rotator.Limits.MinAzimuth.Degrees, rotator.Limits.MinElevation.Degrees);
        var path = PointingPath.Plan(samples, rotator.Limits, rotator.FlipAboveDegrees, comingFrom);
        var slew = rotator.Park is null
            ? BudgetSlew(rotator, rotator.Limits.MaxAzimuth.Degrees - rotator.Limits.MinAzimuth.Degrees,
                rotator.Limits.MaxElevation.Degrees - rotator.Limits.MinElevation.Degrees)
            : BudgetSlew(rotator, Math.Abs(path.Start.Azimuth.Degrees - comingFrom.Azimuth.Degrees),
                Math.Abs(path.Start.Elevation.Degrees - comingFrom.Elevation.Degrees));
        return new PassSchedule(pass, PassId.Parse(pass.PassId), track, path, pass.Aos - slew - margin, slew);
    }

    private static TimeSpan BudgetSlew(RotatorSettings rotator, double azimuthDegrees, double elevationDegrees) =>
        TimeSpan.FromSeconds(Math.Max(azimuthDegrees / rotator.AzimuthRateDegPerSecond, elevationDegrees / rotator.ElevationRateDegPerSecond));

    private static TrackSample Sample(SatelliteTrack track, DateTimeOffset at)
    {
        var look = track.At(at);
        return new TrackSample(at, look.Azimuth, look.Elevation.Degrees);
    }
}
