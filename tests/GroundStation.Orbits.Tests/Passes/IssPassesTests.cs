using GroundStation.Orbits.Elements;
using GroundStation.Orbits.Geometry;
using GroundStation.Orbits.Passes;
using GroundStation.Orbits.Propagation;
using Xunit.Abstractions;

namespace GroundStation.Orbits.Tests.Passes;

public class IssPassesTests(ITestOutputHelper output)
{
    private static readonly Tle Iss = TleParser.Parse(
        "1 25544U 98067A   14020.93268519  .00009878  00000-0  18200-3 0  5082",
        "2 25544  51.6498 109.4756 0003572  55.9686 274.8005 15.49815350868473",
        "ISS (ZARYA)");

    private static readonly GroundStationSite Bluffton = new(
        new GeodeticPosition(new Latitude(40.8939), new Longitude(-83.8917), 0),
        new Elevation(30));

    [Fact]
    public void Reproduces_the_rise_culmination_and_set_times_of_Skyfields_documentation()
    {
        var window = new TimeWindow(
            new DateTimeOffset(2014, 1, 23, 0, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2014, 1, 24, 0, 0, 0, TimeSpan.Zero));

        var prediction = PassPredictor.Predict(new Sgp4Ephemeris(Sgp4Propagator.Create(Iss.Elements)), Bluffton, window);

        // Skyfield's documentation, "Finding when a satellite rises and sets" (times rounded to the second there).
        Assert.Collection(
            prediction.Passes,
            first => AssertPass(first, "06:25:37", "06:26:58", "06:28:19"),
            second => AssertPass(second, "12:54:56", "12:56:27", "12:57:58"));
        Assert.Null(prediction.PropagationFailedAt);
    }

    private void AssertPass(SatellitePass pass, string rise, string culminate, string set)
    {
        AssertNear(rise, pass.Aos, "rise");
        AssertNear(culminate, pass.Tca, "culmination");
        AssertNear(set, pass.Los, "set");
        Assert.Equal(PassClipping.None, pass.Clipping);
    }

    private void AssertNear(string expectedTime, DateTimeOffset actual, string what)
    {
        var expected = DateTimeOffset.Parse($"2014-01-23T{expectedTime}Z", System.Globalization.CultureInfo.InvariantCulture);
        var error = Math.Abs((actual - expected).TotalSeconds);
        output.WriteLine($"{what}: Skyfield {expected:HH:mm:ss}, predicted {actual:HH:mm:ss.fff}");
        Assert.True(error <= 1.5, $"{what}: expected {expected:HH:mm:ss}, predicted {actual:HH:mm:ss.fff} ({error:F2} s off)");
    }
}
