using GroundStation.Frames.Ccsds;
using GroundStation.Frames.Framing;

namespace GroundStation.Hardware.Tests.Codecs;

public sealed class CcsdsTests
{
    [Fact]
    public void The_idle_packet_header_has_the_bytes_the_standard_gives()
    {
        // CCSDS 133.0-B-2: an idle packet has APID 2047 (all ones); unsegmented (11), count 0, one data byte (length 0).
        var packet = SpacePacket.Create(SpacePacketType.Telemetry, Apid.Idle, 0, new byte[] { 0xAA });
        Assert.Equal("07FFC00000" + "00AA", Convert.ToHexString(packet.Encode()));
    }

    [Fact]
    public void Decodes_a_known_telecommand_packet_header()
    {
        // Version 0, TC, secondary header, APID 0x123, first segment, count 0x1234 (0x1234 fits 14 bits), 4 data bytes.
        var header = SpacePacketHeader.Read(Convert.FromHexString("1923" + "5234" + "0003")).Value;
        Assert.Equal(SpacePacketType.Telecommand, header.Type);
        Assert.True(header.HasSecondaryHeader);
        Assert.Equal(0x123, header.Apid.Value);
        Assert.Equal(PacketSegmentation.First, header.SequenceFlags);
        Assert.Equal(0x1234, header.SequenceCount);
        Assert.Equal(4, header.DataFieldLength);
    }

    [Fact]
    public void Round_trips_random_space_packets()
    {
        var random = new Random(133);
        for (var n = 0; n < 500; n++)
        {
            var data = new byte[random.Next(1, 300)];
            random.NextBytes(data);
            var packet = SpacePacket.Create((SpacePacketType)random.Next(2), new Apid((ushort)random.Next(2048)),
                (ushort)random.Next(16384), data, random.Next(2) == 1, (PacketSegmentation)random.Next(4));
            var decoded = SpacePacket.Decode(packet.Encode());
            Assert.True(decoded.IsSuccess, decoded.Error?.ToString());
            Assert.Equal(packet.Header, decoded.Value.Header);
            Assert.Equal(data, decoded.Value.Data.ToArray());
        }
    }

    [Fact]
    public void Space_packet_length_problems_are_named()
    {
        var encoded = SpacePacket.Create(SpacePacketType.Telemetry, new Apid(5), 1, new byte[10]).Encode();
        Assert.Equal(FrameErrorKind.Truncated, SpacePacket.Decode(encoded.AsSpan(0, 4)).Error?.Kind);
        Assert.Equal(FrameErrorKind.Truncated, SpacePacket.Decode(encoded.AsSpan(0, 15)).Error?.Kind);
        Assert.Equal(FrameErrorKind.LengthMismatch, SpacePacket.Decode([.. encoded, 0]).Error?.Kind);
        encoded[0] |= 0x20;
        Assert.Equal(FrameErrorKind.UnsupportedVersion, SpacePacket.Decode(encoded).Error?.Kind);
    }

    [Fact]
    public void Tm_frame_header_has_the_known_layout()
    {
        // SCID 0x2AB, VCID 5, OCF present, MC 0x12, VC 0x34, packets with first header pointer 0.
        var header = new TmFrameHeader(0x2AB, 5, true, 0x12, 0x34, TmDataFieldStatus.ForPackets(0));
        var bytes = new byte[6];
        header.WriteTo(bytes);
        Assert.Equal("2ABB" + "1234" + "1800", Convert.ToHexString(bytes));
        Assert.Equal(header, TmFrameHeader.Read(bytes).Value);
    }

    [Fact]
    public void Tm_frames_round_trip_and_a_flipped_bit_is_a_bad_fecf()
    {
        var random = new Random(132);
        for (var n = 0; n < 200; n++)
        {
            var hasOcf = random.Next(2) == 1;
            var data = new byte[random.Next(1, 200)];
            random.NextBytes(data);
            var frame = new TmTransferFrame(
                new TmFrameHeader((ushort)random.Next(1024), (byte)random.Next(8), hasOcf, (byte)random.Next(256),
                    (byte)random.Next(256), new TmDataFieldStatus(random.Next(2) == 1, random.Next(2) == 1,
                        random.Next(2) == 1, (byte)random.Next(4), (ushort)random.Next(2048))),
                data, hasOcf ? (uint)random.Next() : null);
            var encoded = frame.Encode(withFrameErrorControl: true);
            var decoded = TmTransferFrame.Decode(encoded, encoded.Length, withFrameErrorControl: true);
            Assert.True(decoded.IsSuccess, decoded.Error?.ToString());
            Assert.Equal(frame, decoded.Value);

            var bit = random.Next(encoded.Length * 8);
            encoded[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.Equal(FrameErrorKind.BadFrameErrorControl, TmTransferFrame.Decode(encoded, encoded.Length, true).Error?.Kind);
        }
    }

    [Fact]
    public void Tm_frame_length_problems_are_named()
    {
        var frame = new TmTransferFrame(new TmFrameHeader(1, 0, false, 0, 0, TmDataFieldStatus.ForPackets(0)), new byte[20], null);
        var encoded = frame.Encode(true);
        Assert.Equal(FrameErrorKind.Truncated, TmTransferFrame.Decode(encoded.AsSpan(0, 10), encoded.Length, true).Error?.Kind);
        Assert.Equal(FrameErrorKind.LengthMismatch, TmTransferFrame.Decode([.. encoded, 0], encoded.Length, true).Error?.Kind);
        encoded[0] |= 0x40;
        Assert.Equal(FrameErrorKind.UnsupportedVersion, TmTransferFrame.Decode(encoded, encoded.Length, false).Error?.Kind);
    }
}
