using GroundStation.Orbits.Frames;
using GroundStation.Orbits.Geometry;
using GroundStation.Orbits.Passes;

namespace GroundStation.Orbits.Tests.Passes;

public class PassPredictorSyntheticTests
{
    private static readonly DateTimeOffset Start = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly JulianDate Epoch = JulianDate.FromDateTime(Start);
    private static readonly TimeWindow OneDay = new(Start, Start.AddDays(1));

    private static GroundStationSite Site(double latDeg, double lonDeg, double minElevationDeg, HorizonMask? mask = null) =>
        new(new GeodeticPosition(new Latitude(latDeg), new Longitude(lonDeg), 0), new Elevation(minElevationDeg), mask);

    [Fact]
    public void An_equatorial_orbit_passes_through_the_zenith_of_an_equatorial_station()
    {
        var satellite = KeplerEphemeris.Circular(Epoch, 550, 0, 0, 0);
        var site = Site(0, 30, 10);

        var passes = PassPredictor.Predict(satellite, site, OneDay).Passes;

        Assert.NotEmpty(passes);
        foreach (var pass in passes.Where(p => p.Clipping == PassClipping.None))
        {
            Assert.True(pass.MaxElevation.Degrees > 89.9, $"max elevation {pass.MaxElevation}");
            // Prograde and faster than the Earth turns: rises in the west, sets in the east.
            Assert.InRange(pass.AosAzimuth.Degrees, 269.5, 270.5);
            Assert.InRange(pass.LosAzimuth.Degrees, 89.5, 90.5);
            AssertAtThreshold(satellite, site, pass.Aos);
            AssertAtThreshold(satellite, site, pass.Los);
        }
    }

    [Fact]
    public void A_geostationary_satellite_in_view_is_one_pass_covering_the_window()
    {
        var geo = KeplerEphemeris.Circular(Epoch, 35_786, 0, 0, 0);
        var subLongitude = BruteForceSubLongitude(geo, Start);
        var site = Site(40, subLongitude + 10, 5);

        var prediction = PassPredictor.Predict(geo, site, OneDay);

        var pass = Assert.Single(prediction.Passes);
        Assert.True(pass.CoversWholeWindow);
        Assert.Equal(OneDay.Start, pass.Aos);
        Assert.Equal(OneDay.End, pass.Los);
        Assert.Null(prediction.PropagationFailedAt);
    }

    [Fact]
    public void A_geostationary_satellite_below_the_horizon_never_rises()
    {
        var geo = KeplerEphemeris.Circular(Epoch, 35_786, 0, 0, 0);
        var site = Site(10, AngleWrap(BruteForceSubLongitude(geo, Start) + 180), 0);

        Assert.Empty(PassPredictor.Predict(geo, site, OneDay).Passes);
    }

    [Fact]
    public void Passes_in_progress_at_the_window_edges_are_clipped_and_flagged()
    {
        var satellite = KeplerEphemeris.Circular(Epoch, 800, 98, 40, 0);
        var site = Site(50, 10, 5);
        var full = PassPredictor.Predict(satellite, site, OneDay).Passes;
        var middle = full[full.Count / 2];
        var tca = middle.Tca;

        var window = new TimeWindow(tca, tca.AddHours(1));
        var startClipped = PassPredictor.Predict(satellite, site, window).Passes[0];
        var endClipped = PassPredictor.Predict(satellite, site, new TimeWindow(tca.AddHours(-1), tca)).Passes[^1];

        Assert.Equal(PassClipping.InProgressAtStart, startClipped.Clipping);
        Assert.Equal(tca, startClipped.Aos);
        Assert.Equal(middle.Los, startClipped.Los, TimeSpan.FromSeconds(0.05));
        Assert.Equal(PassClipping.InProgressAtEnd, endClipped.Clipping);
        Assert.Equal(tca, endClipped.Los);
        Assert.Equal(middle.Aos, endClipped.Aos, TimeSpan.FromSeconds(0.05));
    }

    [Fact]
    public void A_propagation_failure_in_view_ends_the_pass_and_the_search()
    {
        var healthy = KeplerEphemeris.Circular(Epoch, 500, 51.6, 10, 0);
        var site = Site(45, 20, 0);
        var passes = PassPredictor.Predict(healthy, site, OneDay).Passes;
        var cut = passes[2];
        var failure = cut.Aos + ((cut.Los - cut.Aos) / 2);
        var decaying = new KeplerEphemeris(Epoch, 6378.137 + 500, 0, 51.6, 10, 0, 0) { ValidUntil = JulianDate.FromDateTime(failure) };

        var prediction = PassPredictor.Predict(decaying, site, OneDay);

        Assert.Equal(3, prediction.Passes.Count);
        var last = prediction.Passes[^1];
        Assert.Equal(PassClipping.EndedByPropagationError, last.Clipping);
        Assert.Equal(failure, last.Los, TimeSpan.FromSeconds(1.5));
        Assert.NotNull(prediction.PropagationFailedAt);
        Assert.Equal(failure, prediction.PropagationFailedAt.Value, TimeSpan.FromSeconds(1.5));
    }

    [Fact]
    public void A_satellite_that_cannot_be_propagated_at_all_has_no_passes_and_says_when_it_failed()
    {
        var dead = new KeplerEphemeris(Epoch, 6878, 0, 51.6, 10, 0, 0) { ValidUntil = Epoch.AddDays(-1) };

        var prediction = PassPredictor.Predict(dead, Site(0, 0, 0), OneDay);

        Assert.Empty(prediction.Passes);
        Assert.Equal(Start, prediction.PropagationFailedAt);
    }

    [Fact]
    public void A_horizon_mask_raises_the_threshold_where_it_is_higher()
    {
        var satellite = KeplerEphemeris.Circular(Epoch, 600, 97.8, 200, 30);
        var mask = new HorizonMask(
        [
            new HorizonPoint(new Azimuth(0), new Elevation(20)),
            new HorizonPoint(new Azimuth(90), new Elevation(5)),
            new HorizonPoint(new Azimuth(180), new Elevation(25)),
            new HorizonPoint(new Azimuth(270), new Elevation(2)),
        ]);
        var site = Site(60, -20, 3, mask);

        var passes = PassPredictor.Predict(satellite, site, OneDay).Passes;

        Assert.NotEmpty(passes);
        foreach (var pass in passes)
        {
            AssertAtThreshold(satellite, site, pass.Aos);
            AssertAtThreshold(satellite, site, pass.Los);
        }

        AssertNoPassMissed(satellite, site, OneDay, passes);
    }

    [Fact]
    public void An_eccentric_orbit_is_searched_as_safely_as_a_circular_one()
    {
        var molniya = new KeplerEphemeris(Epoch, 26_600, 0.74, 63.4, 80, 270, 0);
        var site = Site(64, 40, 10);

        var passes = PassPredictor.Predict(molniya, site, OneDay).Passes;

        Assert.NotEmpty(passes);
        AssertNoPassMissed(molniya, site, OneDay, passes);
    }

    [Fact]
    public void Many_satellites_over_many_stations_in_parallel_match_one_at_a_time()
    {
        var satellites = Enumerable.Range(0, 6)
            .Select(i => (ITemeEphemeris)KeplerEphemeris.Circular(Epoch, 400 + (150 * i), 45 + (10 * i), 37 * i, 60 * i))
            .ToArray();
        GroundStationSite[] sites = [Site(52, 4, 5), Site(-33, 151, 10), Site(78, 15, 0)];

        var parallel = PassPredictor.PredictMany(satellites, sites, OneDay, maxDegreeOfParallelism: 2);

        for (var s = 0; s < satellites.Length; s++)
        {
            for (var k = 0; k < sites.Length; k++)
            {
                Assert.Equal(PassPredictor.Predict(satellites[s], sites[k], OneDay).Passes, parallel[s][k].Passes);
            }
        }
    }

    internal static void AssertAtThreshold(ITemeEphemeris satellite, GroundStationSite site, DateTimeOffset instant)
    {
        var margin = BruteForce.MarginDeg(satellite, site, instant);
        Assert.True(Math.Abs(margin) <= 0.01, $"at {instant:O} the elevation is {margin:F4} deg from the threshold");
    }

    /// <summary>Every run of in-view one-second samples lies inside a predicted pass, and every pass holds one.</summary>
    internal static void AssertNoPassMissed(ITemeEphemeris satellite, GroundStationSite site, TimeWindow window, IReadOnlyList<SatellitePass> passes)
    {
        var runs = BruteForce.VisibleRuns(satellite, site, window, TimeSpan.FromSeconds(1));
        var slack = TimeSpan.FromSeconds(0.05);
        foreach (var (first, last) in runs)
        {
            Assert.True(
                passes.Any(p => p.Aos - slack <= first && last <= p.Los + slack),
                $"in view from {first:O} to {last:O} by one-second sampling, but no pass predicted covers it");
        }

        foreach (var pass in passes.Where(p => p.Duration > TimeSpan.FromSeconds(2)))
        {
            Assert.True(
                runs.Any(r => pass.Aos - slack <= r.First && r.Last <= pass.Los + slack),
                $"pass {pass.Aos:O}-{pass.Los:O} has no in-view sample");
            for (var t = pass.Aos.AddSeconds(0.5); t < pass.Los.AddSeconds(-0.5); t = t.AddSeconds(1))
            {
                var margin = BruteForce.MarginDeg(satellite, site, t);
                Assert.True(margin > -0.01, $"pass {pass.Aos:O}-{pass.Los:O} drops {margin:F4} deg below the threshold at {t:O}");
            }
        }
    }

    private static double BruteForceSubLongitude(KeplerEphemeris satellite, DateTimeOffset instant)
    {
        var utc = JulianDate.FromDateTime(instant);
        Assert.True(satellite.TryGetState(utc, out var r, out var v));
        return SubSatellitePoint.Of(TemeFrames.TemeToPef(r, v, utc)).Longitude.Degrees;
    }

    private static double AngleWrap(double degrees) => ((degrees + 540.0) % 360.0) - 180.0;
}
