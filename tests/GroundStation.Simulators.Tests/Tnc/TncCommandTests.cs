using GroundStation.Frames.Ax25;
using GroundStation.Frames.Kiss;
using GroundStation.Hardware.Tnc;
using GroundStation.Simulators.Satellite;
using GroundStation.Simulators.Tests.Satellite;
using GroundStation.Testing;

namespace GroundStation.Simulators.Tests.Tnc;

/// <summary>`gs-sim tnc` as a child process, reached over TCP by the product's KISS driver.</summary>
public sealed class TncCommandTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static string GsSim => Path.Combine(AppContext.BaseDirectory, "gs-sim.dll");

    [Fact]
    public async Task Serves_beacons_from_aos_and_acknowledges_a_telecommand()
    {
        var tle = await IssFixture.WriteTleFileAsync();
        try
        {
            var port = FreePort.Next();
            await using var sim = PeerProcess.Start("dotnet", "dotnet-sdk-10.0", [GsSim, "tnc", "--listen", $"127.0.0.1:{port}", "--tle", tle,
                "--lat", "40.8939", "--lon", "-83.8917", "--alt-m", "0", "--min-elevation", "10", "--start", "2014-01-23T06:22:30Z", "--speed", "60"]);
            await sim.WaitForLineAsync(line => line.StartsWith("listening on", StringComparison.Ordinal), Deadline);
            await using var client = KissTnc.ConnectTcp("127.0.0.1", port);
            using var cancel = new CancellationTokenSource(Deadline);

            var first = await NextHousekeepingAsync(client, cancel.Token);
            Assert.Equal(HousekeepingKind.Live, first.Kind);
            Assert.InRange(first.SampledAt, IssFixture.Aos - TimeSpan.FromSeconds(1), IssFixture.Aos + TimeSpan.FromSeconds(10));

            var command = new Ax25UiFrame(new Ax25Address("S25544"), new Ax25Address("GS0"), Telecommand.Ping(4711).Encode());
            await client.SendAsync(KissPort.Default, Ax25Codec.Encode(command, Ax25Fcs.Absent), cancel.Token);
            Housekeeping ack;
            do
            {
                ack = await NextHousekeepingAsync(client, cancel.Token);
            }
            while (ack.LastCommandId != 4711);

            Assert.Equal(CommandResult.Executed, ack.LastCommandResult);
            Assert.Equal((byte)TelecommandOpcode.Ping, ack.LastCommandOpcode);
        }
        finally
        {
            File.Delete(tle);
        }
    }

    [Fact]
    public async Task A_bad_option_is_refused_with_a_one_line_error_naming_it()
    {
        await using var sim = PeerProcess.Start("dotnet", "dotnet-sdk-10.0", [GsSim, "tnc", "--listen", "nowhere", "--tle", "x", "--lat", "0", "--lon", "0"]);
        var line = await sim.WaitForLineAsync(l => l.Contains("error", StringComparison.Ordinal), Deadline);
        Assert.Equal("gs-sim tnc: error: --listen: 'nowhere' is not HOST:PORT with an IP address (or localhost), such as 127.0.0.1:8001.", line);
    }

    private static async Task<Housekeeping> NextHousekeepingAsync(KissTnc client, CancellationToken cancellationToken)
    {
        await foreach (var frame in client.ReadFramesAsync(cancellationToken))
        {
            return Housekeeping.Decode(Ax25Codec.Decode(frame.Data.Span, Ax25Fcs.Absent).Value.Info.Span).Value;
        }

        throw new InvalidOperationException("The TNC closed before a frame arrived.");
    }
}
