using GroundStation.Orbits.Frames;
using GroundStation.Orbits.Geometry;
using GroundStation.Orbits.Passes;

namespace GroundStation.Orbits.Tests.Passes;

/// <summary>The reference the pass search is checked against: look angles sampled at a fixed step, no cleverness.</summary>
internal static class BruteForce
{
    public static LookAngles Look(ITemeEphemeris satellite, GroundStationSite site, DateTimeOffset instant)
    {
        var utc = JulianDate.FromDateTime(instant);
        Assert.True(satellite.TryGetState(utc, out var r, out var v), $"no state at {instant:O}");
        return new TopocentricObserver(site.Position).Observe(TemeFrames.TemeToPef(r, v, utc));
    }

    /// <summary>Elevation above the site's threshold, degrees (negative when out of view).</summary>
    public static double MarginDeg(ITemeEphemeris satellite, GroundStationSite site, DateTimeOffset instant)
    {
        var look = Look(satellite, site, instant);
        return look.Elevation.Degrees - site.ThresholdAt(look.Azimuth).Degrees;
    }

    /// <summary>Runs of consecutive in-view samples: (first in-view sample, last in-view sample).</summary>
    public static List<(DateTimeOffset First, DateTimeOffset Last)> VisibleRuns(
        ITemeEphemeris satellite, GroundStationSite site, TimeWindow window, TimeSpan step)
    {
        var observer = new TopocentricObserver(site.Position);
        var runs = new List<(DateTimeOffset, DateTimeOffset)>();
        DateTimeOffset? first = null;
        var last = window.Start;
        for (var t = window.Start; t <= window.End; t += step)
        {
            var utc = JulianDate.FromDateTime(t);
            if (!satellite.TryGetState(utc, out var r, out var v))
            {
                break;
            }

            var look = observer.Observe(TemeFrames.TemeToPef(r, v, utc));
            var inView = look.Elevation.Degrees > site.ThresholdAt(look.Azimuth).Degrees;
            if (inView)
            {
                first ??= t;
                last = t;
            }
            else if (first is { } start)
            {
                runs.Add((start, last));
                first = null;
            }
        }

        if (first is { } open)
        {
            runs.Add((open, last));
        }

        return runs;
    }
}
