using System.Buffers.Binary;
using GroundStation.Frames.Framing;

namespace GroundStation.Simulators.Satellite;

/// <summary>The telecommands the simulated spacecraft understands.</summary>
public enum TelecommandOpcode : byte
{
    /// <summary>No argument; executed by acknowledging it in housekeeping.</summary>
    Ping = 0x01,

    /// <summary>One argument byte: the <see cref="SpacecraftMode"/> to enter.</summary>
    SetMode = 0x02,

    /// <summary>No argument; restarts the on-board computer (uptime 0, boot count + 1, Safe mode).</summary>
    Reboot = 0x03,

    /// <summary>One argument byte: how many stored samples to send, oldest first (0 = all).</summary>
    DumpStoredTelemetry = 0x04,
}

/// <summary>A telecommand for the simulated spacecraft (format in docs/SIMULATED-SATELLITE.md).</summary>
/// <param name="CommandId">The ground's id for the command, echoed in housekeeping as the last command id.</param>
/// <param name="Opcode">What to do (unknown values are carried so the spacecraft can reject them by name).</param>
/// <param name="Argument">Argument bytes, 0-32.</param>
public sealed record Telecommand(ushort CommandId, TelecommandOpcode Opcode, ReadOnlyMemory<byte> Argument)
{
    /// <summary>The format version this codec writes and reads.</summary>
    public const byte FormatVersion = 1;

    /// <summary>The longest argument.</summary>
    public const int MaxArgumentLength = 32;

    /// <summary>A ping.</summary>
    public static Telecommand Ping(ushort commandId) => new(commandId, TelecommandOpcode.Ping, ReadOnlyMemory<byte>.Empty);

    /// <summary>A mode change.</summary>
    public static Telecommand SetMode(ushort commandId, SpacecraftMode mode) => new(commandId, TelecommandOpcode.SetMode, new[] { (byte)mode });

    /// <summary>A reboot.</summary>
    public static Telecommand Reboot(ushort commandId) => new(commandId, TelecommandOpcode.Reboot, ReadOnlyMemory<byte>.Empty);

    /// <summary>A request for stored telemetry (<paramref name="count"/> 0 means all).</summary>
    public static Telecommand DumpStoredTelemetry(ushort commandId, byte count) =>
        new(commandId, TelecommandOpcode.DumpStoredTelemetry, new[] { count });

    /// <summary>Encodes: version, id (2), opcode, argument length, argument, CRC-16-CCITT (2) over all before it.</summary>
    public byte[] Encode()
    {
        if (Argument.Length > MaxArgumentLength)
        {
            throw new InvalidOperationException($"A telecommand argument has at most {MaxArgumentLength} bytes; this one has {Argument.Length}.");
        }

        var b = new byte[7 + Argument.Length];
        b[0] = FormatVersion;
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(1), CommandId);
        b[3] = (byte)Opcode;
        b[4] = (byte)Argument.Length;
        Argument.Span.CopyTo(b.AsSpan(5));
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(5 + Argument.Length), Crc16.Ccitt(b.AsSpan(0, 5 + Argument.Length)));
        return b;
    }

    /// <summary>Decodes a telecommand info field; unknown opcodes decode (the spacecraft rejects them), bad structure does not.</summary>
    public static DecodeResult<Telecommand> Decode(ReadOnlySpan<byte> b)
    {
        if (b.Length < 7)
        {
            return DecodeResult.Failure<Telecommand>(FrameErrorKind.Truncated, b.Length, $"A telecommand has at least 7 bytes; {b.Length} given.");
        }

        if (b[0] != FormatVersion)
        {
            return DecodeResult.Failure<Telecommand>(FrameErrorKind.UnsupportedVersion, 0, $"Telecommand format version {b[0]}; the spacecraft reads {FormatVersion}.");
        }

        var argumentLength = b[4];
        if (argumentLength > MaxArgumentLength || b.Length != 7 + argumentLength)
        {
            return DecodeResult.Failure<Telecommand>(FrameErrorKind.LengthMismatch, 4,
                $"Argument length {argumentLength} (at most {MaxArgumentLength}) does not fit a {b.Length}-byte telecommand.");
        }

        var crc = BinaryPrimitives.ReadUInt16BigEndian(b[(5 + argumentLength)..]);
        if (crc != Crc16.Ccitt(b[..(5 + argumentLength)]))
        {
            return DecodeResult.Failure<Telecommand>(FrameErrorKind.BadFrameErrorControl, 5 + argumentLength, $"Telecommand CRC 0x{crc:X4} does not match its contents.");
        }

        return DecodeResult.Success(new Telecommand(BinaryPrimitives.ReadUInt16BigEndian(b[1..]), (TelecommandOpcode)b[3], b.Slice(5, argumentLength).ToArray()));
    }

    /// <inheritdoc />
    public bool Equals(Telecommand? other) =>
        other is not null && CommandId == other.CommandId && Opcode == other.Opcode && Argument.Span.SequenceEqual(other.Argument.Span);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(CommandId, Opcode, Argument.Length);
}
