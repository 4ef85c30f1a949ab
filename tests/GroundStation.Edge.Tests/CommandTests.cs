using GroundStation.Frames.Ax25;
using GroundStation.Messaging.Contracts;
using GroundStation.Simulators.Satellite;
using SatelliteCommand = GroundStation.Simulators.Satellite.Telecommand;
using Telecommand = GroundStation.Messaging.Contracts.Telecommand;

namespace GroundStation.Edge.Tests;

/// <summary>
/// Acceptance 4 with gs-edge as a child process: refused commands are reported with their reason; an authorised one is
/// queued before AOS, uplinked through the KISS TNC only inside its pass, and reaches the simulated ISS, whose
/// housekeeping then carries its id as the last command.
/// </summary>
public sealed class CommandTests
{
    private const ushort OnBoardId = 0x1234;

    [Fact]
    public async Task Refused_commands_are_reported_and_an_authorised_one_is_uplinked_only_inside_its_pass()
    {
        await using var rig = await EdgeRig.StartAsync(TimeSpan.FromSeconds(90));
        await rig.PublishPlanAsync(1, rig.Planned);
        rig.StartAgent();
        await rig.WaitForEventAsync(e => e.PassId == rig.PassId.Value && e.State == PassState.Scheduled, TimeSpan.FromSeconds(30), "Scheduled");
        using var foreign = CoreSigningKey.Generate();
        var now = rig.Clock.GetUtcNow();
        var authorised = Command(rig, "cmd-ok", "nonce-1", now, rig.Pass.Los.AddHours(1));

        await rig.PublishCommandAsync(Encode(rig.CoreKey.Sign(authorised)));
        var unsigned = rig.CoreKey.Sign(Command(rig, "cmd-unsigned", "nonce-2", now, now.AddHours(1))) with { Signature = [] };
        await rig.PublishCommandAsync(Encode(unsigned));
        await rig.PublishCommandAsync(Encode(foreign.Sign(Command(rig, "cmd-foreign", "nonce-3", now, now.AddHours(1)))));
        var tampered = rig.CoreKey.Sign(Command(rig, "cmd-badsig", "nonce-4", now, now.AddHours(1)));
        tampered = tampered with { Signature = [.. tampered.Signature.Select((b, i) => i == 0 ? (byte)(b ^ 0xFF) : b)] };
        await rig.PublishCommandAsync(Encode(tampered));
        await rig.PublishCommandAsync(Encode(rig.CoreKey.Sign(Command(rig, "cmd-expired", "nonce-5", now.AddMinutes(-10), now.AddMinutes(-1)))));
        await rig.PublishCommandAsync(Encode(rig.CoreKey.Sign(Command(rig, "cmd-replay", "nonce-1", now, now.AddHours(1)))));

        foreach (var (id, reason) in new[] { ("cmd-unsigned", "unsigned"), ("cmd-foreign", "unknown-key"), ("cmd-badsig", "bad-signature"), ("cmd-expired", "expired"), ("cmd-replay", "replayed") })
        {
            await Eventually.TrueAsync(() => rig.Acks.Any(a => a.CommandId == id && a.Stage == CommandStage.Failed && a.Reason == reason), TimeSpan.FromSeconds(30),
                () => $"{id} refused as {reason}; acks: {Describe(rig)}\n{rig.AgentOutput}");
        }

        await Eventually.TrueAsync(() => rig.Acks.Any(a => a.CommandId == "cmd-ok" && a.Stage == CommandStage.Queued), TimeSpan.FromSeconds(30), () => Describe(rig));
        Assert.True(rig.Clock.GetUtcNow() < rig.Pass.Aos, "the command was queued after AOS: the machine is too slow for this test");
        Assert.DoesNotContain(rig.Acks, a => a.CommandId == "cmd-ok" && a.Stage is CommandStage.Released or CommandStage.Sent);

        await rig.WaitForEventAsync(e => e.PassId == rig.PassId.Value && e.State == PassState.Completed, EdgeRig.Real(rig.Pass.Los - rig.Clock.GetUtcNow()) + TimeSpan.FromSeconds(60), "Completed");
        await Eventually.TrueAsync(() => rig.Acks.Any(a => a.CommandId == "cmd-ok" && a.Stage == CommandStage.Sent), TimeSpan.FromSeconds(30), () => Describe(rig));
        var sent = rig.Acks.First(a => a.CommandId == "cmd-ok" && a.Stage == CommandStage.Sent);
        Assert.InRange(sent.At, rig.Pass.Aos, rig.Pass.Los);
        Assert.Contains(rig.Frames, frame => LastCommandId(frame) == OnBoardId);

        await rig.PublishCommandAsync(Encode(rig.CoreKey.Sign(Command(rig, "cmd-late", "nonce-6", rig.Clock.GetUtcNow(), rig.Clock.GetUtcNow().AddHours(1)))));
        await Eventually.TrueAsync(() => rig.Acks.Any(a => a.CommandId == "cmd-late" && a.Stage == CommandStage.Failed && a.Reason == "window-passed"),
            TimeSpan.FromSeconds(30), () => Describe(rig));
        Assert.Single(rig.Acks, a => a.Stage == CommandStage.Sent);
    }

    private static Telecommand Command(EdgeRig rig, string id, string nonce, DateTimeOffset issuedAt, DateTimeOffset expiresAt)
    {
        var info = SatelliteCommand.Ping(OnBoardId).Encode();
        var frame = Ax25Codec.Encode(new Ax25UiFrame(Ax25Address.Parse("S25544"), Ax25Address.Parse("N0CALL"), info), Ax25Fcs.Absent);
        return new Telecommand(Telecommand.CurrentVersion, id, Iss.Station, rig.PassId.Value, Iss.Norad, nonce, issuedAt, expiresAt, frame,
            new IamDecision("decision-" + id, "alice", null, issuedAt));
    }

    private static byte[] Encode(SignedEnvelope envelope) => GroundStationMessages.Encode(envelope);

    private static int? LastCommandId(TelemetryFrame frame)
    {
        var ax25 = Ax25Codec.Decode(frame.Data, Ax25Fcs.Absent);
        if (!ax25.IsSuccess)
        {
            return null;
        }

        var housekeeping = Housekeeping.Decode(ax25.Value.Info.Span);
        return housekeeping.IsSuccess ? housekeeping.Value.LastCommandId : null;
    }

    private static string Describe(EdgeRig rig) => string.Join(", ", rig.Acks.Select(a => $"{a.CommandId} {a.Stage} {a.Reason} {a.At:HH:mm:ss}"));
}
