using System.Buffers.Binary;
using GroundStation.Frames.Ax25;
using GroundStation.Frames.Framing;

namespace GroundStation.Commanding;

/// <summary>
/// Builds the uplink bytes (DESIGN.md): an AX.25 UI frame without FCS from the station's callsign to the satellite's,
/// whose info field is the gs-sim telecommand <c>01 | id u16 | opcode | len | arg | CRC16-CCITT</c>, big-endian.
/// </summary>
public static class TelecommandFrames
{
    /// <summary>The telecommand format version.</summary>
    public const byte FormatVersion = 1;

    /// <summary>The longest argument.</summary>
    public const int MaxArgumentLength = 32;

    /// <summary>The telecommand info field.</summary>
    public static byte[] Info(ushort onboardId, byte opcode, ReadOnlySpan<byte> argument)
    {
        if (onboardId == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(onboardId), "On-board command id 0 means 'none' and cannot be sent.");
        }

        if (argument.Length > MaxArgumentLength)
        {
            throw new ArgumentException($"A telecommand argument has at most {MaxArgumentLength} bytes; {argument.Length} given.", nameof(argument));
        }

        var info = new byte[7 + argument.Length];
        info[0] = FormatVersion;
        BinaryPrimitives.WriteUInt16BigEndian(info.AsSpan(1), onboardId);
        info[3] = opcode;
        info[4] = (byte)argument.Length;
        argument.CopyTo(info.AsSpan(5));
        BinaryPrimitives.WriteUInt16BigEndian(info.AsSpan(5 + argument.Length), Crc16.Ccitt(info.AsSpan(0, 5 + argument.Length)));
        return info;
    }

    /// <summary>The complete AX.25 UI frame (no FCS; the TNC adds it).</summary>
    /// <exception cref="FormatException">A callsign is not a valid AX.25 address.</exception>
    public static byte[] Frame(string satelliteCallsign, string stationCallsign, ushort onboardId, byte opcode, ReadOnlySpan<byte> argument) =>
        Ax25Codec.Encode(new Ax25UiFrame(Ax25Address.Parse(satelliteCallsign), Ax25Address.Parse(stationCallsign), Info(onboardId, opcode, argument)),
            Ax25Fcs.Absent);
}
