using System.Buffers.Binary;
using GroundStation.Frames.Framing;

namespace GroundStation.Frames.Ax25;

/// <summary>
/// Encodes and strictly decodes AX.25 UI frames (the bytes between HDLC flags, after bit de-stuffing), with or without
/// the FCS as the caller states: KISS carries frames without it, raw demodulator output has it.
/// </summary>
public static class Ax25Codec
{
    private const int AddressLength = 7;
    private const byte UiControl = 0x03;
    private const byte PollFinalBit = 0x10;
    private const byte ExtensionBit = 0x01;
    private const byte CommandOrRepeatedBit = 0x80;
    private const byte ReservedBits = 0x60;

    // AX.25 2.0 allowed up to eight digipeaters; scan that far so a long path is reported as such, not as unterminated.
    private const int MaxAddressesScanned = 10;

    /// <summary>The number of bytes <paramref name="frame"/> takes when encoded.</summary>
    public static int EncodedLength(Ax25UiFrame frame, Ax25Fcs fcs)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return (AddressLength * (2 + frame.Digipeaters.Count)) + 2 + frame.Info.Length + (fcs == Ax25Fcs.Present ? 2 : 0);
    }

    /// <summary>Encodes <paramref name="frame"/> into a new array.</summary>
    public static byte[] Encode(Ax25UiFrame frame, Ax25Fcs fcs)
    {
        var buffer = new byte[EncodedLength(frame, fcs)];
        Encode(frame, fcs, buffer);
        return buffer;
    }

    /// <summary>Encodes <paramref name="frame"/> into <paramref name="destination"/>; returns the bytes written.</summary>
    public static int Encode(Ax25UiFrame frame, Ax25Fcs fcs, Span<byte> destination)
    {
        var length = EncodedLength(frame, fcs);
        if (destination.Length < length)
        {
            throw new ArgumentException($"The frame needs {length} bytes; the destination holds {destination.Length}.", nameof(destination));
        }

        var lastIndex = 1 + frame.Digipeaters.Count;
        WriteAddress(frame.Destination, frame.CommandResponse == Ax25CommandResponse.Command, lastIndex == 0, destination);
        WriteAddress(frame.Source, frame.CommandResponse == Ax25CommandResponse.Response, lastIndex == 1, destination[AddressLength..]);
        for (var i = 0; i < frame.Digipeaters.Count; i++)
        {
            var digipeater = frame.Digipeaters[i];
            WriteAddress(digipeater.Address, digipeater.HasBeenRepeated, lastIndex == i + 2, destination[(AddressLength * (i + 2))..]);
        }

        var position = AddressLength * (2 + frame.Digipeaters.Count);
        destination[position++] = frame.PollFinal ? (byte)(UiControl | PollFinalBit) : UiControl;
        destination[position++] = frame.Pid;
        frame.Info.Span.CopyTo(destination[position..]);
        position += frame.Info.Length;
        if (fcs == Ax25Fcs.Present)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(destination[position..], Crc16.X25(destination[..position]));
            position += 2;
        }

        return position;
    }

    /// <summary>
    /// Decodes a UI frame, refusing with a named error: <see cref="FrameErrorKind.Truncated"/>,
    /// <see cref="FrameErrorKind.BadFcs"/>, <see cref="FrameErrorKind.AddressNotTerminated"/>,
    /// <see cref="FrameErrorKind.TooManyDigipeaters"/>, <see cref="FrameErrorKind.InvalidCallsign"/>,
    /// <see cref="FrameErrorKind.NotUiFrame"/> or <see cref="FrameErrorKind.Oversize"/>.
    /// </summary>
    public static DecodeResult<Ax25UiFrame> Decode(ReadOnlySpan<byte> data, Ax25Fcs fcs,
        int maxInfoLength = Ax25UiFrame.DefaultMaxInfoLength)
    {
        if (fcs == Ax25Fcs.Present)
        {
            if (data.Length < 2)
            {
                return DecodeResult.Failure<Ax25UiFrame>(FrameErrorKind.Truncated, data.Length,
                    $"{data.Length} bytes cannot hold a two-byte FCS.");
            }

            var expected = Crc16.X25(data[..^2]);
            var actual = BinaryPrimitives.ReadUInt16LittleEndian(data[^2..]);
            if (expected != actual)
            {
                return DecodeResult.Failure<Ax25UiFrame>(FrameErrorKind.BadFcs, data.Length - 2,
                    $"FCS is 0x{actual:X4}; the contents give 0x{expected:X4}.");
            }

            data = data[..^2];
        }

        var addressCount = 0;
        while (true)
        {
            if (addressCount == MaxAddressesScanned || data.Length < AddressLength * (addressCount + 1))
            {
                return DecodeResult.Failure<Ax25UiFrame>(FrameErrorKind.AddressNotTerminated, 0,
                    $"No end-of-address bit in the first {addressCount} addresses ({data.Length} bytes in the frame).");
            }

            // Callsign bytes are shifted left, so their low bit is always 0: one with the bit set means the scan ran
            // past the end of the address field (into control, PID or info) without meeting an end-of-address bit.
            var start = AddressLength * addressCount;
            for (var i = start; i < start + Ax25Address.MaxCallsignLength; i++)
            {
                if ((data[i] & ExtensionBit) != 0)
                {
                    return DecodeResult.Failure<Ax25UiFrame>(FrameErrorKind.AddressNotTerminated, i,
                        $"Byte 0x{data[i]:X2} cannot be part of a callsign, and no end-of-address bit came before it.");
                }
            }

            addressCount++;
            if ((data[(AddressLength * addressCount) - 1] & ExtensionBit) != 0)
            {
                break;
            }
        }

        if (addressCount < 2)
        {
            return DecodeResult.Failure<Ax25UiFrame>(FrameErrorKind.InvalidField, AddressLength - 1,
                "The end-of-address bit is set on the destination: the source address is missing.");
        }

        if (addressCount - 2 > Ax25UiFrame.MaxDigipeaters)
        {
            return DecodeResult.Failure<Ax25UiFrame>(FrameErrorKind.TooManyDigipeaters, AddressLength * 2,
                $"{addressCount - 2} digipeaters; at most {Ax25UiFrame.MaxDigipeaters} are accepted.");
        }

        var addresses = new (Ax25Address Address, bool Bit)[addressCount];
        for (var i = 0; i < addressCount; i++)
        {
            var parsed = ReadAddress(data.Slice(AddressLength * i, AddressLength), AddressLength * i);
            if (parsed.Error is { } error)
            {
                return DecodeResult.Failure<Ax25UiFrame>(error);
            }

            addresses[i] = parsed.Value;
        }

        var position = AddressLength * addressCount;
        if (data.Length < position + 2)
        {
            return DecodeResult.Failure<Ax25UiFrame>(FrameErrorKind.Truncated, data.Length,
                "The frame ends after the address field: control and PID are missing.");
        }

        var control = data[position];
        if ((control & ~PollFinalBit) != UiControl)
        {
            return DecodeResult.Failure<Ax25UiFrame>(FrameErrorKind.NotUiFrame, position,
                $"Control field 0x{control:X2} is not UI (0x03 or 0x13).");
        }

        var info = data[(position + 2)..];
        if (info.Length > maxInfoLength)
        {
            return DecodeResult.Failure<Ax25UiFrame>(FrameErrorKind.Oversize, position + 2,
                $"Info field of {info.Length} bytes exceeds the maximum of {maxInfoLength}.");
        }

        var commandResponse = (addresses[0].Bit, addresses[1].Bit) switch
        {
            (true, false) => Ax25CommandResponse.Command,
            (false, true) => Ax25CommandResponse.Response,
            _ => Ax25CommandResponse.Legacy,
        };
        var digipeaters = new Ax25Digipeater[addressCount - 2];
        for (var i = 0; i < digipeaters.Length; i++)
        {
            digipeaters[i] = new Ax25Digipeater(addresses[i + 2].Address, addresses[i + 2].Bit);
        }

        return DecodeResult.Success<Ax25UiFrame>(new Ax25UiFrame(addresses[0].Address, addresses[1].Address,
            info.ToArray(), digipeaters, data[position + 1], commandResponse, (control & PollFinalBit) != 0));
    }

    private static void WriteAddress(Ax25Address address, bool flag, bool last, Span<byte> destination)
    {
        for (var i = 0; i < Ax25Address.MaxCallsignLength; i++)
        {
            var c = i < address.Callsign.Length ? address.Callsign[i] : ' ';
            destination[i] = (byte)(c << 1);
        }

        destination[6] = (byte)((flag ? CommandOrRepeatedBit : 0) | ReservedBits | (address.Ssid << 1) | (last ? ExtensionBit : 0));
    }

    private static DecodeResult<(Ax25Address Address, bool Bit)> ReadAddress(ReadOnlySpan<byte> field, int offset)
    {
        Span<char> callsign = stackalloc char[Ax25Address.MaxCallsignLength];
        var length = 0;
        for (var i = 0; i < Ax25Address.MaxCallsignLength; i++)
        {
            var raw = field[i];
            var c = (char)(raw >> 1);
            if (c == ' ')
            {
                continue;
            }

            if (!Ax25Address.IsCallsignCharacter(c) || length != i)
            {
                var reason = length != i ? "a character after padding" : $"character '{(char.IsControl(c) ? '?' : c)}' (0x{(int)c:X2})";
                return DecodeResult.Failure<(Ax25Address, bool)>(FrameErrorKind.InvalidCallsign, offset + i,
                    $"The callsign holds {reason}; only A-Z and 0-9, padded with trailing spaces, are allowed.");
            }

            callsign[length++] = c;
        }

        if (length == 0)
        {
            return DecodeResult.Failure<(Ax25Address, bool)>(FrameErrorKind.InvalidCallsign, offset,
                "The callsign is empty (all spaces).");
        }

        var ssidByte = field[6];
        return DecodeResult.Success<(Ax25Address, bool)>(
            (new Ax25Address(new string(callsign[..length]), (byte)((ssidByte >> 1) & 0x0F)), (ssidByte & CommandOrRepeatedBit) != 0));
    }
}
