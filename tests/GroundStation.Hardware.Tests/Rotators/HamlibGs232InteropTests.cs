using System.Globalization;
using System.Net;
using GroundStation.Hardware.Rotators;
using GroundStation.Hardware.Serial;
using GroundStation.Hardware.Tests.Serial;
using GroundStation.Simulators.Hamlib;
using GroundStation.Simulators.Rotators;
using GroundStation.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace GroundStation.Hardware.Tests.Rotators;

/// <summary>
/// Acceptance 2: real rotctld with Hamlib's GS-232A (601) and GS-232B (603) backends on one end of a socat pty pair,
/// the simulated controller on the other, driven by the real rotctl.
/// </summary>
public class HamlibGs232InteropTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(601, Gs232Dialect.A)]
    [InlineData(603, Gs232Dialect.B)]
    public async Task Rotctl_through_rotctld_reads_the_simulated_position_once_the_slew_is_done(int model, Gs232Dialect dialect)
    {
        await using var pair = await SocatPtyPair.StartAsync();
        var rotator = new SimulatedRotator(new SimulatedRotatorOptions { AzimuthRate = 60, ElevationRate = 30 }, TimeProvider.System);
        using var line = SerialLine.Open(pair.B, new SerialSettings { BaudRate = 9600 });
        using var stop = new CancellationTokenSource();
        var serving = new Gs232SerialServer(rotator, dialect, NullLogger.Instance).RunAsync(line.Stream, stop.Token);
        var port = FreePort.Next();
        await using var rotctld = PeerProcess.Start("rotctld", "libhamlib-utils",
            ["-m", model.ToString(CultureInfo.InvariantCulture), "-r", pair.A, "-s", "9600", "-T", "127.0.0.1", "-t", port.ToString(CultureInfo.InvariantCulture)]);
        await rotctld.WaitForTcpAsync(port, Deadline);
        var address = "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);

        Assert.Equal((120.0, 45.0), await PointAndReadBackAsync(address));
        Assert.Equal(RotatorPosition.FromDegrees(120, 45), rotator.Position);
        Assert.Contains(rotator.Commands, c => c is { Azimuth: 120, Elevation: 45, Accepted: true });
        await stop.CancelAsync();
        await serving;
    }

    [Fact]
    public async Task Rotctl_talks_to_the_simulated_rotctld()
    {
        var rotator = new SimulatedRotator(new SimulatedRotatorOptions { AzimuthRate = 100, ElevationRate = 100 }, TimeProvider.System);
        await using var server = new HamlibTcpServer(new IPEndPoint(IPAddress.Loopback, 0), RotctldCommands.CreateResponder(rotator), NullLogger.Instance);
        server.Start();
        var address = "127.0.0.1:" + server.Endpoint.Port.ToString(CultureInfo.InvariantCulture);

        Assert.Equal((120.0, 45.0), await PointAndReadBackAsync(address));

        // rotctl checks limits from \dump_state: 500 is beyond the simulated 450 and never sent.
        var refused = await ProgramRun.RunAsync("rotctl", "libhamlib-utils", ["-m", "2", "-r", address, "P", "500", "45"]);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.DoesNotContain(rotator.Commands, c => c.Azimuth == 500);
    }

    // rotctl P 120 45, then rotctl p until it reports the target: the simulated slew takes a few seconds.
    private static async Task<(double Azimuth, double Elevation)?> PointAndReadBackAsync(string address)
    {
        var set = await ProgramRun.RunAsync("rotctl", "libhamlib-utils", ["-m", "2", "-r", address, "P", "120", "45"]);
        Assert.True(set.ExitCode == 0, set.Output);
        return await Eventually.UntilAsync(
            async () => Parse((await ProgramRun.RunAsync("rotctl", "libhamlib-utils", ["-m", "2", "-r", address, "p"])).Output),
            p => p == (120, 45), Deadline, "rotctl reading az 120 el 45");
    }

    private static (double Azimuth, double Elevation)? Parse(string output)
    {
        var numbers = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => double.TryParse(line, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : (double?)null)
            .Where(value => value is not null)
            .ToArray();
        return numbers.Length == 2 ? (numbers[0]!.Value, numbers[1]!.Value) : null;
    }
}
