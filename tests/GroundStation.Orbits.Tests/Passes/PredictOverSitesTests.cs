using System.Globalization;
using GroundStation.Orbits.Geometry;
using GroundStation.Orbits.Passes;
using GroundStation.Orbits.Propagation;
using GroundStation.Testing.Orbits;

namespace GroundStation.Orbits.Tests.Passes;

/// <summary>
/// The network search (one shared, interpolated track per satellite) against the per-pair search it replaces in the
/// scheduler: the same passes, AOS and LOS within 1 s, the same maximum elevation within 0.01 deg.
/// </summary>
public class PredictOverSitesTests
{
    private static readonly DateTimeOffset Start = new(2024, 1, 2, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeWindow ThreeDays = new(Start, Start.AddDays(3));

    private static readonly HorizonMask Hills = new(
    [
        new HorizonPoint(new Azimuth(0), new Elevation(20)),
        new HorizonPoint(new Azimuth(90), new Elevation(5)),
        new HorizonPoint(new Azimuth(180), new Elevation(25)),
        new HorizonPoint(new Azimuth(270), new Elevation(2)),
    ]);

    // A narrow obstacle: a notch the satellite can dip behind in the middle of a pass.
    private static readonly HorizonMask Mast = new(
    [
        new HorizonPoint(new Azimuth(40), new Elevation(0)),
        new HorizonPoint(new Azimuth(45), new Elevation(40)),
        new HorizonPoint(new Azimuth(50), new Elevation(0)),
    ]);

    private static readonly GroundStationSite[] Sites =
    [
        Site(52.0, 4.4, 0, 5),
        Site(-33.9, 151.2, 100, 10),
        Site(78.2, 15.4, 500, 0),
        Site(0.5, -78.0, 2800, 20),
        Site(64.8, -147.7, 200, 3, Hills),
        Site(35.0, 139.0, 50, 0, Mast),
        Site(-70.0, 10.0, 30, 15),
        Site(19.8, -155.5, 4200, 7.5, Hills),
    ];

    public static TheoryData<SyntheticOrbitClass, int> Satellites
    {
        get
        {
            var data = new TheoryData<SyntheticOrbitClass, int>();
            foreach (var kind in Enum.GetValues<SyntheticOrbitClass>())
            {
                for (var seed = 0; seed < (kind == SyntheticOrbitClass.Leo ? 6 : 3); seed++)
                {
                    data.Add(kind, seed);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Satellites))]
    public void The_shared_track_finds_the_passes_the_per_pair_search_finds(SyntheticOrbitClass kind, int seed)
    {
        var elements = SyntheticCatalog.Generate(new Random(7_000 + (seed * 31) + (int)kind), kind, 80_000 + seed);
        var satellite = new Sgp4Ephemeris(Sgp4Propagator.Create(elements));

        var network = PassPredictor.PredictOverSites(satellite, Sites, ThreeDays);

        var compared = 0;
        for (var i = 0; i < Sites.Length; i++)
        {
            compared += AssertSamePasses(PassPredictor.Predict(satellite, Sites[i], ThreeDays), network[i], $"{kind} {elements.Id} over site {i}");
        }

        // Every class of orbit is seen by some of these stations within three days.
        Assert.True(compared > 0, $"{kind} {elements.Id}: no pass over any site, so nothing was compared");
    }

    [Fact]
    public void A_propagation_failure_in_view_ends_the_pass_where_the_per_pair_search_ends_it()
    {
        var epoch = JulianDate.FromDateTime(Start);
        var healthy = KeplerEphemeris.Circular(epoch, 500, 51.6, 10, 0);
        var site = Site(45, 20, 0, 0);
        var cut = PassPredictor.Predict(healthy, site, ThreeDays).Passes[2];
        var failure = cut.Aos + ((cut.Los - cut.Aos) / 2);
        var decaying = new KeplerEphemeris(epoch, 6378.137 + 500, 0, 51.6, 10, 0, 0) { ValidUntil = JulianDate.FromDateTime(failure) };

        var network = PassPredictor.PredictOverSites(decaying, [site], ThreeDays)[0];

        AssertSamePasses(PassPredictor.Predict(decaying, site, ThreeDays), network, "decaying");
        Assert.Equal(PassClipping.EndedByPropagationError, network.Passes[^1].Clipping);
        Assert.Equal(failure, network.PropagationFailedAt!.Value, TimeSpan.FromSeconds(1.5));
    }

    [Fact]
    public void A_satellite_that_cannot_be_propagated_at_all_fails_at_the_window_start_everywhere()
    {
        var dead = new KeplerEphemeris(JulianDate.FromDateTime(Start), 6878, 0, 51.6, 10, 0, 0) { ValidUntil = JulianDate.FromDateTime(Start.AddDays(-1)) };

        var network = PassPredictor.PredictOverSites(dead, Sites, ThreeDays);

        Assert.All(network, p =>
        {
            Assert.Empty(p.Passes);
            Assert.Equal(Start, p.PropagationFailedAt);
        });
    }

    [Fact]
    public void A_geostationary_satellite_in_view_is_one_pass_covering_the_window_on_the_track_too()
    {
        var epoch = JulianDate.FromDateTime(Start);
        var geo = KeplerEphemeris.Circular(epoch, 35_786, 0, 0, 0);
        var sites = Enumerable.Range(0, 12).Select(i => Site(0, -180 + (30 * i), 0, 5)).ToArray();

        var network = PassPredictor.PredictOverSites(geo, sites, ThreeDays);

        for (var i = 0; i < sites.Length; i++)
        {
            AssertSamePasses(PassPredictor.Predict(geo, sites[i], ThreeDays), network[i], $"GEO over site {i}");
        }

        Assert.Contains(network, p => p.Passes.Count == 1 && p.Passes[0].CoversWholeWindow);
        Assert.Contains(network, p => p.Passes.Count == 0);
    }

    private static int AssertSamePasses(PassPrediction expected, PassPrediction actual, string what)
    {
        var detail = string.Join("\n", expected.Passes.Select(p => $"  expected {Describe(p)}").Concat(actual.Passes.Select(p => $"  actual   {Describe(p)}")));
        Assert.True(expected.Passes.Count == actual.Passes.Count,
            $"{what}: {expected.Passes.Count} passes per pair, {actual.Passes.Count} on the shared track\n{detail}");
        for (var i = 0; i < expected.Passes.Count; i++)
        {
            var (e, a) = (expected.Passes[i], actual.Passes[i]);
            Assert.True(Math.Abs((e.Aos - a.Aos).TotalSeconds) <= 1.0 && Math.Abs((e.Los - a.Los).TotalSeconds) <= 1.0
                && Math.Abs(e.MaxElevation.Degrees - a.MaxElevation.Degrees) <= 0.01 && e.Clipping == a.Clipping,
                $"{what}: pass {i} differs\n  expected {Describe(e)}\n  actual   {Describe(a)}");
        }

        Assert.Equal(expected.PropagationFailedAt is null, actual.PropagationFailedAt is null);
        return expected.Passes.Count;
    }

    private static string Describe(SatellitePass p) => string.Create(CultureInfo.InvariantCulture,
        $"{p.Aos:HH:mm:ss.ff}-{p.Los:HH:mm:ss.ff} (day {p.Aos.Day}) max {p.MaxElevation.Degrees:0.0000} {p.Clipping}");

    private static GroundStationSite Site(double latDeg, double lonDeg, double altitudeM, double minElevationDeg, HorizonMask? mask = null) =>
        new(new GeodeticPosition(new Latitude(latDeg), new Longitude(lonDeg), altitudeM), new Elevation(minElevationDeg), mask);
}
