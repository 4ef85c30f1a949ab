using System.Buffers.Binary;
using System.Globalization;
using GroundStation.Frames.Ax25;
using GroundStation.Frames.Framing;

namespace GroundStation.Telemetry.Decoding;

/// <summary>
/// <c>gs-sim-housekeeping-v1</c>: the simulated satellite's 34-byte housekeeping (docs/SIMULATED-SATELLITE.md) in the
/// info field of an AX.25 UI frame without FCS. Written against the documented format, not the simulator's code.
/// </summary>
public sealed class SimHousekeepingDecoder : ITelemetryDecoder
{
    /// <summary>The decoder's registered name.</summary>
    public const string DecoderName = "gs-sim-housekeeping-v1";

    /// <summary>Bytes of the housekeeping info field.</summary>
    public const int InfoLength = 34;

    /// <summary>The parameter names, for code that reads decoded frames (the command verifier).</summary>
    public static class Names
    {
        /// <summary>0 Safe, 1 Nominal, 2 Payload.</summary>
        public const string Mode = "mode";

        /// <summary>Boots since launch, modulo 256.</summary>
        public const string BootCount = "bootCount";

        /// <summary>Seconds since boot.</summary>
        public const string Uptime = "uptime";

        /// <summary>Volts.</summary>
        public const string BatteryVoltage = "batteryVoltage";

        /// <summary>Amperes, positive while charging.</summary>
        public const string BatteryCurrent = "batteryCurrent";

        /// <summary>Degrees Celsius.</summary>
        public const string BatteryTemperature = "batteryTemperature";

        /// <summary>Degrees Celsius.</summary>
        public const string ObcTemperature = "obcTemperature";

        /// <summary>Degrees Celsius.</summary>
        public const string PanelXTemperature = "panelXTemperature";

        /// <summary>Telecommands received since launch.</summary>
        public const string CommandsReceived = "commandsReceived";

        /// <summary>Telecommands not executed since launch.</summary>
        public const string CommandsRejected = "commandsRejected";

        /// <summary>On-board id of the last telecommand (0: none or unreadable).</summary>
        public const string LastCommandId = "lastCommandId";

        /// <summary>Opcode of the last telecommand.</summary>
        public const string LastCommandOpcode = "lastCommandOpcode";

        /// <summary>0 none, 1 executed, 2 unknown opcode, 3 bad argument, 4 malformed.</summary>
        public const string LastCommandResult = "lastCommandResult";

        /// <summary>Housekeeping frame counter.</summary>
        public const string Sequence = "sequence";
    }

    private static readonly ParameterDefinition[] Definitions =
    [
        new(Names.Mode, ""),
        new(Names.BootCount, ""),
        new(Names.Uptime, "s"),
        new(Names.BatteryVoltage, "V"),
        new(Names.BatteryCurrent, "A"),
        new(Names.BatteryTemperature, "degC"),
        new(Names.ObcTemperature, "degC"),
        new(Names.PanelXTemperature, "degC"),
        new(Names.CommandsReceived, ""),
        new(Names.CommandsRejected, ""),
        new(Names.LastCommandId, ""),
        new(Names.LastCommandOpcode, ""),
        new(Names.LastCommandResult, ""),
        new(Names.Sequence, ""),
    ];

    /// <inheritdoc />
    public string Name => DecoderName;

    /// <inheritdoc />
    public IReadOnlyList<ParameterDefinition> Parameters => Definitions;

    /// <inheritdoc />
    public string? TryDecode(ReadOnlySpan<byte> frame, Span<double> values, out DateTimeOffset sampledAt)
    {
        sampledAt = default;
        if (values.Length < Definitions.Length)
        {
            throw new ArgumentException($"The value buffer holds {values.Length} values; {Definitions.Length} needed.", nameof(values));
        }

        var ax25 = Ax25Codec.Decode(frame, Ax25Fcs.Absent);
        if (!ax25.IsSuccess)
        {
            return "AX.25: " + ax25.Error;
        }

        var error = DecodeInfo(ax25.Value.Info.Span, values, out sampledAt);
        return error is null ? null : "housekeeping: " + error;
    }

    /// <summary>Decodes the 34-byte info field alone; null on success, else the problem.</summary>
    public static FrameError? DecodeInfo(ReadOnlySpan<byte> b, Span<double> values, out DateTimeOffset sampledAt)
    {
        sampledAt = default;
        if (b.Length != InfoLength)
        {
            return new FrameError(b.Length < InfoLength ? FrameErrorKind.Truncated : FrameErrorKind.LengthMismatch, b.Length,
                string.Create(CultureInfo.InvariantCulture, $"housekeeping has {InfoLength} bytes; {b.Length} given."));
        }

        var crc = BinaryPrimitives.ReadUInt16BigEndian(b[32..]);
        var expected = Crc16.Ccitt(b[..32]);
        if (crc != expected)
        {
            return new FrameError(FrameErrorKind.BadFrameErrorControl, 32,
                string.Create(CultureInfo.InvariantCulture, $"CRC 0x{crc:X4} in the frame, 0x{expected:X4} computed over bytes 0-31."));
        }

        if (b[0] is not (0x01 or 0x02))
        {
            return new FrameError(FrameErrorKind.InvalidField, 0,
                string.Create(CultureInfo.InvariantCulture, $"kind 0x{b[0]:X2} is neither 0x01 (live) nor 0x02 (stored)."));
        }

        if (b[1] != 1)
        {
            return new FrameError(FrameErrorKind.UnsupportedVersion, 1,
                string.Create(CultureInfo.InvariantCulture, $"format version {b[1]}; this decoder reads version 1."));
        }

        if (b[12] > 2)
        {
            return new FrameError(FrameErrorKind.InvalidField, 12,
                string.Create(CultureInfo.InvariantCulture, $"mode {b[12]} is not 0 (Safe), 1 (Nominal) or 2 (Payload)."));
        }

        if (b[31] > 4)
        {
            return new FrameError(FrameErrorKind.InvalidField, 31,
                string.Create(CultureInfo.InvariantCulture, $"last command result {b[31]} is outside 0-4."));
        }

        sampledAt = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadUInt32BigEndian(b[4..]));
        values[0] = b[12];
        values[1] = b[13];
        values[2] = BinaryPrimitives.ReadUInt32BigEndian(b[8..]);
        values[3] = BinaryPrimitives.ReadUInt16BigEndian(b[14..]) / 1000.0;
        values[4] = BinaryPrimitives.ReadInt16BigEndian(b[16..]) / 1000.0;
        values[5] = BinaryPrimitives.ReadInt16BigEndian(b[18..]) / 10.0;
        values[6] = BinaryPrimitives.ReadInt16BigEndian(b[20..]) / 10.0;
        values[7] = BinaryPrimitives.ReadInt16BigEndian(b[22..]) / 10.0;
        values[8] = BinaryPrimitives.ReadUInt16BigEndian(b[24..]);
        values[9] = BinaryPrimitives.ReadUInt16BigEndian(b[26..]);
        values[10] = BinaryPrimitives.ReadUInt16BigEndian(b[28..]);
        values[11] = b[30];
        values[12] = b[31];
        values[13] = BinaryPrimitives.ReadUInt16BigEndian(b[2..]);
        return null;
    }
}
