using System.Buffers.Binary;
using GroundStation.Frames.Framing;

namespace GroundStation.Frames.Ccsds;

/// <summary>A CCSDS application process identifier: 11 bits, 0-2047 (2047 is the idle packet).</summary>
public readonly record struct Apid
{
    /// <summary>The largest APID.</summary>
    public const ushort MaxValue = 0x7FF;

    /// <summary>Creates an APID; it must be 0-2047.</summary>
    public Apid(ushort value)
    {
        if (value > MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"An APID is between 0 and {MaxValue}.");
        }

        Value = value;
    }

    /// <summary>The APID of idle packets.</summary>
    public static Apid Idle => new(MaxValue);

    /// <summary>The number.</summary>
    public ushort Value { get; }

    /// <inheritdoc />
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The packet type bit.</summary>
public enum SpacePacketType
{
    /// <summary>Telemetry (or reporting), type bit 0.</summary>
    Telemetry = 0,

    /// <summary>Telecommand (or requesting), type bit 1.</summary>
    Telecommand = 1,
}

/// <summary>Where a packet sits in a segmented user data unit.</summary>
public enum PacketSegmentation
{
    /// <summary>A continuation segment (00).</summary>
    Continuation = 0,

    /// <summary>The first segment (01).</summary>
    First = 1,

    /// <summary>The last segment (10).</summary>
    Last = 2,

    /// <summary>Unsegmented user data (11), the usual case.</summary>
    Unsegmented = 3,
}

/// <summary>
/// The six-byte CCSDS Space Packet primary header (CCSDS 133.0-B-2, section 4.1.3). The packet version number field
/// is always 0 (version 1, the only one defined): it is written as 0 and any other value is refused on decode.
/// </summary>
public readonly record struct SpacePacketHeader
{
    /// <summary>Length of the primary header in bytes.</summary>
    public const int Length = 6;

    /// <summary>The largest sequence count (14 bits).</summary>
    public const ushort MaxSequenceCount = 0x3FFF;

    /// <summary>Creates a version-1 header (version number field 0); throws when a field is out of range.</summary>
    /// <param name="type">Telemetry or telecommand.</param>
    /// <param name="hasSecondaryHeader">Whether a secondary header starts the data field.</param>
    /// <param name="apid">The application process.</param>
    /// <param name="sequenceFlags">Segmentation flags.</param>
    /// <param name="sequenceCount">Packet sequence count (or packet name), 0-16383.</param>
    /// <param name="dataFieldLength">The number of bytes in the packet data field, 1-65536 (the header field carries it minus one).</param>
    public SpacePacketHeader(SpacePacketType type, bool hasSecondaryHeader, Apid apid, PacketSegmentation sequenceFlags,
        ushort sequenceCount, int dataFieldLength)
    {
        if (sequenceCount > MaxSequenceCount)
        {
            throw new ArgumentOutOfRangeException(nameof(sequenceCount), sequenceCount, $"The sequence count is 0-{MaxSequenceCount}.");
        }

        if (dataFieldLength is < 1 or > 65536)
        {
            throw new ArgumentOutOfRangeException(nameof(dataFieldLength), dataFieldLength, "The data field holds 1 to 65536 bytes.");
        }

        Type = type;
        HasSecondaryHeader = hasSecondaryHeader;
        Apid = apid;
        SequenceFlags = sequenceFlags;
        SequenceCount = sequenceCount;
        DataFieldLength = dataFieldLength;
    }

    /// <summary>Telemetry or telecommand.</summary>
    public SpacePacketType Type { get; }

    /// <summary>Whether a secondary header starts the data field.</summary>
    public bool HasSecondaryHeader { get; }

    /// <summary>The application process.</summary>
    public Apid Apid { get; }

    /// <summary>Segmentation flags.</summary>
    public PacketSegmentation SequenceFlags { get; }

    /// <summary>The packet sequence count, 0-16383.</summary>
    public ushort SequenceCount { get; }

    /// <summary>Bytes in the packet data field (the header's length field plus one).</summary>
    public int DataFieldLength { get; }

    /// <summary>The whole packet's length: header plus data field.</summary>
    public int PacketLength => Length + DataFieldLength;

    /// <summary>Writes the six header bytes.</summary>
    public void WriteTo(Span<byte> destination)
    {
        if (destination.Length < Length)
        {
            throw new ArgumentException($"The header needs {Length} bytes.", nameof(destination));
        }

        var first = (ushort)(((int)Type << 12) | ((HasSecondaryHeader ? 1 : 0) << 11) | Apid.Value);
        BinaryPrimitives.WriteUInt16BigEndian(destination, first);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)(((int)SequenceFlags << 14) | SequenceCount));
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], (ushort)(DataFieldLength - 1));
    }

    /// <summary>Reads a header from the first six bytes, refusing truncated input and unknown versions.</summary>
    public static DecodeResult<SpacePacketHeader> Read(ReadOnlySpan<byte> source)
    {
        if (source.Length < Length)
        {
            return DecodeResult.Failure<SpacePacketHeader>(FrameErrorKind.Truncated, source.Length,
                $"A space packet primary header has {Length} bytes; {source.Length} given.");
        }

        var first = BinaryPrimitives.ReadUInt16BigEndian(source);
        var version = first >> 13;
        if (version != 0)
        {
            return DecodeResult.Failure<SpacePacketHeader>(FrameErrorKind.UnsupportedVersion, 0,
                $"Packet version number {version}; only 0 (CCSDS version 1) is defined.");
        }

        var second = BinaryPrimitives.ReadUInt16BigEndian(source[2..]);
        return DecodeResult.Success<SpacePacketHeader>(new SpacePacketHeader(
            (SpacePacketType)((first >> 12) & 1), ((first >> 11) & 1) != 0, new Apid((ushort)(first & Apid.MaxValue)),
            (PacketSegmentation)(second >> 14), (ushort)(second & MaxSequenceCount),
            BinaryPrimitives.ReadUInt16BigEndian(source[4..]) + 1));
    }
}

/// <summary>A whole space packet: its primary header and its data field.</summary>
/// <param name="Header">The primary header; its data field length equals <paramref name="Data"/>'s length.</param>
/// <param name="Data">The packet data field (secondary header, if any, included).</param>
public sealed record SpacePacket(SpacePacketHeader Header, ReadOnlyMemory<byte> Data)
{
    /// <summary>Builds a packet, computing the length field from <paramref name="data"/>.</summary>
    public static SpacePacket Create(SpacePacketType type, Apid apid, ushort sequenceCount, ReadOnlyMemory<byte> data,
        bool hasSecondaryHeader = false, PacketSegmentation sequenceFlags = PacketSegmentation.Unsegmented) =>
        new(new SpacePacketHeader(type, hasSecondaryHeader, apid, sequenceFlags, sequenceCount, data.Length), data);

    /// <summary>The encoded packet.</summary>
    public byte[] Encode()
    {
        if (Header.DataFieldLength != Data.Length)
        {
            throw new InvalidOperationException(
                $"The header announces {Header.DataFieldLength} data bytes; the packet holds {Data.Length}.");
        }

        var buffer = new byte[Header.PacketLength];
        Header.WriteTo(buffer);
        Data.Span.CopyTo(buffer.AsSpan(SpacePacketHeader.Length));
        return buffer;
    }

    /// <summary>
    /// Decodes exactly one packet: the input must be as long as the header says (<see cref="FrameErrorKind.LengthMismatch"/>
    /// when longer, <see cref="FrameErrorKind.Truncated"/> when shorter).
    /// </summary>
    public static DecodeResult<SpacePacket> Decode(ReadOnlySpan<byte> source)
    {
        var header = SpacePacketHeader.Read(source);
        if (header.Error is { } error)
        {
            return DecodeResult.Failure<SpacePacket>(error);
        }

        var expected = header.Value.PacketLength;
        if (source.Length < expected)
        {
            return DecodeResult.Failure<SpacePacket>(FrameErrorKind.Truncated, source.Length,
                $"The header announces a {expected}-byte packet; only {source.Length} bytes are present.");
        }

        if (source.Length > expected)
        {
            return DecodeResult.Failure<SpacePacket>(FrameErrorKind.LengthMismatch, expected,
                $"The header announces a {expected}-byte packet; {source.Length} bytes are present.");
        }

        return DecodeResult.Success<SpacePacket>(new SpacePacket(header.Value, source[SpacePacketHeader.Length..].ToArray()));
    }
}
