using System.Globalization;
using GroundStation.Frames.Ax25;
using GroundStation.Simulators.Satellite;
using GroundStation.Testing;

namespace GroundStation.Simulators.Tests.Satellite;

/// <summary>`gs-sim satellite` as a child process: it prints the frames a station hears.</summary>
public sealed class SatelliteCommandTests
{
    [Fact]
    public async Task Prints_each_frame_with_its_time_header_elevation_and_on_air_bytes()
    {
        var tle = await IssFixture.WriteTleFileAsync();
        try
        {
            await using var sim = PeerProcess.Start("dotnet", "dotnet-sdk-10.0", [Path.Combine(AppContext.BaseDirectory, "gs-sim.dll"), "satellite",
                "--tle", tle, "--lat", "40.8939", "--lon", "-83.8917", "--min-elevation", "10", "--start", "2014-01-23T06:23:00Z", "--speed", "60"]);
            var line = await sim.WaitForLineAsync(l => l.Contains("S25544>GSTLM", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

            var fields = line.Split(' ');
            var sentAt = DateTimeOffset.Parse(fields[0], CultureInfo.InvariantCulture);
            Assert.InRange(sentAt, IssFixture.Aos, IssFixture.Aos + TimeSpan.FromSeconds(10));
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
