using System.Globalization;
using System.Net;
using System.Net.Sockets;
using GroundStation.Hardware.Hamlib;
using GroundStation.Hardware.Rotators;
using GroundStation.Testing;

namespace GroundStation.Hardware.Tests.Rotators;

/// <summary>Acceptance 1: the rotctld client against the real daemon with Hamlib's dummy rotator (model 1).</summary>
public class RotctldRotatorTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    internal static async Task<PeerProcess> StartRotctldAsync(int port)
    {
        var peer = PeerProcess.Start("rotctld", "libhamlib-utils",
            ["-m", "1", "-T", "127.0.0.1", "-t", port.ToString(CultureInfo.InvariantCulture)]);
        await peer.WaitForTcpAsync(port, Deadline);
        return peer;
    }

    private static RotctldRotator Client(int port, RotatorLimits limits, RecordingLogger<RotctldRotator>? logger = null,
        TimeSpan? timeout = null) =>
        new(new HamlibClientOptions
        {
            Endpoint = new HamlibEndpoint("127.0.0.1", port),
            CommandTimeout = timeout ?? TimeSpan.FromSeconds(3),
        }, limits, logger ?? new RecordingLogger<RotctldRotator>());

    [Fact]
    public async Task Set_then_get_round_trips_once_the_dummy_has_slewed()
    {
        var port = FreePort.Next();
        await using var daemon = await StartRotctldAsync(port);
        await using var rotator = Client(port, RotatorLimits.FromDegrees(-180, 450, 0, 90));

        var sent = await rotator.SetPositionAsync(RotatorPosition.FromDegrees(12, 6));
        Assert.Equal(RotatorPosition.FromDegrees(12, 6), sent);

        var reached = await Eventually.UntilAsync(() => rotator.GetPositionAsync(),
            p => p.DistanceTo(sent) < 0.005, Deadline, "the dummy reaching az 12 el 6");
        Assert.Equal(12, reached.Azimuth.Degrees, 2);
        Assert.Equal(6, reached.Elevation.Degrees, 2);

        await rotator.StopAsync();
        await rotator.ParkAsync();
    }

    [Fact]
    public async Task A_position_the_daemon_refuses_maps_RPRT_minus_1_to_InvalidArgument()
    {
        var port = FreePort.Next();
        await using var daemon = await StartRotctldAsync(port);
        // Our limits allow a 180-degree elevation; the dummy model stops at 90 and answers RPRT -1.
        await using var rotator = Client(port, RotatorLimits.FromDegrees(0, 450, 0, 180));

        var error = await Assert.ThrowsAsync<RotatorException>(() => rotator.SetPositionAsync(RotatorPosition.FromDegrees(10, 120)));

        Assert.Equal(HamlibError.InvalidArgument, error.Error);
        Assert.Contains("RPRT -1", error.Message, StringComparison.Ordinal);
        // The session is still usable after an error reply.
        await rotator.GetPositionAsync();
    }

    [Fact]
    public async Task Positions_outside_the_limits_are_clamped_and_logged_before_sending()
    {
        var port = FreePort.Next();
        await using var daemon = await StartRotctldAsync(port);
        var logger = new RecordingLogger<RotctldRotator>();
        await using var rotator = Client(port, RotatorLimits.FromDegrees(0, 20, 0, 10), logger);

        var sent = await rotator.SetPositionAsync(RotatorPosition.FromDegrees(300, 80));

        Assert.Equal(RotatorPosition.FromDegrees(20, 10), sent);
        Assert.Contains(logger.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning && e.Message.Contains("az 300 el 80", StringComparison.Ordinal));
        await Eventually.UntilAsync(() => rotator.GetPositionAsync(), p => p.DistanceTo(sent) < 0.01, Deadline, "the dummy reaching the clamped position");
    }

    [Fact]
    public async Task The_client_reconnects_transparently_after_the_daemon_restarts_and_fails_cleanly_when_it_is_gone()
    {
        var port = FreePort.Next();
        await using var rotator = Client(port, RotatorLimits.FromDegrees(-180, 450, 0, 90));
        var first = await StartRotctldAsync(port);
        await rotator.SetPositionAsync(RotatorPosition.FromDegrees(5, 5));
        await first.KillAsync();
        await first.DisposeAsync();

        await using (var second = await StartRotctldAsync(port))
        {
            // The old socket is dead; the client notices, reconnects once and the command succeeds.
            var position = await rotator.GetPositionAsync();
            Assert.InRange(position.Azimuth.Degrees, -180, 450);
            await rotator.SetPositionAsync(RotatorPosition.FromDegrees(3, 3));
            await second.KillAsync();
        }

        var error = await Assert.ThrowsAsync<RotatorException>(() => rotator.GetPositionAsync());
        Assert.Equal(HamlibError.IOError, error.Error);
        Assert.Contains(port.ToString(CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_daemon_that_never_answers_gives_a_timeout_error()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var accepting = silent.AcceptTcpClientAsync();
        await using var rotator = Client(port, RotatorLimits.FromDegrees(0, 360, 0, 90), timeout: TimeSpan.FromMilliseconds(300));

        var error = await Assert.ThrowsAsync<RotatorException>(() => rotator.GetPositionAsync());

        Assert.Equal(HamlibError.Timeout, error.Error);
        using var accepted = await accepting;
    }
}
