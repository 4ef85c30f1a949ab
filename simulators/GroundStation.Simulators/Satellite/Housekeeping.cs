using System.Buffers.Binary;
using GroundStation.Frames.Framing;

namespace GroundStation.Simulators.Satellite;

/// <summary>The simulated spacecraft's operating mode.</summary>
public enum SpacecraftMode : byte
{
    /// <summary>Minimum load; the mode after every boot.</summary>
    Safe = 0,

    /// <summary>Housekeeping and beacons at normal power.</summary>
    Nominal = 1,

    /// <summary>The payload is on: the highest load.</summary>
    Payload = 2,
}

/// <summary>Outcome of the last telecommand, as reported in housekeeping.</summary>
public enum CommandResult : byte
{
    /// <summary>No telecommand since boot.</summary>
    None = 0,

    /// <summary>Executed.</summary>
    Executed = 1,

    /// <summary>The opcode is unknown.</summary>
    UnknownOpcode = 2,

    /// <summary>The opcode is known but its argument is not valid (wrong length or value).</summary>
    BadArgument = 3,

    /// <summary>The telecommand failed its CRC or structure check; its id is reported if it could be read.</summary>
    Malformed = 4,
}

/// <summary>What a housekeeping frame carries: live, or replayed from the on-board store.</summary>
public enum HousekeepingKind : byte
{
    /// <summary>Sampled when the beacon was sent.</summary>
    Live = 0x01,

    /// <summary>Sampled earlier and stored on board; sent in reply to dump-stored-telemetry.</summary>
    Stored = 0x02,
}

/// <summary>One housekeeping sample of the simulated spacecraft (the format is in docs/SIMULATED-SATELLITE.md).</summary>
/// <param name="Kind">Live or stored.</param>
/// <param name="Sequence">Housekeeping frame sequence number, modulo 65536, counting every frame sent since boot.</param>
/// <param name="SampledAt">When the values were sampled (whole seconds, UTC).</param>
/// <param name="UptimeSeconds">Seconds since the last boot.</param>
/// <param name="Mode">Operating mode.</param>
/// <param name="BootCount">Boots since launch, modulo 256.</param>
/// <param name="BatteryMillivolts">Battery voltage in mV.</param>
/// <param name="BatteryMilliamps">Battery current in mA; positive while charging.</param>
/// <param name="BatteryDeciCelsius">Battery temperature in 0.1 degC.</param>
/// <param name="ObcDeciCelsius">On-board computer temperature in 0.1 degC.</param>
/// <param name="PanelDeciCelsius">+X solar panel temperature in 0.1 degC.</param>
/// <param name="CommandsReceived">Telecommands received since boot (valid or not), modulo 65536.</param>
/// <param name="CommandsRejected">Telecommands rejected since boot, modulo 65536.</param>
/// <param name="LastCommandId">Id of the last telecommand (0 when none or unreadable).</param>
/// <param name="LastCommandOpcode">Opcode of the last telecommand (0 when none or unreadable).</param>
/// <param name="LastCommandResult">Outcome of the last telecommand.</param>
public sealed record Housekeeping(
    HousekeepingKind Kind,
    ushort Sequence,
    DateTimeOffset SampledAt,
    uint UptimeSeconds,
    SpacecraftMode Mode,
    byte BootCount,
    ushort BatteryMillivolts,
    short BatteryMilliamps,
    short BatteryDeciCelsius,
    short ObcDeciCelsius,
    short PanelDeciCelsius,
    ushort CommandsReceived,
    ushort CommandsRejected,
    ushort LastCommandId,
    byte LastCommandOpcode,
    CommandResult LastCommandResult)
{
    /// <summary>The format version this codec writes and reads.</summary>
    public const byte FormatVersion = 1;

    /// <summary>Encoded length: 32 bytes of fields and a two-byte CRC.</summary>
    public const int EncodedLength = 34;

    /// <summary>Encodes the sample (big-endian fields, CRC-16-CCITT over bytes 0-31).</summary>
    public byte[] Encode()
    {
        var b = new byte[EncodedLength];
        b[0] = (byte)Kind;
        b[1] = FormatVersion;
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(2), Sequence);
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(4), checked((uint)SampledAt.ToUnixTimeSeconds()));
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(8), UptimeSeconds);
        b[12] = (byte)Mode;
        b[13] = BootCount;
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(14), BatteryMillivolts);
        BinaryPrimitives.WriteInt16BigEndian(b.AsSpan(16), BatteryMilliamps);
        BinaryPrimitives.WriteInt16BigEndian(b.AsSpan(18), BatteryDeciCelsius);
        BinaryPrimitives.WriteInt16BigEndian(b.AsSpan(20), ObcDeciCelsius);
        BinaryPrimitives.WriteInt16BigEndian(b.AsSpan(22), PanelDeciCelsius);
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(24), CommandsReceived);
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(26), CommandsRejected);
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(28), LastCommandId);
        b[30] = LastCommandOpcode;
        b[31] = (byte)LastCommandResult;
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(32), Crc16.Ccitt(b.AsSpan(0, 32)));
        return b;
    }

    /// <summary>Decodes a housekeeping info field, refusing it with a named error when anything is wrong.</summary>
    public static DecodeResult<Housekeeping> Decode(ReadOnlySpan<byte> b)
    {
        if (b.Length != EncodedLength)
        {
            return DecodeResult.Failure<Housekeeping>(b.Length < EncodedLength ? FrameErrorKind.Truncated : FrameErrorKind.LengthMismatch,
                b.Length, $"Housekeeping has {EncodedLength} bytes; {b.Length} given.");
        }

        var crc = BinaryPrimitives.ReadUInt16BigEndian(b[32..]);
        if (crc != Crc16.Ccitt(b[..32]))
        {
            return DecodeResult.Failure<Housekeeping>(FrameErrorKind.BadFrameErrorControl, 32, $"Housekeeping CRC 0x{crc:X4} does not match its contents.");
        }

        if (b[0] is not ((byte)HousekeepingKind.Live or (byte)HousekeepingKind.Stored))
        {
            return DecodeResult.Failure<Housekeeping>(FrameErrorKind.InvalidField, 0, $"Housekeeping kind 0x{b[0]:X2} is neither 0x01 (live) nor 0x02 (stored).");
        }

        if (b[1] != FormatVersion)
        {
            return DecodeResult.Failure<Housekeeping>(FrameErrorKind.UnsupportedVersion, 1, $"Housekeeping format version {b[1]}; this decoder reads {FormatVersion}.");
        }

        if (b[12] > (byte)SpacecraftMode.Payload || b[31] > (byte)CommandResult.Malformed)
        {
            return DecodeResult.Failure<Housekeeping>(FrameErrorKind.InvalidField, b[12] > (byte)SpacecraftMode.Payload ? 12 : 31,
                $"Mode {b[12]} or command result {b[31]} is outside the defined values.");
        }

        return DecodeResult.Success(new Housekeeping((HousekeepingKind)b[0], BinaryPrimitives.ReadUInt16BigEndian(b[2..]),
            DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadUInt32BigEndian(b[4..])), BinaryPrimitives.ReadUInt32BigEndian(b[8..]),
            (SpacecraftMode)b[12], b[13], BinaryPrimitives.ReadUInt16BigEndian(b[14..]), BinaryPrimitives.ReadInt16BigEndian(b[16..]),
            BinaryPrimitives.ReadInt16BigEndian(b[18..]), BinaryPrimitives.ReadInt16BigEndian(b[20..]), BinaryPrimitives.ReadInt16BigEndian(b[22..]),
            BinaryPrimitives.ReadUInt16BigEndian(b[24..]), BinaryPrimitives.ReadUInt16BigEndian(b[26..]), BinaryPrimitives.ReadUInt16BigEndian(b[28..]),
            b[30], (CommandResult)b[31]));
    }
}
