using System.Collections.Concurrent;
using GroundStation.Edge.Configuration;
using GroundStation.Edge.Health;
using GroundStation.Edge.Passes;
using GroundStation.Hardware.Hamlib;
using GroundStation.Hardware.Rotators;
using GroundStation.Messaging.Contracts;
using GroundStation.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace GroundStation.Edge.Tests;

/// <summary>The pass state machine on a manual clock, with an in-memory rotator: transitions, pre-positioning, resume, cancel.</summary>
public sealed class PassExecutorTests
{
    private static readonly RotatorSettings Rotator = new(new HamlibEndpoint("127.0.0.1", 4533), RotatorLimits.FromDegrees(0, 450, 0, 180), 6, 3,
        RotatorPosition.FromDegrees(0, 0), 75);

    private static readonly TrackingSettings Tracking = new(TimeSpan.FromSeconds(1), 1.0, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), null, null, TimeSpan.FromSeconds(5));

    private static readonly StationSettings Station = new(Iss.Station, "N0CALL", Iss.Site);

    [Fact]
    public async Task A_pass_runs_scheduled_prepass_tracking_postpass_completed_with_the_rotator_at_the_aos_position_before_aos()
    {
        var schedule = PassSchedule.Create(Iss.Planned(Iss.Passes()[0]), Station, Rotator, Tracking.PrePassMargin);
        var clock = new ManualTimeProvider(schedule.PrePassAt.AddMinutes(-5));
        var (executor, rotator, events) = Create(clock);
        executor.SetPlan(1, [schedule]);
        using var stop = new CancellationTokenSource();
        var running = executor.RunAsync(stop.Token);

        Assert.Equal([PassState.Scheduled], events.States(schedule.Id));
        await StepUntilAsync(clock, schedule.PrePassAt.AddSeconds(-1));
        Assert.Empty(rotator.Commands);
        await StepUntilAsync(clock, schedule.PrePassAt.AddSeconds(1));
        await Eventually.TrueAsync(() => events.States(schedule.Id).Contains(PassState.PrePass), TimeSpan.FromSeconds(10), () => "PrePass");
        await Eventually.TrueAsync(() => !rotator.Commands.IsEmpty, TimeSpan.FromSeconds(10), () => "the pre-positioning command");
        var first = rotator.Commands.First();
        Assert.Equal(schedule.Path.Start, first.Position);
        Assert.True(first.At <= schedule.Aos - schedule.SlewTime, $"pre-positioning at {first.At:O} leaves less than the slew time {schedule.SlewTime} before AOS {schedule.Aos:O}");

        await StepUntilAsync(clock, schedule.Aos.AddSeconds(1));
        await Eventually.TrueAsync(() => events.States(schedule.Id).Contains(PassState.Tracking), TimeSpan.FromSeconds(10), () => "Tracking");
        await StepUntilAsync(clock, schedule.Los.AddSeconds(2));
        await Eventually.TrueAsync(() => events.States(schedule.Id).Contains(PassState.Completed), TimeSpan.FromSeconds(10),
            () => string.Join(",", events.States(schedule.Id)));

        Assert.Equal([PassState.Scheduled, PassState.PrePass, PassState.Tracking, PassState.PostPass, PassState.Completed], events.States(schedule.Id));
        var tracking = rotator.Commands.Where(c => c.At >= schedule.Aos && c.At < schedule.Los).ToList();
        Assert.True(tracking.Count > 10, $"only {tracking.Count} tracking commands");
        Assert.All(tracking.Zip(tracking.Skip(1)), pair => Assert.True(pair.First.Position.DistanceTo(pair.Second.Position) > Tracking.PointingThresholdDegrees,
            $"{pair.Second.Position} sent although within {Tracking.PointingThresholdDegrees} deg of {pair.First.Position}"));
        Assert.Equal(Rotator.Park, rotator.Commands.Last().Position);
        Assert.True(rotator.Commands.Last().At >= schedule.Los);
        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task Frames_arriving_just_after_the_pass_finished_still_belong_to_it_and_none_belong_to_no_pass()
    {
        var schedule = PassSchedule.Create(Iss.Planned(Iss.Passes()[0]), Station, Rotator, Tracking.PrePassMargin);
        var clock = new ManualTimeProvider(schedule.PrePassAt.AddMinutes(-5));
        var (executor, _, events) = Create(clock);
        executor.SetPlan(1, [schedule]);
        using var stop = new CancellationTokenSource();
        var running = executor.RunAsync(stop.Token);

        Assert.Null(executor.PassForArrivingFrame());
        await StepUntilAsync(clock, schedule.Aos.AddSeconds(1));
        await Eventually.TrueAsync(() => events.States(schedule.Id).Contains(PassState.Tracking), TimeSpan.FromSeconds(10), () => "Tracking");
        Assert.Equal(schedule.Id, executor.PassForArrivingFrame());
        await StepUntilAsync(clock, schedule.Los.AddSeconds(2));
        await Eventually.TrueAsync(() => events.States(schedule.Id).Contains(PassState.Completed), TimeSpan.FromSeconds(10),
            () => string.Join(",", events.States(schedule.Id)));

        Assert.Null(executor.Active);
        Assert.Equal(schedule.Id, executor.PassForArrivingFrame());
        clock.Advance(PassExecutor.LateFrameGrace + TimeSpan.FromSeconds(1));
        Assert.Null(executor.PassForArrivingFrame());
        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task A_restart_in_the_middle_of_a_pass_goes_straight_to_tracking_without_repeating_the_transition()
    {
        var schedule = PassSchedule.Create(Iss.Planned(Iss.Passes()[0]), Station, Rotator, Tracking.PrePassMargin);
        var middle = schedule.Aos + ((schedule.Los - schedule.Aos) / 2);
        var clock = new ManualTimeProvider(middle);
        var (executor, rotator, events) = Create(clock);
        events.Record(schedule.Id, PassState.Scheduled, null);
        events.Record(schedule.Id, PassState.PrePass, null);
        events.Record(schedule.Id, PassState.Tracking, null);
        executor.SetPlan(1, [schedule]);
        using var stop = new CancellationTokenSource();
        var running = executor.RunAsync(stop.Token);

        await Eventually.TrueAsync(() => !rotator.Commands.IsEmpty, TimeSpan.FromSeconds(10), () => "a tracking command");
        var controller = new TrackingController(schedule, 1);
        Assert.Equal(controller.Wanted(middle), rotator.Commands.First().Position);
        Assert.Equal(PassState.Tracking, executor.Active?.State);
        await StepUntilAsync(clock, schedule.Los.AddSeconds(2));
        await Eventually.TrueAsync(() => events.States(schedule.Id).Contains(PassState.Completed), TimeSpan.FromSeconds(10), () => "Completed");

        Assert.Equal([PassState.Scheduled, PassState.PrePass, PassState.Tracking, PassState.PostPass, PassState.Completed], events.States(schedule.Id));
        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task A_pass_missed_while_the_agent_was_down_fails_with_the_reason_and_a_cancelled_one_parks()
    {
        var passes = Iss.Passes();
        var missed = PassSchedule.Create(Iss.Planned(passes[0]), Station, Rotator, Tracking.PrePassMargin);
        var next = PassSchedule.Create(Iss.Planned(passes[1]), Station, Rotator, Tracking.PrePassMargin);
        var clock = new ManualTimeProvider(next.Aos.AddSeconds(30));
        var (executor, rotator, events) = Create(clock);
        events.Record(missed.Id, PassState.Scheduled, null);
        executor.SetPlan(1, [missed, next]);
        using var stop = new CancellationTokenSource();
        var running = executor.RunAsync(stop.Token);

        await Eventually.TrueAsync(() => executor.Active?.State == PassState.Tracking, TimeSpan.FromSeconds(10), () => "tracking the second pass");
        Assert.Equal("missed: the agent was not running during the pass", events.Reasons(missed.Id).Last());
        executor.SetPlan(2, [missed]);
        await Eventually.TrueAsync(() => events.States(next.Id).Contains(PassState.Failed), TimeSpan.FromSeconds(10), () => "the cancelled pass failing");

        Assert.Equal("cancelled: the pass is not in plan version 2", events.Reasons(next.Id).Last());
        await Eventually.TrueAsync(() => rotator.Commands.Last().Position == Rotator.Park, TimeSpan.FromSeconds(10), () => "park");
        await stop.CancelAsync();
        await running;
    }

    private static (PassExecutor Executor, RecordingRotator Rotator, MemoryEvents Events) Create(TimeProvider clock)
    {
        var rotator = new RecordingRotator(clock, Rotator.Limits);
        var events = new MemoryEvents();
        var devices = new PassDevices(rotator, new DeviceLink(DeviceLinkState.Up), null, DeviceLink.NotConfigured(), null, DeviceLink.NotConfigured());
        var executor = new PassExecutor(Station, Rotator, Tracking, devices, events, new PassHooks(TimeSpan.FromSeconds(5), clock, NullLogger<PassHooks>.Instance),
            clock, NullLogger<PassExecutor>.Instance);
        return (executor, rotator, events);
    }

    // Advances one second at a time, yielding between steps so the executor's continuations interleave with the clock.
    private static async Task StepUntilAsync(ManualTimeProvider clock, DateTimeOffset until)
    {
        while (clock.GetUtcNow() < until)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Yield();
        }
    }

    private sealed record Command(DateTimeOffset At, RotatorPosition Position);

    private sealed class RecordingRotator(TimeProvider clock, RotatorLimits limits) : IRotator
    {
        public ConcurrentQueue<Command> Commands { get; } = new();

        public RotatorLimits Limits => limits;

        public Task<RotatorPosition> SetPositionAsync(RotatorPosition target, CancellationToken cancellationToken = default)
        {
            Commands.Enqueue(new Command(clock.GetUtcNow(), target));
            return Task.FromResult(target);
        }

        public Task<RotatorPosition> GetPositionAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult(Commands.LastOrDefault()?.Position ?? RotatorPosition.FromDegrees(0, 0));

        public Task StopAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task ParkAsync(CancellationToken cancellationToken = default) => throw new InvalidOperationException("the configured park position is used");
    }
}
