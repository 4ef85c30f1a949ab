using GroundStation.Orbits.Elements;
using GroundStation.Orbits.Geometry;
using GroundStation.Orbits.Passes;
using GroundStation.Orbits.Propagation;

namespace GroundStation.Orbits.Tests.Passes;

public class Sgp4PassPropertyTests
{
    private static readonly DateTimeOffset Start = new(2024, 9, 10, 0, 0, 0, TimeSpan.Zero);

    public static TheoryData<int> Seeds => [.. Enumerable.Range(100, 10)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Random_sgp4_satellites_and_stations_lose_no_pass_against_one_second_sampling(int seed)
    {
        var random = new Random(seed);
        var inclination = 20 + (random.NextDouble() * 90);
        var elements = new OrbitalElements(
            new NoradId(90_000 + seed),
            $"RANDOM {seed}",
            'U',
            string.Empty,
            JulianDate.FromDateTime(Start.AddHours(-random.NextDouble() * 72)),
            meanMotionDot: 0,
            meanMotionDdot: 0,
            bStar: random.NextDouble() * 2e-4,
            elementSetNumber: 999,
            inclinationDeg: inclination,
            raanDeg: random.NextDouble() * 360,
            eccentricity: random.NextDouble() * 0.02,
            argPerigeeDeg: random.NextDouble() * 360,
            meanAnomalyDeg: random.NextDouble() * 360,
            meanMotionRevPerDay: 12 + (random.NextDouble() * 3.8),
            revolutionNumber: 1);
        var satellite = new Sgp4Ephemeris(Sgp4Propagator.Create(elements));
        var site = new GroundStationSite(
            new GeodeticPosition(new Latitude((random.NextDouble() - 0.5) * 2 * Math.Min(inclination, 70)), new Longitude(-180 + (random.NextDouble() * 360)), random.NextDouble() * 2000),
            new Elevation(random.NextDouble() * 30));
        var window = new TimeWindow(Start, Start.AddHours(24));

        // The station lies under the ground track's latitudes, so a day always brings passes to compare.
        var passes = PassPredictor.Predict(satellite, site, window).Passes;

        Assert.NotEmpty(passes);
        foreach (var pass in passes.Where(p => p.Clipping == PassClipping.None))
        {
            PassPredictorSyntheticTests.AssertAtThreshold(satellite, site, pass.Aos);
            PassPredictorSyntheticTests.AssertAtThreshold(satellite, site, pass.Los);
        }

        PassPredictorSyntheticTests.AssertNoPassMissed(satellite, site, window, passes);
    }
}
