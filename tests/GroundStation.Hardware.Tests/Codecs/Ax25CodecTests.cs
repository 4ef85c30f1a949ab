using System.Text;
using GroundStation.Frames.Ax25;
using GroundStation.Frames.Framing;

namespace GroundStation.Hardware.Tests.Codecs;

public sealed class Ax25CodecTests
{
    // CQ <- N0CALL-7 via WIDE1-1, UI, PID F0, "Hello". The frame bytes follow AX.25 2.2 figure 3.x by hand;
    // the FCS (0x711E, sent 1E 71) was computed by an independent bit-serial CRC-16/X.25 written in Python.
    private const string KnownFrameHex =
        "86A240404040E0" + "9C60868298986E" + "AE92888A624063" + "03F0" + "48656C6C6F";

    private const string KnownFcsHex = "1E71";

    private static Ax25UiFrame KnownFrame() => new(
        new Ax25Address("CQ"), new Ax25Address("N0CALL", 7), Encoding.ASCII.GetBytes("Hello"),
        [new Ax25Digipeater(new Ax25Address("WIDE1", 1))]);

    [Fact]
    public void Encodes_the_known_frame_byte_for_byte_without_and_with_fcs()
    {
        Assert.Equal(KnownFrameHex, Convert.ToHexString(Ax25Codec.Encode(KnownFrame(), Ax25Fcs.Absent)));
        Assert.Equal(KnownFrameHex + KnownFcsHex, Convert.ToHexString(Ax25Codec.Encode(KnownFrame(), Ax25Fcs.Present)));
    }

    [Fact]
    public void Decodes_the_known_frame_with_its_fcs()
    {
        var decoded = Ax25Codec.Decode(Convert.FromHexString(KnownFrameHex + KnownFcsHex), Ax25Fcs.Present);
        Assert.True(decoded.IsSuccess, decoded.Error?.ToString());
        var frame = decoded.Value;
        Assert.Equal("CQ", frame.Destination.ToString());
        Assert.Equal("N0CALL-7", frame.Source.ToString());
        Assert.Equal("WIDE1-1", Assert.Single(frame.Digipeaters).Address.ToString());
        Assert.Equal(Ax25CommandResponse.Command, frame.CommandResponse);
        Assert.Equal(0xF0, frame.Pid);
        Assert.Equal("Hello", Encoding.ASCII.GetString(frame.Info.Span));
    }

    [Fact]
    public void Round_trips_random_frames_with_and_without_fcs()
    {
        var random = new Random(25);
        for (var n = 0; n < 500; n++)
        {
            var frame = RandomFrame(random);
            foreach (var fcs in new[] { Ax25Fcs.Absent, Ax25Fcs.Present })
            {
                var decoded = Ax25Codec.Decode(Ax25Codec.Encode(frame, fcs), fcs);
                Assert.True(decoded.IsSuccess, decoded.Error?.ToString());
                Assert.Equal(frame, decoded.Value);
            }
        }
    }

    [Fact]
    public void A_single_flipped_bit_anywhere_is_a_bad_fcs()
    {
        var encoded = Ax25Codec.Encode(KnownFrame(), Ax25Fcs.Present);
        for (var bit = 0; bit < encoded.Length * 8; bit++)
        {
            var corrupted = (byte[])encoded.Clone();
            corrupted[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.Equal(FrameErrorKind.BadFcs, Ax25Codec.Decode(corrupted, Ax25Fcs.Present).Error?.Kind);
        }
    }

    [Fact]
    public void An_address_field_without_an_end_bit_is_refused()
    {
        var encoded = Ax25Codec.Encode(KnownFrame(), Ax25Fcs.Absent);
        encoded[20] &= 0xFE;
        Assert.Equal(FrameErrorKind.AddressNotTerminated, Ax25Codec.Decode(encoded, Ax25Fcs.Absent).Error?.Kind);
    }

    [Fact]
    public void Three_digipeaters_are_refused_by_name()
    {
        var path = Convert.FromHexString("86A240404040E0" + "9C60868298986E" + "AE92888A624062" + "AE92888A624062" + "AE92888A624063" + "03F0");
        Assert.Equal(FrameErrorKind.TooManyDigipeaters, Ax25Codec.Decode(path, Ax25Fcs.Absent).Error?.Kind);
    }

    [Theory]
    [InlineData(0, 'a')]
    [InlineData(1, '-')]
    [InlineData(2, (char)0x7F)]
    public void Invalid_callsign_characters_are_refused(int position, char character)
    {
        var encoded = Ax25Codec.Encode(KnownFrame(), Ax25Fcs.Absent);
        encoded[7 + position] = (byte)(character << 1);
        var error = Ax25Codec.Decode(encoded, Ax25Fcs.Absent).Error;
        Assert.Equal(FrameErrorKind.InvalidCallsign, error?.Kind);
        Assert.Equal(7 + position, error?.Offset);
    }

    [Fact]
    public void A_character_after_callsign_padding_is_refused()
    {
        var encoded = Ax25Codec.Encode(KnownFrame(), Ax25Fcs.Absent);
        encoded[3] = (byte)('X' << 1); // "CQ" then a space then X
        Assert.Equal(FrameErrorKind.InvalidCallsign, Ax25Codec.Decode(encoded, Ax25Fcs.Absent).Error?.Kind);
    }

    [Fact]
    public void Every_truncation_is_refused_with_a_named_error_and_never_throws()
    {
        var encoded = Ax25Codec.Encode(KnownFrame(), Ax25Fcs.Present);
        for (var length = 0; length < encoded.Length; length++)
        {
            var result = Ax25Codec.Decode(encoded.AsSpan(0, length), Ax25Fcs.Present);
            Assert.False(result.IsSuccess, $"length {length}");
        }

        var withoutFcs = Ax25Codec.Encode(KnownFrame(), Ax25Fcs.Absent);
        Assert.Equal(FrameErrorKind.Truncated, Ax25Codec.Decode(withoutFcs.AsSpan(0, 21), Ax25Fcs.Absent).Error?.Kind);
        Assert.Equal(FrameErrorKind.AddressNotTerminated, Ax25Codec.Decode(withoutFcs.AsSpan(0, 20), Ax25Fcs.Absent).Error?.Kind);
    }

    [Fact]
    public void An_oversize_info_field_is_refused()
    {
        var frame = new Ax25UiFrame(new Ax25Address("CQ"), new Ax25Address("N0CALL"), new byte[257]);
        Assert.Equal(FrameErrorKind.Oversize, Ax25Codec.Decode(Ax25Codec.Encode(frame, Ax25Fcs.Absent), Ax25Fcs.Absent).Error?.Kind);
    }

    [Fact]
    public void A_non_ui_control_field_is_refused()
    {
        var encoded = Ax25Codec.Encode(KnownFrame(), Ax25Fcs.Absent);
        encoded[21] = 0x00; // an I frame
        Assert.Equal(FrameErrorKind.NotUiFrame, Ax25Codec.Decode(encoded, Ax25Fcs.Absent).Error?.Kind);
    }

    [Fact]
    public void Random_garbage_never_throws()
    {
        var random = new Random(7);
        for (var n = 0; n < 5000; n++)
        {
            var data = new byte[random.Next(0, 80)];
            random.NextBytes(data);
            _ = Ax25Codec.Decode(data, (n & 1) == 0 ? Ax25Fcs.Absent : Ax25Fcs.Present);
        }
    }

    [Theory]
    [InlineData("N0CALL-7", "N0CALL", 7)]
    [InlineData("CQ", "CQ", 0)]
    public void Parses_addresses(string text, string callsign, byte ssid)
    {
        var address = Ax25Address.Parse(text);
        Assert.Equal(callsign, address.Callsign);
        Assert.Equal(ssid, address.Ssid);
        Assert.Equal(text, address.ToString());
    }

    [Theory]
    [InlineData("n0call")]
    [InlineData("TOOLONG1")]
    [InlineData("N0CALL-16")]
    [InlineData("")]
    [InlineData("AB-")]
    public void Refuses_bad_address_text(string text) => Assert.Throws<FormatException>(() => Ax25Address.Parse(text));

    internal static Ax25UiFrame RandomFrame(Random random)
    {
        const string characters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        Ax25Address RandomAddress() => new(
            new string(Enumerable.Range(0, random.Next(1, 7)).Select(_ => characters[random.Next(characters.Length)]).ToArray()),
            (byte)random.Next(16));
        var digipeaters = Enumerable.Range(0, random.Next(3))
            .Select(_ => new Ax25Digipeater(RandomAddress(), random.Next(2) == 1)).ToArray();
        var info = new byte[random.Next(0, 257)];
        random.NextBytes(info);
        return new Ax25UiFrame(RandomAddress(), RandomAddress(), info, digipeaters, (byte)random.Next(256),
            (Ax25CommandResponse)random.Next(3), random.Next(2) == 1);
    }
}
