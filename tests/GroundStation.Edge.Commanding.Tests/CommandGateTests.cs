using GroundStation.Messaging.Contracts;
using GroundStation.Testing;

namespace GroundStation.Edge.Commanding.Tests;

public sealed class CommandGateTests : IDisposable
{
    private static readonly StationId Station = StationId.Parse("gs-east");
    private static readonly DateTimeOffset Aos = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Los = Aos.AddMinutes(10);
    private static readonly PassId Pass = PassId.Parse("gs-east.25544.20261206T1000Z");
    private static readonly PassId LaterPass = PassId.Parse("gs-east.25544.20261206T1130Z");
    private readonly TempDirectory _directory = new();
    private readonly ManualTimeProvider _time = new(Aos.AddMinutes(-10));
    private readonly CoreSigningKey _core = CoreSigningKey.Generate();
    private readonly PlanDirectory _plan = new();
    private readonly WindowStates _windows = new();
    private readonly RecordingAcks _acks = new();
    private readonly RecordingUplink _uplink;

    public CommandGateTests()
    {
        _uplink = new RecordingUplink(_time);
        _plan.Add(new PassWindow(Pass, Aos, Los));
        _plan.Add(new PassWindow(LaterPass, Aos.AddMinutes(90), Los.AddMinutes(90)));
        _windows.Set(Pass, UplinkWindowState.NotYetOpen);
    }

    public void Dispose()
    {
        _core.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task A_signed_command_for_a_planned_pass_is_queued_persisted_and_reported()
    {
        await using var gate = await OpenGateAsync();
        var command = NewCommand("cmd-000000000001");

        var result = await gate.ReceiveAsync(Signed(command));

        Assert.True(result.Accepted, result.Detail);
        Assert.Null(result.Code);
        Assert.Equal(command.CommandId, result.CommandId);
        var held = Assert.Single(gate.List(Pass));
        Assert.Equal(CommandStage.Queued, held.Stage);
        Assert.Equal(command.Payload, held.Command.Payload);
        Assert.Equal(1, await gate.PublishPendingAcksAsync());
        var ack = Assert.Single(_acks.Acks);
        Assert.Equal(new CommandAck(1, command.CommandId, Station, CommandStage.Queued, _time.GetUtcNow(), null), ack);
        Assert.Equal(0, gate.PendingAcks);
    }

    public static TheoryData<string> RefusalCodes =>
    [
        CommandFailureCodes.Malformed, CommandFailureCodes.NotSigned, CommandFailureCodes.UnknownKey,
        CommandFailureCodes.BadSignature, CommandFailureCodes.WrongKind, CommandFailureCodes.WrongStation,
        CommandFailureCodes.Expired, CommandFailureCodes.IssuedInFuture, CommandFailureCodes.Replayed,
        CommandFailureCodes.WindowPassed, CommandFailureCodes.UnknownPass,
    ];

    [Theory]
    [MemberData(nameof(RefusalCodes))]
    public async Task Each_bad_command_is_refused_with_its_code_reported_and_never_sent(string code)
    {
        await using var gate = await OpenGateAsync();
        using var stranger = CoreSigningKey.Generate();
        var command = NewCommand("cmd-refused00001");
        byte[] payload;
        switch (code)
        {
            case CommandFailureCodes.Malformed:
                // Signed correctly, but the pass id is not a pass id.
                payload = Signed(command with { PassId = "gs-east/../../etc" });
                break;
            case CommandFailureCodes.NotSigned:
                payload = GroundStationMessages.Encode(command);
                break;
            case CommandFailureCodes.UnknownKey:
                payload = Signed(command, stranger);
                break;
            case CommandFailureCodes.BadSignature:
                var envelope = _core.Sign(command);
                var tampered = GroundStationMessages.Encode(command with { Payload = [0xFF] });
                payload = GroundStationMessages.Encode(envelope with { Payload = tampered });
                break;
            case CommandFailureCodes.WrongKind:
                payload = GroundStationMessages.Encode(_core.Sign(new PassPlan(1, Station, 7, _time.GetUtcNow(), [])));
                break;
            case CommandFailureCodes.WrongStation:
                payload = Signed(command with { Station = StationId.Parse("gs-west") });
                break;
            case CommandFailureCodes.Expired:
                payload = Signed(command with { IssuedAt = _time.GetUtcNow().AddMinutes(-5), ExpiresAt = _time.GetUtcNow().AddSeconds(-1) });
                break;
            case CommandFailureCodes.IssuedInFuture:
                payload = Signed(command with { IssuedAt = _time.GetUtcNow().AddMinutes(2) });
                break;
            case CommandFailureCodes.Replayed:
                Assert.True((await gate.ReceiveAsync(Signed(NewCommand("cmd-original0001", nonce: "nonce-shared")))).Accepted);
                payload = Signed(command with { Nonce = "nonce-shared" });
                break;
            case CommandFailureCodes.WindowPassed:
                _time.SetUtcNow(Los);
                payload = Signed(command with { IssuedAt = Los.AddSeconds(-1), ExpiresAt = Los.AddHours(1) });
                break;
            case CommandFailureCodes.UnknownPass:
                payload = Signed(command with { PassId = "gs-east.25544.20261207T0000Z" });
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(code), code, "No case for this code.");
        }

        var result = await gate.ReceiveAsync(payload);

        Assert.False(result.Accepted);
        Assert.Equal(code, result.Code);
        Assert.False(string.IsNullOrWhiteSpace(result.Detail));
        await gate.PublishPendingAcksAsync();
        if (code is CommandFailureCodes.WrongKind)
        {
            // A pass plan has no command id to report against.
            Assert.Null(result.CommandId);
            Assert.Empty(_acks.Acks);
        }
        else
        {
            Assert.Equal(command.CommandId, result.CommandId);
            Assert.Equal([$"Failed:{code}"], _acks.StagesOf(command.CommandId));
            Assert.Null(gate.Find(command.CommandId));
        }

        _windows.Set(Pass, UplinkWindowState.Open);
        _time.SetUtcNow(Max(_time.GetUtcNow(), Aos));
        await gate.ReleaseDueAsync();
        Assert.DoesNotContain(_uplink.Sent, s => s.Command.CommandId == command.CommandId);
    }

    [Fact]
    public async Task Unreadable_bytes_and_an_unsigned_envelope_are_refused()
    {
        await using var gate = await OpenGateAsync();
        var garbage = await gate.ReceiveAsync("not json at all"u8.ToArray());
        Assert.Equal(CommandFailureCodes.Malformed, garbage.Code);
        Assert.Null(garbage.CommandId);

        var command = NewCommand("cmd-nosignature1");
        var noSignature = _core.Sign(command) with { Signature = [] };
        var result = await gate.ReceiveAsync(GroundStationMessages.Encode(noSignature));
        Assert.Equal(CommandFailureCodes.NotSigned, result.Code);
        Assert.Equal(command.CommandId, result.CommandId);
    }

    [Fact]
    public async Task A_repeated_delivery_of_a_held_command_is_refused_without_changing_its_reported_state()
    {
        await using var gate = await OpenGateAsync();
        var payload = Signed(NewCommand("cmd-twice0000001"));
        Assert.True((await gate.ReceiveAsync(payload)).Accepted);

        var again = await gate.ReceiveAsync(payload);

        Assert.False(again.Accepted);
        Assert.Equal(CommandFailureCodes.Replayed, again.Code);
        await gate.PublishPendingAcksAsync();
        Assert.Equal(["Queued"], _acks.StagesOf("cmd-twice0000001"));
        Assert.Equal(CommandStage.Queued, gate.Find("cmd-twice0000001")!.Stage);
    }

    [Fact]
    public async Task Racing_deliveries_sharing_a_nonce_admit_exactly_one()
    {
        await using var gate = await OpenGateAsync();
        var payloads = Enumerable.Range(0, 16)
            .Select(i => Signed(NewCommand($"cmd-race{i:D8}", nonce: "nonce-raced")))
            .ToList();

        var results = await Task.WhenAll(payloads.Select(p => Task.Run(() => gate.ReceiveAsync(p))));

        var accepted = Assert.Single(results, r => r.Accepted);
        Assert.All(results.Where(r => !r.Accepted), r => Assert.Equal(CommandFailureCodes.Replayed, r.Code));
        Assert.Equal([accepted.CommandId], gate.List().Select(c => c.Command.CommandId));
    }

    [Fact]
    public async Task A_full_database_refuses_commands_with_storage_error_instead_of_throwing()
    {
        await using var gate = await CommandGate.OpenAsync(Options(_directory.File("full.db")) with { MaxDatabasePages = 12 },
            _time, _plan, _windows, _uplink, _acks);
        var results = new List<CommandGateResult>();
        for (var i = 0; i < 200 && results.All(r => r.Accepted); i++)
        {
            results.Add(await gate.ReceiveAsync(Signed(NewCommand($"cmd-fill{i:D8}") with { Payload = new byte[400] })));
        }

        var refused = results[^1];
        Assert.False(refused.Accepted);
        Assert.Equal(CommandFailureCodes.StorageError, refused.Code);
        Assert.Contains("full", refused.Detail, StringComparison.OrdinalIgnoreCase);
        // Nothing half-stored: every command the gate reports holding was accepted, and the refused one is not held.
        Assert.Equal(results.Count(r => r.Accepted), gate.List().Count);
        Assert.Null(gate.Find($"cmd-fill{results.Count - 1:D8}"));
    }

    [Fact]
    public async Task Nonces_survive_a_restart_so_a_replay_after_it_is_refused()
    {
        var original = NewCommand("cmd-beforerestar", nonce: "nonce-restart");
        await using (var gate = await OpenGateAsync())
        {
            Assert.True((await gate.ReceiveAsync(Signed(original))).Accepted);
        }

        await using var reopened = await OpenGateAsync();
        var sameEnvelope = await reopened.ReceiveAsync(Signed(original));
        var sameNonce = await reopened.ReceiveAsync(Signed(NewCommand("cmd-afterrestart", nonce: "nonce-restart")));

        Assert.Equal(CommandFailureCodes.Replayed, sameEnvelope.Code);
        Assert.Equal(CommandFailureCodes.Replayed, sameNonce.Code);
        Assert.Equal(CommandStage.Queued, reopened.Find(original.CommandId)!.Stage);
        Assert.Null(reopened.Find("cmd-afterrestart"));
    }

    [Fact]
    public async Task Commands_are_sent_in_order_only_while_their_window_is_open_and_before_los()
    {
        await using var gate = await OpenGateAsync();
        var first = NewCommand("cmd-first0000001");
        var second = NewCommand("cmd-second000001");
        var later = NewCommand("cmd-laterpass001", pass: LaterPass);
        Assert.True((await gate.ReceiveAsync(Signed(first))).Accepted);
        Assert.True((await gate.ReceiveAsync(Signed(second))).Accepted);
        Assert.True((await gate.ReceiveAsync(Signed(later))).Accepted);

        // Before the pass: nothing goes, whatever the clock says, until the agent opens the window.
        Assert.Equal(0, await gate.ReleaseDueAsync());
        _time.SetUtcNow(Aos.AddSeconds(30));
        Assert.Equal(0, await gate.ReleaseDueAsync());
        Assert.Empty(_uplink.Sent);

        _windows.Set(Pass, UplinkWindowState.Open);
        Assert.Equal(2, await gate.ReleaseDueAsync());

        Assert.Equal([first.CommandId, second.CommandId], _uplink.Sent.Select(s => s.Command.CommandId));
        Assert.All(_uplink.Sent, s => Assert.Equal(Aos.AddSeconds(30), s.At));
        Assert.Equal(CommandStage.Queued, gate.Find(later.CommandId)!.Stage);
        await gate.PublishPendingAcksAsync();
        Assert.Equal(["Queued", "Released", "Sent"], _acks.StagesOf(first.CommandId));
        Assert.Equal(["Queued", "Released", "Sent"], _acks.StagesOf(second.CommandId));

        // A command arriving during the pass goes at the next release; after LOS, even with the window still reported Open, never.
        var late = NewCommand("cmd-late00000001", expiresIn: TimeSpan.FromHours(2));
        Assert.True((await gate.ReceiveAsync(Signed(late))).Accepted);
        _time.SetUtcNow(Los);
        Assert.Equal(0, await gate.ReleaseDueAsync());
        Assert.Equal(2, _uplink.Sent.Count);
        Assert.Equal(CommandStage.Failed, gate.Find(late.CommandId)!.Stage);
        Assert.Equal(CommandFailureCodes.WindowPassed, gate.Find(late.CommandId)!.Reason);
    }

    [Fact]
    public async Task Expired_and_window_closed_commands_fail_and_are_never_sent_later()
    {
        await using var gate = await OpenGateAsync();
        var shortLived = NewCommand("cmd-shortlived01", expiresIn: TimeSpan.FromMinutes(5));
        var closed = NewCommand("cmd-closedwindow", expiresIn: TimeSpan.FromHours(3), pass: LaterPass);
        var waiting = NewCommand("cmd-stillwaiting", expiresIn: TimeSpan.FromHours(3));
        foreach (var command in new[] { shortLived, closed, waiting })
        {
            Assert.True((await gate.ReceiveAsync(Signed(command))).Accepted);
        }

        _time.Advance(TimeSpan.FromMinutes(6));
        _windows.Set(LaterPass, UplinkWindowState.Closed);
        Assert.Equal(2, await gate.ExpireAsync());

        Assert.Equal(CommandFailureCodes.Expired, gate.Find(shortLived.CommandId)!.Reason);
        Assert.Equal(CommandFailureCodes.WindowPassed, gate.Find(closed.CommandId)!.Reason);
        Assert.Equal(CommandStage.Queued, gate.Find(waiting.CommandId)!.Stage);

        _time.SetUtcNow(Aos);
        _windows.Set(Pass, UplinkWindowState.Open);
        _windows.Set(LaterPass, UplinkWindowState.Open);
        Assert.Equal(1, await gate.ReleaseDueAsync());
        Assert.Equal([waiting.CommandId], _uplink.Sent.Select(s => s.Command.CommandId));
        await gate.PublishPendingAcksAsync();
        Assert.Equal(["Queued", "Failed:expired"], _acks.StagesOf(shortLived.CommandId));
        Assert.Equal(["Queued", "Failed:window-passed"], _acks.StagesOf(closed.CommandId));
    }

    [Fact]
    public async Task A_command_released_before_a_crash_is_failed_as_uncertain_and_not_resent()
    {
        var path = _directory.File("gate.db");
        var command = NewCommand("cmd-crashmidsend");
        var hang = new TaskCompletionSource();
        _uplink.Hang = hang;
        _windows.Set(Pass, UplinkWindowState.Open);
        _time.SetUtcNow(Aos);

        // The first run crashes while the TNC has the command: it is never disposed and its send never returns.
        var crashed = await OpenGateAsync(path);
        Assert.True((await crashed.ReceiveAsync(Signed(command))).Accepted);
        var release = crashed.ReleaseDueAsync();
        await Eventually.TrueAsync(() => _uplink.Calls == 1, () => "the uplink got the command");

        var restartAcks = new RecordingAcks();
        await using var restarted = await CommandGate.OpenAsync(Options(path), _time, _plan, _windows, _uplink, restartAcks);
        Assert.Equal(CommandStage.Failed, restarted.Find(command.CommandId)!.Stage);
        Assert.Equal(CommandFailureCodes.UncertainAfterRestart, restarted.Find(command.CommandId)!.Reason);
        _uplink.Hang = null;
        Assert.Equal(0, await restarted.ReleaseDueAsync());
        Assert.Equal(1, _uplink.Calls);
        await restarted.PublishPendingAcksAsync();
        // The crashed run never published its acks: they were in the on-disk outbox and go out now, in order.
        Assert.Equal(["Queued", "Released", "Failed:uncertain-after-restart"], restartAcks.StagesOf(command.CommandId));

        // The old process's send completing late cannot turn the failure into Sent.
        hang.SetResult();
        await release;
        Assert.Equal(CommandStage.Failed, restarted.Find(command.CommandId)!.Stage);
        await crashed.DisposeAsync();
    }

    [Fact]
    public async Task An_uplink_error_fails_the_command_without_retrying_it()
    {
        await using var gate = await OpenGateAsync();
        var command = NewCommand("cmd-tncbroken001");
        Assert.True((await gate.ReceiveAsync(Signed(command))).Accepted);
        _uplink.FailWith = new IOException("TNC serial port gone");
        _windows.Set(Pass, UplinkWindowState.Open);
        _time.SetUtcNow(Aos);

        Assert.Equal(0, await gate.ReleaseDueAsync());
        _uplink.FailWith = null;
        Assert.Equal(0, await gate.ReleaseDueAsync());

        Assert.Equal(1, _uplink.Calls);
        await gate.PublishPendingAcksAsync();
        Assert.Equal(["Queued", "Released", "Failed:uplink-failed"], _acks.StagesOf(command.CommandId));
    }

    [Fact]
    public async Task RunAsync_releases_on_wake_and_reports_every_stage()
    {
        await using var gate = await OpenGateAsync();
        using var stop = new CancellationTokenSource();
        var run = gate.RunAsync(stop.Token);
        var command = NewCommand("cmd-runloop00001");
        Assert.True((await gate.ReceiveAsync(Signed(command))).Accepted);
        await Eventually.TrueAsync(() => _acks.Acks.Count == 1, () => "the Queued ack was published");

        _time.SetUtcNow(Aos);
        _windows.Set(Pass, UplinkWindowState.Open);
        gate.Wake();

        await Eventually.TrueAsync(() => _acks.StagesOf(command.CommandId).Count() == 3,
            () => $"every stage was published (have {string.Join(", ", _acks.StagesOf(command.CommandId))})");
        Assert.Equal(["Queued", "Released", "Sent"], _acks.StagesOf(command.CommandId));
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Bad_options_are_refused_with_the_setting_named()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => CommandGate.OpenAsync(
            Options(_directory.File("gate.db")) with { MaxClockSkew = TimeSpan.FromSeconds(-1) }, _time, _plan, _windows, _uplink, _acks));
        Assert.Contains("MaxClockSkew", error.Message, StringComparison.Ordinal);
        error = await Assert.ThrowsAsync<ArgumentException>(() => CommandGate.OpenAsync(
            Options("") with { }, _time, _plan, _windows, _uplink, _acks));
        Assert.Contains("DatabasePath", error.Message, StringComparison.Ordinal);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private Task<CommandGate> OpenGateAsync(string? path = null) =>
        CommandGate.OpenAsync(Options(path ?? _directory.File("gate.db")), _time, _plan, _windows, _uplink, _acks);

    private CommandGateOptions Options(string path) => new()
    {
        Station = Station,
        TrustedKeys = CommandGateOptions.Trusting(_core),
        DatabasePath = path,
        MaxClockSkew = TimeSpan.FromSeconds(30),
    };

    private Telecommand NewCommand(string commandId, string? nonce = null, TimeSpan? expiresIn = null, PassId? pass = null)
    {
        var now = _time.GetUtcNow();
        return new Telecommand(1, commandId, Station, (pass ?? Pass).Value, 25544, nonce ?? "nonce-" + commandId,
            now, now + (expiresIn ?? TimeSpan.FromHours(1)), [0x01, 0x00, 0x2A, 0x01, 0x00],
            new IamDecision("dec-1", "alice", null, now));
    }

    private byte[] Signed(Telecommand command, CoreSigningKey? key = null) =>
        GroundStationMessages.Encode((key ?? _core).Sign(command));
}
