using GroundStation.Frames.Ax25;
using GroundStation.Frames.Framing;
using GroundStation.Simulators.Satellite;

namespace GroundStation.Simulators.Tests.Satellite;

public sealed class SimulatedSatelliteTests
{
    private static readonly DateTimeOffset Boot = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Ax25Address Ground = new("GS0", 1);
    private static readonly Ax25Address Callsign = new("GSSAT", 1);

    private static SimulatedSatellite NewSatellite() => new(new SimulatedSatelliteOptions { Callsign = Callsign }, Boot);

    private static Housekeeping Decode(Ax25UiFrame frame)
    {
        Assert.Equal(Callsign, frame.Source);
        var decoded = Housekeeping.Decode(frame.Info.Span);
        Assert.True(decoded.IsSuccess, decoded.Error?.ToString());
        return decoded.Value;
    }

    private static Ax25UiFrame Command(Telecommand command) => new(Callsign, Ground, command.Encode());

    [Fact]
    public void A_beacon_carries_plausible_housekeeping_sampled_at_the_given_time()
    {
        var satellite = NewSatellite();
        var now = Boot.AddMinutes(30);
        var hk = Decode(satellite.Beacon(now));
        Assert.Equal(HousekeepingKind.Live, hk.Kind);
        Assert.Equal(now, hk.SampledAt);
        Assert.Equal(1800u, hk.UptimeSeconds);
        Assert.Equal(SpacecraftMode.Nominal, hk.Mode);
        Assert.InRange(hk.BatteryMillivolts, 6000, 8400);
        Assert.InRange(hk.BatteryDeciCelsius, -1000, 1000);
        Assert.Equal(CommandResult.None, hk.LastCommandResult);
        Assert.Equal((ushort)(hk.Sequence + 1), Decode(satellite.Beacon(now.AddSeconds(10))).Sequence);
    }

    [Fact]
    public void Ping_is_acknowledged_in_the_next_housekeeping()
    {
        var satellite = NewSatellite();
        var reply = Assert.Single(satellite.Receive(Command(Telecommand.Ping(77)), Boot.AddMinutes(5)));
        var hk = Decode(reply);
        Assert.Equal(77, hk.LastCommandId);
        Assert.Equal((byte)TelecommandOpcode.Ping, hk.LastCommandOpcode);
        Assert.Equal(CommandResult.Executed, hk.LastCommandResult);
        Assert.Equal(1, hk.CommandsReceived);
        Assert.Equal(0, hk.CommandsRejected);
    }

    [Fact]
    public void Set_mode_changes_the_mode_and_the_power_draw()
    {
        var satellite = NewSatellite();
        var at = Boot.AddMinutes(5);
        var before = Decode(satellite.Beacon(at));
        var hk = Decode(Assert.Single(satellite.Receive(Command(Telecommand.SetMode(2, SpacecraftMode.Payload)), at)));
        Assert.Equal(SpacecraftMode.Payload, hk.Mode);
        Assert.Equal(SpacecraftMode.Payload, satellite.Mode);
        Assert.True(hk.BatteryMilliamps < before.BatteryMilliamps - 300, $"{hk.BatteryMilliamps} vs {before.BatteryMilliamps}");
    }

    [Fact]
    public void Reboot_resets_uptime_counts_a_boot_and_enters_safe_mode()
    {
        var satellite = NewSatellite();
        var at = Boot.AddHours(2);
        var hk = Decode(Assert.Single(satellite.Receive(Command(Telecommand.Reboot(9)), at)));
        Assert.Equal(0u, hk.UptimeSeconds);
        Assert.Equal(1, hk.BootCount);
        Assert.Equal(SpacecraftMode.Safe, hk.Mode);
        Assert.Equal(60u, Decode(satellite.Beacon(at.AddMinutes(1))).UptimeSeconds);
    }

    [Fact]
    public void Dump_sends_stored_samples_oldest_first_and_empties_the_store()
    {
        var satellite = NewSatellite();
        var at = Boot.AddMinutes(10).AddSeconds(30);
        var replies = satellite.Receive(Command(Telecommand.DumpStoredTelemetry(5, 0)), at);
        Assert.Equal(11, replies.Count);
        var stored = replies.Skip(1).Select(Decode).ToList();
        Assert.All(stored, s => Assert.Equal(HousekeepingKind.Stored, s.Kind));
        Assert.Equal(Enumerable.Range(1, 10).Select(m => Boot.AddMinutes(m)), stored.Select(s => s.SampledAt));
        Assert.Equal(0, satellite.StoredSamples);

        var partial = satellite.Receive(Command(Telecommand.DumpStoredTelemetry(6, 2)), at.AddMinutes(5));
        Assert.Equal(3, partial.Count);
        Assert.Equal(3, satellite.StoredSamples);
    }

    [Fact]
    public void Unknown_opcodes_bad_arguments_and_malformed_commands_are_rejected_and_reported()
    {
        var satellite = NewSatellite();
        var at = Boot.AddMinutes(1);
        var unknown = Decode(satellite.Receive(Command(new Telecommand(11, (TelecommandOpcode)0x7E, ReadOnlyMemory<byte>.Empty)), at)[0]);
        Assert.Equal(CommandResult.UnknownOpcode, unknown.LastCommandResult);
        Assert.Equal(11, unknown.LastCommandId);

        var badMode = Decode(satellite.Receive(Command(new Telecommand(12, TelecommandOpcode.SetMode, new byte[] { 9 })), at)[0]);
        Assert.Equal(CommandResult.BadArgument, badMode.LastCommandResult);
        Assert.Equal(SpacecraftMode.Nominal, satellite.Mode);

        var garbage = Decode(satellite.Receive(new Ax25UiFrame(Callsign, Ground, new byte[] { 1, 2, 3 }), at)[0]);
        Assert.Equal(CommandResult.Malformed, garbage.LastCommandResult);
        Assert.Equal(0, garbage.LastCommandId);
        Assert.Equal(3, garbage.CommandsReceived);
        Assert.Equal(3, garbage.CommandsRejected);
    }

    [Fact]
    public void Frames_for_another_station_are_ignored()
    {
        var satellite = NewSatellite();
        Assert.Empty(satellite.Receive(new Ax25UiFrame(new Ax25Address("OTHER"), Ground, Telecommand.Ping(1).Encode()), Boot));
    }

    [Fact]
    public void Telecommands_round_trip_and_corruption_is_named()
    {
        var command = new Telecommand(0xBEEF, TelecommandOpcode.SetMode, new byte[] { 1 });
        var encoded = command.Encode();
        Assert.Equal("01BEEF020101", Convert.ToHexString(encoded.AsSpan(0, 6)));
        Assert.Equal(command, Telecommand.Decode(encoded).Value);
        encoded[2] ^= 1;
        Assert.Equal(FrameErrorKind.BadFrameErrorControl, Telecommand.Decode(encoded).Error?.Kind);
        Assert.Equal(FrameErrorKind.Truncated, Telecommand.Decode(encoded.AsSpan(0, 5)).Error?.Kind);
        Assert.Equal(FrameErrorKind.LengthMismatch, Telecommand.Decode([.. command.Encode(), 0]).Error?.Kind);
    }

    [Fact]
    public void Housekeeping_layout_is_as_documented_and_corruption_is_named()
    {
        var hk = new Housekeeping(HousekeepingKind.Live, 0x0102, DateTimeOffset.FromUnixTimeSeconds(0x11223344), 0x55667788,
            SpacecraftMode.Payload, 3, 7400, -250, 215, -42, 600, 10, 2, 0xABCD, 4, CommandResult.BadArgument);
        var encoded = hk.Encode();
        Assert.Equal("01010102" + "11223344" + "55667788" + "0203" + "1CE8" + "FF06" + "00D7" + "FFD6" + "0258" + "000A" + "0002" + "ABCD" + "04" + "03",
            Convert.ToHexString(encoded.AsSpan(0, 32)));
        Assert.Equal(hk, Housekeeping.Decode(encoded).Value);
        encoded[14] ^= 0x80;
        Assert.Equal(FrameErrorKind.BadFrameErrorControl, Housekeeping.Decode(encoded).Error?.Kind);
        Assert.Equal(FrameErrorKind.Truncated, Housekeeping.Decode(encoded.AsSpan(0, 20)).Error?.Kind);
    }
}
