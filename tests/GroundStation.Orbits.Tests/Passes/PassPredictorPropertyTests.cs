using GroundStation.Orbits.Geometry;
using GroundStation.Orbits.Passes;

namespace GroundStation.Orbits.Tests.Passes;

public class PassPredictorPropertyTests
{
    private static readonly DateTimeOffset Start = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 24)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Random_two_body_orbits_and_stations_lose_no_pass_against_one_second_sampling(int seed)
    {
        var random = new Random(seed);
        var epoch = JulianDate.FromDateTime(Start.AddHours(random.NextDouble() * -48));
        var perigeeAltitude = 250 + (random.NextDouble() * 1500);
        var eccentricity = random.NextDouble() * 0.08;
        var semiMajorAxis = (6378.137 + perigeeAltitude) / (1 - eccentricity);
        var satellite = new KeplerEphemeris(
            epoch,
            semiMajorAxis,
            eccentricity,
            random.NextDouble() * 120,
            random.NextDouble() * 360,
            random.NextDouble() * 360,
            random.NextDouble() * 360);
        // Every other seed puts a random horizon mask (trees, buildings) on top of the minimum elevation.
        var mask = seed % 2 == 0
            ? new HorizonMask(Enumerable.Range(0, 3 + random.Next(6)).Select(i => new HorizonPoint(
                new Azimuth((i * 40) + (random.NextDouble() * 35)), new Elevation(random.NextDouble() * 25))))
            : null;
        var site = new GroundStationSite(
            new GeodeticPosition(new Latitude(-75 + (random.NextDouble() * 150)), new Longitude(-180 + (random.NextDouble() * 360)), random.NextDouble() * 3000),
            new Elevation(random.NextDouble() * 35),
            mask);
        var window = new TimeWindow(Start, Start.AddHours(24));

        var passes = PassPredictor.Predict(satellite, site, window).Passes;

        foreach (var pass in passes)
        {
            if (!pass.Clipping.HasFlag(PassClipping.InProgressAtStart))
            {
                PassPredictorSyntheticTests.AssertAtThreshold(satellite, site, pass.Aos);
            }

            if (!pass.Clipping.HasFlag(PassClipping.InProgressAtEnd))
            {
                PassPredictorSyntheticTests.AssertAtThreshold(satellite, site, pass.Los);
            }

            Assert.True(pass.Aos <= pass.Tca && pass.Tca <= pass.Los, $"TCA {pass.Tca:O} outside {pass.Aos:O}-{pass.Los:O}");
            var peak = BruteForce.Look(satellite, site, pass.Tca).Elevation.Degrees;
            foreach (var offset in new[] { -1.0, 1.0 })
            {
                var neighbour = pass.Tca.AddSeconds(offset);
                if (neighbour >= pass.Aos && neighbour <= pass.Los)
                {
                    Assert.True(BruteForce.Look(satellite, site, neighbour).Elevation.Degrees <= peak + 1e-9, $"elevation a second from TCA {pass.Tca:O} is higher");
                }
            }
        }

        PassPredictorSyntheticTests.AssertNoPassMissed(satellite, site, window, passes);
    }
}
