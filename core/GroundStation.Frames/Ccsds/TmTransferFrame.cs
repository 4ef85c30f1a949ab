using System.Buffers.Binary;
using GroundStation.Frames.Framing;

namespace GroundStation.Frames.Ccsds;

/// <summary>
/// The six-byte CCSDS TM Transfer Frame primary header (CCSDS 132.0-B-3, section 4.1.2). The transfer frame version
/// number is always 00 (version 1): written as 0, anything else refused on decode.
/// </summary>
public readonly record struct TmFrameHeader
{
    /// <summary>Length of the primary header in bytes.</summary>
    public const int Length = 6;

    /// <summary>The largest spacecraft id (10 bits).</summary>
    public const ushort MaxSpacecraftId = 0x3FF;

    /// <summary>The largest virtual channel id (3 bits).</summary>
    public const byte MaxVirtualChannelId = 7;

    /// <summary>The largest first header pointer (11 bits); 0x7FF means no packet starts in this frame.</summary>
    public const ushort MaxFirstHeaderPointer = 0x7FF;

    /// <summary>First header pointer value meaning "no packet starts in this frame".</summary>
    public const ushort NoPacketStart = 0x7FF;

    /// <summary>Creates a header; throws when a field is out of range.</summary>
    /// <param name="spacecraftId">Spacecraft id, 0-1023.</param>
    /// <param name="virtualChannelId">Virtual channel id, 0-7.</param>
    /// <param name="hasOperationalControlField">Whether the frame ends with a four-byte OCF (before the FECF).</param>
    /// <param name="masterChannelFrameCount">Master channel frame count, modulo 256.</param>
    /// <param name="virtualChannelFrameCount">Virtual channel frame count, modulo 256.</param>
    /// <param name="dataFieldStatus">The data field status bits.</param>
    public TmFrameHeader(ushort spacecraftId, byte virtualChannelId, bool hasOperationalControlField,
        byte masterChannelFrameCount, byte virtualChannelFrameCount, TmDataFieldStatus dataFieldStatus)
    {
        if (spacecraftId > MaxSpacecraftId)
        {
            throw new ArgumentOutOfRangeException(nameof(spacecraftId), spacecraftId, $"The spacecraft id is 0-{MaxSpacecraftId}.");
        }

        if (virtualChannelId > MaxVirtualChannelId)
        {
            throw new ArgumentOutOfRangeException(nameof(virtualChannelId), virtualChannelId, $"The virtual channel id is 0-{MaxVirtualChannelId}.");
        }

        SpacecraftId = spacecraftId;
        VirtualChannelId = virtualChannelId;
        HasOperationalControlField = hasOperationalControlField;
        MasterChannelFrameCount = masterChannelFrameCount;
        VirtualChannelFrameCount = virtualChannelFrameCount;
        DataFieldStatus = dataFieldStatus;
    }

    /// <summary>Spacecraft id, 0-1023.</summary>
    public ushort SpacecraftId { get; }

    /// <summary>Virtual channel id, 0-7.</summary>
    public byte VirtualChannelId { get; }

    /// <summary>Whether the frame carries a four-byte operational control field.</summary>
    public bool HasOperationalControlField { get; }

    /// <summary>Master channel frame count, modulo 256.</summary>
    public byte MasterChannelFrameCount { get; }

    /// <summary>Virtual channel frame count, modulo 256.</summary>
    public byte VirtualChannelFrameCount { get; }

    /// <summary>The data field status bits.</summary>
    public TmDataFieldStatus DataFieldStatus { get; }

    /// <summary>Writes the six header bytes.</summary>
    public void WriteTo(Span<byte> destination)
    {
        if (destination.Length < Length)
        {
            throw new ArgumentException($"The header needs {Length} bytes.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination,
            (ushort)((SpacecraftId << 4) | (VirtualChannelId << 1) | (HasOperationalControlField ? 1 : 0)));
        destination[2] = MasterChannelFrameCount;
        destination[3] = VirtualChannelFrameCount;
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], DataFieldStatus.ToUInt16());
    }

    /// <summary>Reads a header from the first six bytes, refusing truncated input and unknown versions.</summary>
    public static DecodeResult<TmFrameHeader> Read(ReadOnlySpan<byte> source)
    {
        if (source.Length < Length)
        {
            return DecodeResult.Failure<TmFrameHeader>(FrameErrorKind.Truncated, source.Length,
                $"A TM transfer frame primary header has {Length} bytes; {source.Length} given.");
        }

        var identifier = BinaryPrimitives.ReadUInt16BigEndian(source);
        var version = identifier >> 14;
        if (version != 0)
        {
            return DecodeResult.Failure<TmFrameHeader>(FrameErrorKind.UnsupportedVersion, 0,
                $"Transfer frame version number {version}; only 0 (TM version 1) is implemented.");
        }

        return DecodeResult.Success<TmFrameHeader>(new TmFrameHeader((ushort)((identifier >> 4) & MaxSpacecraftId),
            (byte)((identifier >> 1) & MaxVirtualChannelId), (identifier & 1) != 0, source[2], source[3],
            TmDataFieldStatus.FromUInt16(BinaryPrimitives.ReadUInt16BigEndian(source[4..]))));
    }
}

/// <summary>The 16-bit frame data field status of a TM transfer frame.</summary>
/// <param name="HasSecondaryHeader">Whether a transfer frame secondary header follows the primary header.</param>
/// <param name="SynchronisationFlag">False when the data field holds packets octet-synchronised (the first header pointer is meaningful).</param>
/// <param name="PacketOrderFlag">Reserved; false when the synchronisation flag is false.</param>
/// <param name="SegmentLengthId">Two bits; 0b11 when the synchronisation flag is false.</param>
/// <param name="FirstHeaderPointer">Offset of the first packet header in the data field (0-2047; 2047 = none, 2046 = idle data).</param>
public readonly record struct TmDataFieldStatus(bool HasSecondaryHeader, bool SynchronisationFlag, bool PacketOrderFlag,
    byte SegmentLengthId, ushort FirstHeaderPointer)
{
    /// <summary>The usual status for a frame carrying packets: no secondary header, octet-synchronised, segment id 11.</summary>
    public static TmDataFieldStatus ForPackets(ushort firstHeaderPointer) => new(false, false, false, 3, firstHeaderPointer);

    /// <summary>The 16-bit field; throws when <see cref="SegmentLengthId"/> or <see cref="FirstHeaderPointer"/> do not fit.</summary>
    public ushort ToUInt16()
    {
        if (SegmentLengthId > 3)
        {
            throw new InvalidOperationException($"The segment length id has two bits; {SegmentLengthId} does not fit.");
        }

        if (FirstHeaderPointer > TmFrameHeader.MaxFirstHeaderPointer)
        {
            throw new InvalidOperationException($"The first header pointer has 11 bits; {FirstHeaderPointer} does not fit.");
        }

        return (ushort)(((HasSecondaryHeader ? 1 : 0) << 15) | ((SynchronisationFlag ? 1 : 0) << 14) |
                        ((PacketOrderFlag ? 1 : 0) << 13) | (SegmentLengthId << 11) | FirstHeaderPointer);
    }

    /// <summary>Splits the 16-bit field.</summary>
    public static TmDataFieldStatus FromUInt16(ushort value) =>
        new((value & 0x8000) != 0, (value & 0x4000) != 0, (value & 0x2000) != 0, (byte)((value >> 11) & 3),
            (ushort)(value & TmFrameHeader.MaxFirstHeaderPointer));
}

/// <summary>
/// A TM transfer frame: primary header, data field (including any transfer frame secondary header), the optional
/// operational control field and the optional frame error control field (CRC-16-CCITT over everything before it).
/// </summary>
/// <param name="Header">The primary header.</param>
/// <param name="DataField">The frame data field (with the secondary header, if the header says there is one).</param>
/// <param name="OperationalControlField">The four-byte OCF, present exactly when the header's OCF flag is set.</param>
public sealed record TmTransferFrame(TmFrameHeader Header, ReadOnlyMemory<byte> DataField, uint? OperationalControlField)
{
    /// <summary>Length of the frame error control field.</summary>
    public const int FrameErrorControlLength = 2;

    /// <summary>Length of the operational control field.</summary>
    public const int OperationalControlFieldLength = 4;

    /// <summary>Encodes the frame, appending the FECF when <paramref name="withFrameErrorControl"/> is true.</summary>
    public byte[] Encode(bool withFrameErrorControl)
    {
        if (Header.HasOperationalControlField != OperationalControlField.HasValue)
        {
            throw new InvalidOperationException("The header's OCF flag and the presence of the OCF disagree.");
        }

        var length = TmFrameHeader.Length + DataField.Length + (OperationalControlField.HasValue ? OperationalControlFieldLength : 0) +
                     (withFrameErrorControl ? FrameErrorControlLength : 0);
        var buffer = new byte[length];
        Header.WriteTo(buffer);
        DataField.Span.CopyTo(buffer.AsSpan(TmFrameHeader.Length));
        var position = TmFrameHeader.Length + DataField.Length;
        if (OperationalControlField is { } ocf)
        {
            BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(position), ocf);
            position += OperationalControlFieldLength;
        }

        if (withFrameErrorControl)
        {
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(position), Crc16.Ccitt(buffer.AsSpan(0, position)));
        }

        return buffer;
    }

    /// <summary>
    /// Decodes one frame of the mission's fixed length. Refuses with <see cref="FrameErrorKind.LengthMismatch"/> when the
    /// input is not <paramref name="frameLength"/> bytes, <see cref="FrameErrorKind.BadFrameErrorControl"/> when the FECF
    /// is wrong, and the header's errors otherwise.
    /// </summary>
    public static DecodeResult<TmTransferFrame> Decode(ReadOnlySpan<byte> source, int frameLength, bool withFrameErrorControl)
    {
        if (source.Length != frameLength)
        {
            return DecodeResult.Failure<TmTransferFrame>(
                source.Length < frameLength ? FrameErrorKind.Truncated : FrameErrorKind.LengthMismatch, source.Length,
                $"The mission's frames have {frameLength} bytes; {source.Length} given.");
        }

        // The FECF is checked first: a corrupted frame is reported as such, not by whichever field the corruption hit.
        if (withFrameErrorControl)
        {
            if (source.Length < FrameErrorControlLength)
            {
                return DecodeResult.Failure<TmTransferFrame>(FrameErrorKind.Truncated, source.Length, "The frame cannot hold its FECF.");
            }

            var expected = Crc16.Ccitt(source[..^FrameErrorControlLength]);
            var actual = BinaryPrimitives.ReadUInt16BigEndian(source[^FrameErrorControlLength..]);
            if (expected != actual)
            {
                return DecodeResult.Failure<TmTransferFrame>(FrameErrorKind.BadFrameErrorControl, source.Length - FrameErrorControlLength,
                    $"FECF is 0x{actual:X4}; the frame's contents give 0x{expected:X4}.");
            }
        }

        var header = TmFrameHeader.Read(source);
        if (header.Error is { } error)
        {
            return DecodeResult.Failure<TmTransferFrame>(error);
        }

        var trailer = (header.Value.HasOperationalControlField ? OperationalControlFieldLength : 0) +
                      (withFrameErrorControl ? FrameErrorControlLength : 0);
        if (source.Length < TmFrameHeader.Length + trailer)
        {
            return DecodeResult.Failure<TmTransferFrame>(FrameErrorKind.Truncated, source.Length,
                $"{source.Length} bytes cannot hold the header and {trailer} trailer bytes.");
        }

        var dataEnd = source.Length - trailer;
        uint? ocf = header.Value.HasOperationalControlField
            ? BinaryPrimitives.ReadUInt32BigEndian(source[dataEnd..])
            : null;
        return DecodeResult.Success<TmTransferFrame>(
            new TmTransferFrame(header.Value, source[TmFrameHeader.Length..dataEnd].ToArray(), ocf));
    }

    /// <inheritdoc />
    public bool Equals(TmTransferFrame? other) =>
        other is not null && Header == other.Header && OperationalControlField == other.OperationalControlField &&
        DataField.Span.SequenceEqual(other.DataField.Span);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Header, DataField.Length, OperationalControlField);
}
