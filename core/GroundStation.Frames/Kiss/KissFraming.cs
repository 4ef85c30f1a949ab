namespace GroundStation.Frames.Kiss;

/// <summary>The special bytes of KISS framing (K3MC and KA9Q, 1986).</summary>
public static class KissFraming
{
    /// <summary>Frame end: delimits frames.</summary>
    public const byte Fend = 0xC0;

    /// <summary>Frame escape: the next byte is a transposed FEND or FESC.</summary>
    public const byte Fesc = 0xDB;

    /// <summary>Transposed frame end: FESC TFEND stands for a data byte 0xC0.</summary>
    public const byte Tfend = 0xDC;

    /// <summary>Transposed frame escape: FESC TFESC stands for a data byte 0xDB.</summary>
    public const byte Tfesc = 0xDD;

    /// <summary>
    /// Largest unescaped frame (command byte plus payload) accepted by default: an AX.25 frame with 256 info bytes,
    /// two digipeaters and FCS is 330 bytes; soundmodem and Dire Wolf carry up to about 2 KiB, so 4 KiB leaves room.
    /// </summary>
    public const int DefaultMaxFrameLength = 4096;
}

/// <summary>Turns KISS frames into bytes for the wire: FEND, command byte, escaped payload, FEND.</summary>
public static class KissEncoder
{
    /// <summary>The largest number of bytes <paramref name="payloadLength"/> payload bytes can take on the wire.</summary>
    public static int MaxEncodedLength(int payloadLength) => 3 + (2 * (payloadLength + 1));

    /// <summary>Encodes <paramref name="frame"/> into a new array.</summary>
    public static byte[] Encode(KissFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var buffer = new byte[MaxEncodedLength(frame.Payload.Length)];
        var written = Encode(frame, buffer);
        return buffer.AsSpan(0, written).ToArray();
    }

    /// <summary>Encodes <paramref name="frame"/> into <paramref name="destination"/>; returns the bytes written.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than <see cref="MaxEncodedLength"/> needs.</exception>
    public static int Encode(KissFrame frame, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (destination.Length < MaxEncodedLength(frame.Payload.Length))
        {
            throw new ArgumentException(
                $"The destination holds {destination.Length} bytes; a {frame.Payload.Length}-byte payload may need " +
                $"{MaxEncodedLength(frame.Payload.Length)}.", nameof(destination));
        }

        var position = 0;
        destination[position++] = KissFraming.Fend;
        position += WriteEscaped(CommandByte(frame.Port, frame.Command), destination[position..]);
        foreach (var b in frame.Payload.Span)
        {
            position += WriteEscaped(b, destination[position..]);
        }

        destination[position++] = KissFraming.Fend;
        return position;
    }

    /// <summary>The command byte for a port and command type.</summary>
    public static byte CommandByte(KissPort port, KissCommand command) =>
        command == KissCommand.Return ? (byte)0xFF : (byte)((port.Value << 4) | (byte)command);

    private static int WriteEscaped(byte value, Span<byte> destination)
    {
        switch (value)
        {
            case KissFraming.Fend:
                destination[0] = KissFraming.Fesc;
                destination[1] = KissFraming.Tfend;
                return 2;
            case KissFraming.Fesc:
                destination[0] = KissFraming.Fesc;
                destination[1] = KissFraming.Tfesc;
                return 2;
            default:
                destination[0] = value;
                return 1;
        }
    }
}
