using GroundStation.Frames.Ax25;
using GroundStation.Messaging.Contracts;
using SimOpcode = GroundStation.Simulators.Satellite.TelecommandOpcode;
using SimTelecommand = GroundStation.Simulators.Satellite.Telecommand;

namespace GroundStation.Commanding.Tests;

public sealed class PipelineTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task A_routine_command_is_released_before_AOS_signed_for_its_pass_sent_and_verified_by_housekeeping()
    {
        await using var h = new CommandHarness();
        var window = h.Windows.Add("st1", CommandHarness.T0.AddHours(1), TimeSpan.FromMinutes(8));
        var submitted = await h.SubmitAsync("dump-stored-telemetry", [5]);
        Assert.Equal(CommandOutcomeKind.Ok, submitted.Kind);
        var id = submitted.Command!.CommandId;
        Assert.Matches("^cmd-[a-z2-7]{12}$", id);
        Assert.Equal(CommandState.Queued, submitted.Command.State);

        h.Time.Advance(TimeSpan.FromMinutes(57) + TimeSpan.FromSeconds(59));
        await h.Service.ProcessDueAsync(Ct);
        Assert.False(h.Publisher.TryPeek);

        h.Time.Advance(TimeSpan.FromSeconds(1));
        var (station, telecommand) = await h.Publisher.NextAsync(h.Key);
        Assert.Equal("st1", station.Value);
        Assert.Equal(id, telecommand.CommandId);
        Assert.Equal(window.PassId.Value, telecommand.PassId);
        Assert.Equal(window.Los, telecommand.ExpiresAt);
        Assert.Equal(h.Time.GetUtcNow(), telecommand.IssuedAt);
        Assert.Equal("alice", telecommand.Decision.Principal);
        Assert.Null(telecommand.Decision.ApprovedBy);
        Assert.Equal(25544, telecommand.NoradId);

        // The payload is a UI frame from the station to the satellite whose info the simulator's decoder reads.
        var frame = Ax25Codec.Decode(telecommand.Payload, Ax25Fcs.Absent).Value;
        Assert.Equal("S25544", frame.Destination.ToString());
        Assert.Equal(window.StationCallsign, frame.Source.ToString());
        var onboard = SimTelecommand.Decode(frame.Info.Span).Value;
        Assert.Equal(SimOpcode.DumpStoredTelemetry, onboard.Opcode);
        Assert.Equal([5], onboard.Argument.ToArray());
        var released = await h.WaitForAsync(id, CommandState.Released);
        Assert.Equal(released.OnboardId, onboard.CommandId);

        await h.AckAsync(id, "st1", CommandStage.Queued);
        await h.AckAsync(id, "st1", CommandStage.Released);
        await h.AckAsync(id, "st1", CommandStage.Sent);
        await h.WaitForAsync(id, CommandState.Sent);
        await h.HousekeepingAsync((ushort)(onboard.CommandId + 1), 1);
        await h.HousekeepingAsync(onboard.CommandId, 1);
        await h.WaitForAsync(id, CommandState.Verified);

        var history = h.Service.History(id);
        Assert.Equal(
            [CommandState.Received, CommandState.Queued, CommandState.Released, CommandState.Released, CommandState.Released, CommandState.Sent, CommandState.Verified],
            history.Select(e => e.State).ToArray());
        Assert.Equal("alice", history[0].By);
        Assert.Equal("station:st1", history[5].By);
        Assert.Contains("executed", history[^1].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_critical_command_waits_for_a_different_principal()
    {
        await using var h = new CommandHarness();
        h.Windows.Add("st1", CommandHarness.T0.AddMinutes(1), TimeSpan.FromMinutes(8));
        var submitted = await h.SubmitAsync("set-mode", [1]);
        var id = submitted.Command!.CommandId;
        Assert.Equal(CommandState.AwaitingApproval, submitted.Command.State);
        Assert.True(submitted.Command.Critical);
        await h.Service.ProcessDueAsync(Ct);
        Assert.False(h.Publisher.TryPeek);

        var own = await h.Service.ApproveAsync(id, "t1", "alice", Ct);
        Assert.Equal(CommandOutcomeKind.Conflict, own.Kind);
        Assert.Contains("second principal", own.Message, StringComparison.Ordinal);
        Assert.Equal(CommandOutcomeKind.NotFound, (await h.Service.ApproveAsync(id, "t2", "mallory", Ct)).Kind);

        var approved = await h.Service.ApproveAsync(id, "t1", "bob", Ct);
        Assert.Equal(CommandOutcomeKind.Ok, approved.Kind);
        var (_, telecommand) = await h.Publisher.NextAsync(h.Key);
        Assert.Equal("bob", telecommand.Decision.ApprovedBy);
        Assert.Equal(CommandOutcomeKind.Conflict, (await h.Service.ApproveAsync(id, "t1", "carol", Ct)).Kind);
        Assert.Equal(CommandOutcomeKind.Conflict, (await h.Service.CancelAsync(id, "t1", "alice", "too late", Ct)).Kind);
    }

    [Fact]
    public async Task Arguments_are_validated_against_the_dictionary_naming_the_problem()
    {
        await using var h = new CommandHarness();
        var badMode = await h.SubmitAsync("set-mode", [7]);
        Assert.Equal(CommandOutcomeKind.Invalid, badMode.Kind);
        Assert.Equal("argumentHex", badMode.Field);
        Assert.Contains("mode 7", badMode.Message, StringComparison.Ordinal);
        Assert.Equal("argumentHex", (await h.SubmitAsync("ping", [1])).Field);
        var unknown = await h.SubmitAsync("self-destruct");
        Assert.Equal("command", unknown.Field);
        Assert.Contains("ping, set-mode, reboot, dump-stored-telemetry", unknown.Message, StringComparison.Ordinal);
        Assert.Equal("expiresInSeconds", (await h.SubmitAsync("ping", expiresIn: TimeSpan.FromDays(30))).Field);
        Assert.Equal(CommandOutcomeKind.NotFound, (await h.SubmitAsync("ping", norad: 11111)).Kind);
    }

    [Fact]
    public async Task Verification_times_out_or_reports_the_on_board_rejection()
    {
        await using var h = new CommandHarness();
        h.Windows.Add("st1", CommandHarness.T0.AddMinutes(1), TimeSpan.FromMinutes(8));
        var first = (await h.SubmitAsync("ping")).Command!;
        var second = (await h.SubmitAsync("dump-stored-telemetry", [0])).Command!;
        await h.WaitForAsync(first.CommandId, CommandState.Released);
        await h.WaitForAsync(second.CommandId, CommandState.Released);
        await h.AckAsync(first.CommandId, "st1", CommandStage.Sent);
        await h.AckAsync(second.CommandId, "st1", CommandStage.Sent);

        await h.HousekeepingAsync(second.OnboardId, 3);
        var rejected = await h.WaitForAsync(second.CommandId, CommandState.Failed);
        Assert.Equal("rejected on board: bad argument", rejected.Reason);

        h.Time.Advance(TimeSpan.FromSeconds(59));
        await h.Service.ProcessDueAsync(Ct);
        Assert.Equal(CommandState.Sent, h.Store.Find(first.CommandId)!.State);
        h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("verification timeout", (await h.WaitForAsync(first.CommandId, CommandState.Failed)).Reason);

        // A late housekeeping report changes nothing once the command failed.
        await h.HousekeepingAsync(first.OnboardId, 1);
        Assert.Equal(CommandState.Failed, h.Store.Find(first.CommandId)!.State);
    }

    [Fact]
    public async Task A_held_queue_releases_nothing_until_released()
    {
        await using var h = new CommandHarness();
        h.Windows.Add("st1", CommandHarness.T0.AddMinutes(10), TimeSpan.FromMinutes(8));
        var norad = new Orbits.NoradId(25544);
        var id = (await h.SubmitAsync("ping")).Command!.CommandId;
        await h.Service.SetHeldAsync(norad, true, "alice", Ct);
        Assert.True(h.Service.IsHeld(norad));
        h.Time.Advance(TimeSpan.FromMinutes(9));
        await h.Service.ProcessDueAsync(Ct);
        Assert.False(h.Publisher.TryPeek);

        await h.RestartAsync();
        Assert.True(h.Service.IsHeld(norad));
        await h.Service.ProcessDueAsync(Ct);
        Assert.False(h.Publisher.TryPeek);

        await h.Service.SetHeldAsync(norad, false, "bob", Ct);
        Assert.Equal(id, (await h.Publisher.NextAsync(h.Key)).Command.CommandId);
        Assert.Contains(h.Service.History(id), e => e.Detail == "queue held" && e.By == "alice");
        Assert.Contains(h.Service.History(id), e => e.Detail == "queue released" && e.By == "bob");
    }

    [Fact]
    public async Task A_station_refusing_with_window_passed_requeues_to_the_next_window_and_other_refusals_fail()
    {
        await using var h = new CommandHarness();
        var first = h.Windows.Add("st1", CommandHarness.T0.AddMinutes(1), TimeSpan.FromMinutes(8));
        var second = h.Windows.Add("st2", CommandHarness.T0.AddHours(2), TimeSpan.FromMinutes(8));
        var id = (await h.SubmitAsync("ping")).Command!.CommandId;
        Assert.Equal(first.PassId.Value, (await h.Publisher.NextAsync(h.Key)).Command.PassId);

        await h.AckAsync(id, "st2", CommandStage.Failed, "window-passed");
        Assert.Equal(CommandState.Released, h.Store.Find(id)!.State);
        await h.AckAsync(id, "st1", CommandStage.Failed, "window-passed: LOS was before the command reached the station");
        Assert.Equal(CommandState.Queued, h.Store.Find(id)!.State);

        h.Time.SetUtcNow(second.Aos - TimeSpan.FromMinutes(2));
        var (station, again) = await h.Publisher.NextAsync(h.Key);
        Assert.Equal("st2", station.Value);
        Assert.Equal(second.PassId.Value, again.PassId);

        // "expired" while the command itself is valid: the telecommand's window (LOS) passed; a third contact takes it.
        var third = h.Windows.Add("st3", CommandHarness.T0.AddHours(4), TimeSpan.FromMinutes(8));
        await h.AckAsync(id, "st2", CommandStage.Failed, "expired");
        Assert.Equal(CommandState.Queued, h.Store.Find(id)!.State);
        h.Time.SetUtcNow(third.Aos - TimeSpan.FromMinutes(2));
        Assert.Equal(third.PassId.Value, (await h.Publisher.NextAsync(h.Key)).Command.PassId);

        await h.AckAsync(id, "st3", CommandStage.Failed, "bad-signature");
        Assert.Equal("refused by station st3: bad-signature", (await h.WaitForAsync(id, CommandState.Failed)).Reason);
    }

    [Fact]
    public async Task A_removed_contact_sends_its_released_commands_back_to_the_queue()
    {
        await using var h = new CommandHarness();
        var first = h.Windows.Add("st1", CommandHarness.T0.AddMinutes(1), TimeSpan.FromMinutes(8));
        var second = h.Windows.Add("st2", CommandHarness.T0.AddMinutes(30), TimeSpan.FromMinutes(8));
        var id = (await h.SubmitAsync("ping")).Command!.CommandId;
        await h.Publisher.NextAsync(h.Key);
        h.Windows.Remove(first);
        await h.WaitForAsync(id, CommandState.Queued);
        h.Time.SetUtcNow(second.Aos - TimeSpan.FromMinutes(2));
        Assert.Equal(second.PassId.Value, (await h.Publisher.NextAsync(h.Key)).Command.PassId);
    }

    [Fact]
    public async Task The_queue_and_released_commands_survive_a_restart()
    {
        await using var h = new CommandHarness();
        var window = h.Windows.Add("st1", CommandHarness.T0.AddHours(1), TimeSpan.FromMinutes(8));
        var queued = (await h.SubmitAsync("ping")).Command!;
        var critical = (await h.SubmitAsync("reboot")).Command!;
        Assert.Equal(CommandState.AwaitingApproval, critical.State);

        await h.RestartAsync();
        Assert.Equal(CommandOutcomeKind.Ok, (await h.Service.ApproveAsync(critical.CommandId, "t1", "bob", Ct)).Kind);
        h.Time.SetUtcNow(window.Aos - TimeSpan.FromMinutes(2));
        var published = new[] { await h.Publisher.NextAsync(h.Key), await h.Publisher.NextAsync(h.Key) };
        Assert.Equal(new[] { queued.CommandId, critical.CommandId }.Order(), published.Select(p => p.Command.CommandId).Order());

        // A core restart after release re-publishes the identical telecommand (same nonce): the station drops the duplicate.
        await h.RestartAsync();
        var republished = new[] { await h.Publisher.NextAsync(h.Key), await h.Publisher.NextAsync(h.Key) };
        Assert.Equal(published.Select(p => p.Command.Nonce).Order(), republished.Select(p => p.Command.Nonce).Order());
        await h.AckAsync(queued.CommandId, "st1", CommandStage.Failed, "replayed");
        Assert.Equal(CommandState.Released, h.Store.Find(queued.CommandId)!.State);

        // On-board ids keep counting across restarts.
        var later = (await h.SubmitAsync("ping")).Command!;
        Assert.Equal(critical.OnboardId + 1, later.OnboardId);
    }

    [Fact]
    public async Task Commands_expire_in_the_queue_and_can_be_cancelled_before_release()
    {
        await using var h = new CommandHarness();
        var expiring = (await h.SubmitAsync("ping", expiresIn: TimeSpan.FromMinutes(5))).Command!;
        var cancelled = (await h.SubmitAsync("ping")).Command!;
        var outcome = await h.Service.CancelAsync(cancelled.CommandId, "t1", "bob", "wrong satellite", Ct);
        Assert.Equal(CommandState.Cancelled, outcome.Command!.State);
        Assert.Equal(CommandOutcomeKind.Conflict, (await h.Service.CancelAsync(cancelled.CommandId, "t1", "bob", "again", Ct)).Kind);
        h.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal("no contact before expiry", (await h.WaitForAsync(expiring.CommandId, CommandState.Expired)).Reason);
    }
}
