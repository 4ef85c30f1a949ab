using GroundStation.Orbits.Elements;
using GroundStation.Orbits.Geometry;
using GroundStation.Orbits.Passes;

namespace GroundStation.Simulators.Tests.Satellite;

/// <summary>The ISS element set and station the simulator tests fly (the sample catalog's, January 2014).</summary>
internal static class IssFixture
{
    public const string Line1 = "1 25544U 98067A   14020.93268519  .00009878  00000-0  18200-3 0  5082";
    public const string Line2 = "2 25544  51.6498 109.4756 0003572  55.9686 274.8005 15.49815350868473";

    /// <summary>The element set as a 3LE file's text.</summary>
    public const string FileText = "ISS (ZARYA)\n" + Line1 + "\n" + Line2 + "\n";

    /// <summary>PassPredictor's AOS of the 06:23 pass over <see cref="Station"/> at 10 deg (asserted in SimulatedPassTests).</summary>
    public static readonly DateTimeOffset Aos = new(2014, 1, 23, 6, 23, 42, TimeSpan.Zero);

    public static Tle Tle => TleParser.Parse(Line1, Line2, "ISS (ZARYA)");

    /// <summary>The station: latitude 40.8939, longitude -83.8917, 0 m, at <paramref name="minimumElevation"/>.</summary>
    public static GroundStationSite Station(double minimumElevation = 10) =>
        new(new GeodeticPosition(new Latitude(40.8939), new Longitude(-83.8917), 0), new Elevation(minimumElevation));

    /// <summary>Writes <see cref="FileText"/> to a temporary file; the caller deletes it.</summary>
    public static async Task<string> WriteTleFileAsync()
    {
        var path = Path.GetTempFileName();
        await File.WriteAllTextAsync(path, FileText);
        return path;
    }
}
