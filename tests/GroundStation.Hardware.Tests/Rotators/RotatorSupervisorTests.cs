using System.Net;
using GroundStation.Hardware.Hamlib;
using GroundStation.Hardware.Rotators;
using GroundStation.Simulators.Hamlib;
using GroundStation.Simulators.Rotators;
using GroundStation.Testing;
using GroundStation.Time;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GroundStation.Hardware.Tests.Rotators;

/// <summary>Acceptance 4, stall half: the supervisor on a manual clock, driving the simulated rotator through rotctld's protocol.</summary>
public class RotatorSupervisorTests
{
    private static readonly StallDetectionOptions Detection = new()
    {
        StallTimeout = TimeSpan.FromSeconds(10),
        PollInterval = TimeSpan.FromSeconds(1),
        MinimumProgress = 0.5,
        ArrivalTolerance = 1,
    };

    private sealed class Bench : IAsyncDisposable
    {
        private readonly HamlibTcpServer _server;
        private readonly RotctldRotator _client;

        public Bench()
        {
            Rotator = new SimulatedRotator(new SimulatedRotatorOptions { AzimuthRate = 2, ElevationRate = 1 }, Clock);
            _server = new HamlibTcpServer(new IPEndPoint(IPAddress.Loopback, 0), RotctldCommands.CreateResponder(Rotator), NullLogger.Instance);
            _server.Start();
            _client = new RotctldRotator(
                new HamlibClientOptions { Endpoint = new HamlibEndpoint("127.0.0.1", _server.Endpoint.Port) },
                RotatorLimits.FromDegrees(0, 450, 0, 180), new RecordingLogger<RotctldRotator>());
            Supervisor = new RotatorSupervisor(_client, Detection, Clock, Logger);
            Supervisor.Stalled += Stalls.Add;
        }

        public ManualTimeProvider Clock { get; } = new();

        public SimulatedRotator Rotator { get; }

        public RotatorSupervisor Supervisor { get; }

        public RecordingLogger<RotatorSupervisor> Logger { get; } = new();

        public List<RotatorStall> Stalls { get; } = [];

        public async Task<RotatorMotion> StepAsync()
        {
            Clock.Advance(Detection.PollInterval);
            return await Supervisor.CheckAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await _client.DisposeAsync();
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_rotator_that_stops_moving_while_commanded_is_reported_within_the_stall_timeout()
    {
        await using var bench = new Bench();
        await bench.Supervisor.SetPositionAsync(RotatorPosition.FromDegrees(120, 45));
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(RotatorMotion.Moving, await bench.StepAsync());
        }

        bench.Rotator.InjectStall();
        var stalledAt = bench.Clock.GetUtcNow();
        var motion = RotatorMotion.Moving;
        while (motion != RotatorMotion.Stalled && bench.Clock.GetUtcNow() - stalledAt <= TimeSpan.FromSeconds(30))
        {
            motion = await bench.StepAsync();
        }

        var detectedAfter = bench.Clock.GetUtcNow() - stalledAt;
        Assert.Equal(RotatorMotion.Stalled, motion);
        Assert.InRange(detectedAfter, Detection.StallTimeout, Detection.StallTimeout + Detection.PollInterval);
        var stall = Assert.Single(bench.Stalls);
        Assert.Equal(RotatorPosition.FromDegrees(120, 45), stall.Target);
        Assert.Equal(bench.Rotator.Position.Azimuth.Degrees, stall.Position.Azimuth.Degrees, 2);
        Assert.Contains(bench.Logger.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("stalled", StringComparison.Ordinal));

        // Reported once, not on every poll.
        await bench.StepAsync();
        Assert.Single(bench.Stalls);
    }

    [Fact]
    public async Task A_stall_is_not_hidden_by_a_tracker_that_keeps_sending_new_targets()
    {
        await using var bench = new Bench();
        bench.Rotator.InjectStall();
        var start = bench.Clock.GetUtcNow();
        var motion = RotatorMotion.Idle;
        for (var second = 0; motion != RotatorMotion.Stalled && second < 30; second++)
        {
            await bench.Supervisor.SetPositionAsync(RotatorPosition.FromDegrees(100 + (second * 3), 30));
            motion = await bench.StepAsync();
        }

        Assert.Equal(RotatorMotion.Stalled, motion);
        Assert.InRange(bench.Clock.GetUtcNow() - start, Detection.StallTimeout, Detection.StallTimeout + Detection.PollInterval);
    }

    [Fact]
    public async Task A_slow_but_moving_rotator_is_never_reported_and_arrives_on_target()
    {
        await using var bench = new Bench();
        await bench.Supervisor.SetPositionAsync(RotatorPosition.FromDegrees(60, 20));
        var motion = RotatorMotion.Moving;
        for (var i = 0; i < 40 && motion != RotatorMotion.OnTarget; i++)
        {
            motion = await bench.StepAsync();
        }

        Assert.Equal(RotatorMotion.OnTarget, motion);
        Assert.Empty(bench.Stalls);
    }

    [Fact]
    public async Task A_stall_scheduled_in_the_simulator_options_is_detected_too()
    {
        var clock = new ManualTimeProvider();
        var rotator = new SimulatedRotator(new SimulatedRotatorOptions { AzimuthRate = 2, ElevationRate = 1, StallAfter = TimeSpan.FromSeconds(3) }, clock);
        await using var server = new HamlibTcpServer(new IPEndPoint(IPAddress.Loopback, 0), RotctldCommands.CreateResponder(rotator), NullLogger.Instance);
        server.Start();
        await using var client = new RotctldRotator(new HamlibClientOptions { Endpoint = new HamlibEndpoint("127.0.0.1", server.Endpoint.Port) },
            RotatorLimits.FromDegrees(0, 450, 0, 180), new RecordingLogger<RotctldRotator>());
        var supervisor = new RotatorSupervisor(client, Detection, clock, new RecordingLogger<RotatorSupervisor>());

        await supervisor.SetPositionAsync(RotatorPosition.FromDegrees(90, 10));
        var motion = RotatorMotion.Moving;
        var seconds = 0;
        while (motion != RotatorMotion.Stalled && seconds < 30)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            seconds++;
            motion = await supervisor.CheckAsync();
        }

        Assert.Equal(RotatorMotion.Stalled, motion);
        Assert.InRange(seconds, 3 + 10, 3 + 10 + 1);
        Assert.True(rotator.IsStalled);
    }

    [Fact]
    public async Task The_polling_watchdog_reports_a_stall_on_a_scaled_clock()
    {
        // 100 simulated seconds per real second: a 10 s stall timeout takes a tenth of a real second.
        var clock = new ScaledTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), 100);
        var rotator = new SimulatedRotator(new SimulatedRotatorOptions { AzimuthRate = 2, ElevationRate = 1 }, clock);
        await using var server = new HamlibTcpServer(new IPEndPoint(IPAddress.Loopback, 0), RotctldCommands.CreateResponder(rotator), NullLogger.Instance);
        server.Start();
        await using var client = new RotctldRotator(new HamlibClientOptions { Endpoint = new HamlibEndpoint("127.0.0.1", server.Endpoint.Port) },
            RotatorLimits.FromDegrees(0, 450, 0, 180), new RecordingLogger<RotctldRotator>());
        var supervisor = new RotatorSupervisor(client, Detection, clock, new RecordingLogger<RotatorSupervisor>());
        var stalled = new TaskCompletionSource<RotatorStall>(TaskCreationOptions.RunContinuationsAsynchronously);
        supervisor.Stalled += stall => stalled.TrySetResult(stall);
        using var stop = new CancellationTokenSource();
        var watching = supervisor.RunAsync(stop.Token);

        await supervisor.SetPositionAsync(RotatorPosition.FromDegrees(300, 80));
        rotator.InjectStall();
        var injectedAt = clock.GetUtcNow();
        var stall = await stalled.Task.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.True(stall.DetectedAt - injectedAt >= Detection.StallTimeout - Detection.PollInterval, $"detected after {stall.DetectedAt - injectedAt}");
        Assert.Equal(RotatorMotion.Stalled, supervisor.Motion);
        await stop.CancelAsync();
        await watching;
    }
}
