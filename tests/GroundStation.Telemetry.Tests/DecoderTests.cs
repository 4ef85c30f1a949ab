using System.Buffers.Binary;
using GroundStation.Frames.Framing;
using GroundStation.Simulators.Satellite;
using GroundStation.Telemetry.Decoding;

namespace GroundStation.Telemetry.Tests;

public sealed class DecoderTests
{
    private static readonly SimHousekeepingDecoder Decoder = new();

    private static Dictionary<string, double> Decode(byte[] frame, out DateTimeOffset at)
    {
        var values = new double[Decoder.Parameters.Count];
        var error = Decoder.TryDecode(frame, values, out at);
        Assert.Null(error);
        return Decoder.Parameters.Select((p, i) => (p.Name, values[i])).ToDictionary(x => x.Name, x => x.Item2);
    }

    [Theory]
    [InlineData(HousekeepingKind.Live, SpacecraftMode.Safe, CommandResult.None)]
    [InlineData(HousekeepingKind.Stored, SpacecraftMode.Payload, CommandResult.Malformed)]
    [InlineData(HousekeepingKind.Live, SpacecraftMode.Nominal, CommandResult.Executed)]
    public void Every_field_the_simulator_encodes_decodes_to_its_engineering_value(HousekeepingKind kind, SpacecraftMode mode, CommandResult result)
    {
        var sample = new Housekeeping(kind, 0xFFFE, DateTimeOffset.FromUnixTimeSeconds(0x7F223344), 0xFFFFFFF0, mode, 255, 8400, -32768, -400, 32767, -1,
            65535, 65534, 0xBEEF, 0x04, result);
        var values = Decode(Frames.Ax25(sample.Encode()), out var at);
        Assert.Equal(sample.SampledAt, at);
        Assert.Equal((double)mode, values["mode"]);
        Assert.Equal(255, values["bootCount"]);
        Assert.Equal(0xFFFFFFF0, values["uptime"]);
        Assert.Equal(8.4, values["batteryVoltage"], 9);
        Assert.Equal(-32.768, values["batteryCurrent"], 9);
        Assert.Equal(-40.0, values["batteryTemperature"], 9);
        Assert.Equal(3276.7, values["obcTemperature"], 9);
        Assert.Equal(-0.1, values["panelXTemperature"], 9);
        Assert.Equal(65535, values["commandsReceived"]);
        Assert.Equal(65534, values["commandsRejected"]);
        Assert.Equal(0xBEEF, values["lastCommandId"]);
        Assert.Equal(4, values["lastCommandOpcode"]);
        Assert.Equal((double)result, values["lastCommandResult"]);
        Assert.Equal(0xFFFE, values["sequence"]);
    }

    [Fact]
    public void The_documented_example_decodes_as_documented()
    {
        var info = Convert.FromHexString("01010102112233445566778802031CE8FF0600D7FFD60258000A0002ABCD0403");
        var withCrc = new byte[34];
        info.CopyTo(withCrc, 0);
        BinaryPrimitives.WriteUInt16BigEndian(withCrc.AsSpan(32), Crc16.Ccitt(info));
        var values = Decode(Frames.Ax25(withCrc), out var at);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(0x11223344), at);
        Assert.Equal(7.4, values["batteryVoltage"], 9);
        Assert.Equal(-0.25, values["batteryCurrent"], 9);
        Assert.Equal(21.5, values["batteryTemperature"], 9);
        Assert.Equal(-4.2, values["obcTemperature"], 9);
        Assert.Equal(60.0, values["panelXTemperature"], 9);
        Assert.Equal(0xABCD, values["lastCommandId"]);
        Assert.Equal(3, values["lastCommandResult"]);
    }

    [Fact]
    public void A_bad_crc_a_wrong_length_a_wrong_version_and_bad_enumerations_are_refused_with_what_is_wrong()
    {
        var good = Frames.Sample().Encode();

        var badCrc = (byte[])good.Clone();
        badCrc[15] ^= 0x01;
        Assert.Contains("BadFrameErrorControl", Refuse(badCrc), StringComparison.Ordinal);

        Assert.Contains("Truncated", Refuse(good[..33]), StringComparison.Ordinal);
        Assert.Contains("LengthMismatch", Refuse([.. good, 0]), StringComparison.Ordinal);
        Assert.Contains("UnsupportedVersion", Refuse(Patch(good, 1, 2)), StringComparison.Ordinal);
        Assert.Contains("kind 0x03", Refuse(Patch(good, 0, 3)), StringComparison.Ordinal);
        Assert.Contains("mode 3", Refuse(Patch(good, 12, 3)), StringComparison.Ordinal);
        Assert.Contains("result 5", Refuse(Patch(good, 31, 5)), StringComparison.Ordinal);
        Assert.StartsWith("AX.25", Decoder.TryDecode([0x01, 0x02], new double[14], out _), StringComparison.Ordinal);

        // The simulator's reference decoder agrees on every refusal.
        Assert.False(Housekeeping.Decode(badCrc).IsSuccess);
        Assert.False(Housekeeping.Decode(Patch(good, 1, 2)).IsSuccess);
    }

    private static string Refuse(byte[] info)
    {
        var error = Decoder.TryDecode(Frames.Ax25(info), new double[14], out _);
        Assert.NotNull(error);
        return error;
    }

    // Changes one byte and recomputes the CRC, so only that field is wrong.
    private static byte[] Patch(byte[] info, int offset, byte value)
    {
        var copy = (byte[])info.Clone();
        copy[offset] = value;
        BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(32), Crc16.Ccitt(copy.AsSpan(0, 32)));
        return copy;
    }
}
