using GroundStation.Hardware.Hamlib;
using GroundStation.Hardware.Rotators;
using GroundStation.Hardware.Serial;
using GroundStation.Simulators.Pty;
using GroundStation.Simulators.Rotators;
using Microsoft.Extensions.Logging.Abstractions;

namespace GroundStation.Hardware.Tests.Rotators;

/// <summary>The direct GS-232A/B driver on a pty served by the simulated controller (acceptance 2, driver half; 4).</summary>
public class Gs232RotatorTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    /// <summary>A simulated controller on a fresh pty, with a driver opened on the pty's slave end.</summary>
    private sealed class Bench : IAsyncDisposable
    {
        private readonly PseudoTerminal _pty;
        private readonly SerialLine _line;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _serving;

        public Bench(Gs232Dialect dialect, RotatorLimits driverLimits, SimulatedRotatorOptions? simulation = null, bool serve = true)
        {
            Rotator = new SimulatedRotator(simulation ?? new SimulatedRotatorOptions { AzimuthRate = 200, ElevationRate = 200 }, TimeProvider.System);
            _pty = PseudoTerminal.Open(new SerialSettings());
            _serving = serve
                ? new Gs232SerialServer(Rotator, dialect, NullLogger.Instance).RunAsync(_pty.Master.Stream, _stop.Token)
                : Task.CompletedTask;
            _line = SerialLine.Open(_pty.SlavePath, new SerialSettings { BaudRate = 9600 });
            Logger = new RecordingLogger<Gs232Rotator>();
            // A served controller gets a generous reply timeout: on a loaded 2-core CI machine the in-process
            // simulator can take longer than real hardware's 500 ms to be scheduled. The silent controller keeps a
            // short one, since there the timeout itself is what the test waits for.
            var replyTimeout = serve ? TimeSpan.FromSeconds(5) : TimeSpan.FromMilliseconds(500);
            Driver = new Gs232Rotator(_line, new Gs232Options { Dialect = dialect, ReplyTimeout = replyTimeout }, driverLimits, Logger);
        }

        public SimulatedRotator Rotator { get; }

        public Gs232Rotator Driver { get; }

        public RecordingLogger<Gs232Rotator> Logger { get; }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _serving;
            Driver.Dispose();
            _line.Dispose();
            _pty.Dispose();
            _stop.Dispose();
        }
    }

    [Theory]
    [InlineData(Gs232Dialect.A)]
    [InlineData(Gs232Dialect.B)]
    public async Task The_driver_sends_the_rotator_and_reads_back_where_it_arrived(Gs232Dialect dialect)
    {
        await using var bench = new Bench(dialect, Gs232Rotator.ProtocolRange);

        var sent = await bench.Driver.SetPositionAsync(RotatorPosition.FromDegrees(120, 45));

        Assert.Equal(RotatorPosition.FromDegrees(120, 45), sent);
        // GS-232 reports whole degrees, so the driver reads "120" from 119.5 on: wait for the simulated rotator
        // itself to arrive before comparing what the driver reads with where the rotator is.
        await Eventually.UntilAsync(() => Task.FromResult(bench.Rotator.Position), p => p == sent, Deadline, "simulated rotator at az 120 el 45");
        var arrived = await bench.Driver.GetPositionAsync();
        Assert.Equal(sent, arrived);
        Assert.Equal(bench.Rotator.Position, arrived);
        var command = Assert.Single(bench.Rotator.Commands);
        Assert.Equal((120, 45, true), (command.Azimuth, command.Elevation, command.Accepted));
    }

    [Fact]
    public async Task Fractional_positions_are_rounded_to_whole_degrees_without_crossing_a_limit()
    {
        await using var bench = new Bench(Gs232Dialect.B, RotatorLimits.FromDegrees(0.5, 359.5, 0, 89.5));

        Assert.Equal(RotatorPosition.FromDegrees(359, 89), await bench.Driver.SetPositionAsync(RotatorPosition.FromDegrees(359.7, 89.9)));
        Assert.Equal(RotatorPosition.FromDegrees(1, 10), await bench.Driver.SetPositionAsync(RotatorPosition.FromDegrees(0.2, 9.5)));
        Assert.Equal(RotatorPosition.FromDegrees(181, 12), await bench.Driver.SetPositionAsync(RotatorPosition.FromDegrees(180.5, 12.4)));
    }

    [Fact]
    public async Task No_position_outside_the_limits_ever_reaches_the_controller_and_each_clamp_is_logged()
    {
        var limits = RotatorLimits.FromDegrees(10, 350, 5, 85);
        await using var bench = new Bench(Gs232Dialect.A, limits);
        (double Az, double El)[] requests = [(-30, 20), (400, 100), (180, -10), (5, 90), (200, 45)];

        foreach (var (az, el) in requests)
        {
            await bench.Driver.SetPositionAsync(RotatorPosition.FromDegrees(az, el));
        }

        var received = bench.Rotator.Commands;
        Assert.Equal(requests.Length, received.Count);
        Assert.All(received, c => Assert.True(limits.Contains(RotatorPosition.FromDegrees(c.Azimuth, c.Elevation)), $"sent {c}"));
        Assert.Equal([(10.0, 20.0), (350.0, 85.0), (180.0, 5.0), (10.0, 85.0), (200.0, 45.0)], received.Select(c => (c.Azimuth, c.Elevation)));
        Assert.Equal(4, bench.Logger.Entries.Count(e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning));
    }

    [Fact]
    public void NaN_is_refused_before_any_driver_sees_it() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RotatorPosition.FromDegrees(double.NaN, 10));

    [Fact]
    public void Limits_wider_than_the_protocol_can_express_are_refused()
    {
        using var pty = PseudoTerminal.Open(new SerialSettings());
        using var line = SerialLine.Open(pty.SlavePath, new SerialSettings());
        Assert.Throws<ArgumentException>(() =>
            new Gs232Rotator(line, new Gs232Options(), RotatorLimits.FromDegrees(-180, 450, 0, 90), new RecordingLogger<Gs232Rotator>()));
    }

    [Fact]
    public async Task The_invalid_command_reply_becomes_a_protocol_error()
    {
        await using var bench = new Bench(Gs232Dialect.B, Gs232Rotator.ProtocolRange,
            new SimulatedRotatorOptions { FaultEvery = 1 });

        var query = await Assert.ThrowsAsync<RotatorException>(() => bench.Driver.GetPositionAsync());
        var command = await Assert.ThrowsAsync<RotatorException>(() => bench.Driver.SetPositionAsync(RotatorPosition.FromDegrees(10, 10)));

        Assert.Equal(HamlibError.Protocol, query.Error);
        Assert.Contains("?>", query.Message, StringComparison.Ordinal);
        Assert.Equal(HamlibError.Protocol, command.Error);
    }

    [Fact]
    public async Task A_silent_controller_gives_a_timeout_error()
    {
        await using var bench = new Bench(Gs232Dialect.A, Gs232Rotator.ProtocolRange, serve: false);

        var error = await Assert.ThrowsAsync<RotatorException>(() => bench.Driver.GetPositionAsync());

        Assert.Equal(HamlibError.Timeout, error.Error);
    }
}
