using GroundStation.Messaging.Contracts;

namespace GroundStation.Edge.Tests;

/// <summary>
/// Acceptance 2, 3 and 5 with gs-edge as a child process: broker outage across a whole pass, SIGKILL mid-pass, and a bad
/// plan while a good one is in force. Real mosquitto; gs-sim rotator and TNC with the simulated ISS on the shared clock.
/// </summary>
public sealed class AgentProcessTests
{
    private static readonly TimeSpan Lead = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task With_the_broker_down_from_before_aos_to_after_los_the_pass_runs_and_every_frame_is_delivered_afterwards()
    {
        await using var rig = await EdgeRig.StartAsync(Lead);
        await rig.PublishPlanAsync(1, rig.Planned);
        rig.StartAgent();
        await rig.WaitForEventAsync(e => e.PassId == rig.PassId.Value && e.State == PassState.Scheduled, TimeSpan.FromSeconds(30), "Scheduled");

        await rig.Broker.StopAsync();
        Assert.True(rig.Clock.GetUtcNow() < rig.Pass.Aos, $"the broker stopped at {rig.Clock.GetUtcNow():O}, after AOS {rig.Pass.Aos:O}: the machine is too slow for this test");
        var untilAfterLos = rig.Pass.Los.AddSeconds(20) - rig.Clock.GetUtcNow();
        await Eventually.TrueAsync(() => rig.Clock.GetUtcNow() >= rig.Pass.Los.AddSeconds(20), EdgeRig.Real(untilAfterLos) + TimeSpan.FromSeconds(30), () => "LOS");
        var delivered = rig.Tnc.Counters.FramesDelivered;
        Assert.True(delivered > 20, $"the simulated ISS delivered only {delivered} frames");
        Assert.True(rig.Rotator.Commands.Count > 20, $"the rotator got only {rig.Rotator.Commands.Count} commands while the broker was down");
        Assert.Empty(rig.Frames);

        await rig.Broker.RestartAsync();
        await Eventually.TrueAsync(() => rig.Frames.Select(f => f.FrameId).Distinct().Count() >= delivered, TimeSpan.FromSeconds(60),
            () => $"{rig.Frames.Select(f => f.FrameId).Distinct().Count()} of {delivered} frames after the outage\n{rig.AgentOutput}");
        await rig.WaitForEventAsync(e => e.PassId == rig.PassId.Value && e.State == PassState.Completed, TimeSpan.FromSeconds(30), "Completed (sent from the outbox)");

        var sequences = rig.Frames.Select(f => f.FrameId).Distinct().Select(id => long.Parse(id[(id.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
        Assert.Equal(Enumerable.Range(1, (int)delivered).Select(i => (long)i), sequences);
        Assert.All(rig.Frames, f => Assert.Equal(rig.PassId.Value, f.PassId));
        var states = rig.PassEvents.Where(e => e.PassId == rig.PassId.Value).Select(e => e.State).Distinct().ToList();
        Assert.Equal([PassState.Scheduled, PassState.PrePass, PassState.Tracking, PassState.PostPass, PassState.Completed], states);
    }

    [Fact]
    public async Task Killed_mid_pass_and_restarted_the_agent_resumes_tracking_and_loses_no_spooled_frame()
    {
        await using var rig = await EdgeRig.StartAsync(Lead);
        await rig.PublishPlanAsync(1, rig.Planned);
        rig.StartAgent();
        await rig.WaitForEventAsync(e => e.PassId == rig.PassId.Value && e.State == PassState.Tracking, EdgeRig.Real(Lead + TimeSpan.FromMinutes(3)) + TimeSpan.FromSeconds(30), "Tracking");
        await Eventually.TrueAsync(() => rig.Frames.Count >= 3, TimeSpan.FromSeconds(60), () => $"frames before the kill\n{rig.AgentOutput}");

        await rig.Agent.KillAsync();
        var killedAt = rig.Clock.GetUtcNow();
        Assert.True(killedAt < rig.Pass.Los.AddMinutes(-2), $"killed at {killedAt:O}, too close to LOS {rig.Pass.Los:O}");
        var restarted = rig.StartAgent();
        await restarted.WaitForLineAsync(l => l.Contains("resuming tracking", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        var resumedAt = rig.Clock.GetUtcNow();
        await rig.WaitForEventAsync(e => e.PassId == rig.PassId.Value && e.State == PassState.Completed,
            EdgeRig.Real(rig.Pass.Los - resumedAt) + TimeSpan.FromSeconds(60), "Completed after the restart");

        Assert.Contains(rig.Rotator.Commands, c => c.At > resumedAt && c.At < rig.Pass.Los);
        var frameIds = rig.Frames.Select(f => f.FrameId).Distinct().ToList();
        var sequences = frameIds.Select(id => long.Parse(id[(id.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
        Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => (long)i), sequences);
        Assert.Single(rig.PassEvents, e => e.PassId == rig.PassId.Value && e.State == PassState.Tracking);
    }

    [Fact]
    public async Task A_bad_plan_is_rejected_with_named_errors_and_the_previous_plan_stays_in_force()
    {
        await using var rig = await EdgeRig.StartAsync(Lead);
        await rig.PublishPlanAsync(1, rig.Planned);
        rig.StartAgent();
        await rig.WaitForEventAsync(e => e.PassId == rig.PassId.Value && e.State == PassState.Scheduled, TimeSpan.FromSeconds(30), "Scheduled");

        var bad = rig.Planned with { PassId = "gs-test.25544.bad", TleLine2 = Iss.Line2[..30] };
        await rig.PublishPlanAsync(2, bad);
        await rig.WaitForEventAsync(e => e.PassId == "plan.v2" && e.State == PassState.Failed, TimeSpan.FromSeconds(30), "the rejection of plan v2");
        using var foreignKey = CoreSigningKey.Generate();
        await rig.PublishPlanAsync(Iss.SignedPlan(foreignKey, 3, rig.Planned));
        await rig.WaitForEventAsync(e => e.PassId == "plan.unverified" && e.State == PassState.Failed, TimeSpan.FromSeconds(30), "the rejection of plan v3");

        var rejection = rig.PassEvents.Single(e => e.PassId == "plan.v2").Reason!;
        Assert.Contains("passes[0] (gs-test.25544.bad).tle:", rejection, StringComparison.Ordinal);
        Assert.Contains("signed with unknown key", rig.PassEvents.Single(e => e.PassId == "plan.unverified").Reason!, StringComparison.Ordinal);
        Assert.Contains("stays in force", rig.AgentOutput, StringComparison.Ordinal);
        // Plan v1 is still what runs: its pass goes on to pre-pass.
        await rig.WaitForEventAsync(e => e.PassId == rig.PassId.Value && e.State == PassState.PrePass, EdgeRig.Real(Lead) + TimeSpan.FromSeconds(30), "PrePass of plan v1's pass");
    }

    [Fact]
    public async Task A_bad_configuration_exits_with_code_2_naming_every_bad_setting()
    {
        using var key = CoreSigningKey.Generate();
        using var directory = new ConfigDirectory(key);
        directory.Write("""{ "station": { "id": "gs 1", "latitude": 200 }, "broker": { "host": "127.0.0.1", "port": 0 }, "coreKeyFile": "core-public.pem" }""");

        var info = new System.Diagnostics.ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "gs-edge")) { RedirectStandardError = true, RedirectStandardOutput = true };
        info.ArgumentList.Add("--config");
        info.ArgumentList.Add(directory.ConfigPath);
        info.Environment["GS_EDGE_TNC__PORT"] = "x";
        using var agent = System.Diagnostics.Process.Start(info)!;
        var errors = agent.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await agent.WaitForExitAsync(deadline.Token);
        var output = await errors;

        Assert.Equal(2, agent.ExitCode);

        foreach (var expected in new[]
                 {
                     "gs-edge: error: station.id: 'gs 1' is not a station id", "gs-edge: error: station.callsign: is required",
                     "gs-edge: error: station.latitude: 200 is not between -90 and 90", "gs-edge: error: broker.port: 0 is not between 1 and 65535",
                     "gs-edge: error: tnc.port: must be a number, not the string 'x' (from GS_EDGE_TNC__PORT)", "gs-edge: error: rotator.host: is required",
                     "gs-edge: error: dataDirectory: is required", "gs-edge: error: spool.policy: is required",
                 })
        {
            Assert.Contains(expected, output, StringComparison.Ordinal);
        }
    }
}
