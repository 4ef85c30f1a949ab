using System.Globalization;
using GroundStation.Hardware.Ax25;
using GroundStation.Simulators.Satellite;
using GroundStation.Testing;

namespace GroundStation.Simulators.Tests.Satellite;

/// <summary>`gs-sim satellite` as a child process: it prints the frames a station hears.</summary>
public sealed class SatelliteCommandTests
{
    private const string IssTle = """
        ISS (ZARYA)
        1 25544U 98067A   14020.93268519  .00009878  00000-0  18200-3 0  5082
        2 25544  51.6498 109.4756 0003572  55.9686 274.8005 15.49815350868473
        """;

    // PassPredictor's AOS of this pass at 10 deg over the station below (asserted in SimulatedPassTests).
    private static readonly DateTimeOffset Aos = new(2014, 1, 23, 6, 23, 42, TimeSpan.Zero);

    [Fact]
    public async Task Prints_each_frame_with_its_time_header_elevation_and_on_air_bytes()
    {
        var tle = Path.GetTempFileName();
        await File.WriteAllTextAsync(tle, IssTle);
        try
        {
            await using var sim = PeerProcess.Start("dotnet", "dotnet-sdk-10.0", [Path.Combine(AppContext.BaseDirectory, "gs-sim.dll"), "satellite",
                "--tle", tle, "--lat", "40.8939", "--lon", "-83.8917", "--min-elevation", "10", "--start", "2014-01-23T06:23:00Z", "--speed", "60"]);
            var line = await sim.WaitForLineAsync(l => l.Contains("S25544>GSTLM", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

            var fields = line.Split(' ');
            var sentAt = DateTimeOffset.Parse(fields[0], CultureInfo.InvariantCulture);
            Assert.InRange(sentAt, Aos, Aos + TimeSpan.FromSeconds(10));
            Assert.StartsWith("el=1", fields[2], StringComparison.Ordinal);
            var frame = Ax25Codec.Decode(Convert.FromHexString(fields[3]), Ax25Fcs.Present).Value;
            Assert.Equal(HousekeepingKind.Live, Housekeeping.Decode(frame.Info.Span).Value.Kind);
        }
        finally
        {
            File.Delete(tle);
        }
    }
}
