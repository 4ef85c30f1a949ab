using GroundStation.Frames.Framing;
using GroundStation.Frames.Kiss;

namespace GroundStation.Hardware.Tests.Kiss;

public sealed class KissCodecTests
{
    [Fact]
    public void Encodes_the_examples_of_the_kiss_paper()
    {
        // K3MC/KA9Q: a data frame "TEST" on port 0, and the escaping of FEND and FESC inside data.
        Assert.Equal("C000" + "54455354" + "C0", Convert.ToHexString(KissEncoder.Encode(KissFrame.Data("TEST"u8.ToArray()))));
        Assert.Equal("C000" + "DBDC" + "DBDD" + "C0", Convert.ToHexString(KissEncoder.Encode(KissFrame.Data(new byte[] { 0xC0, 0xDB }))));
        Assert.Equal("C051" + "32" + "C0", Convert.ToHexString(KissEncoder.Encode(new KissFrame(new KissPort(5), KissCommand.TxDelay, new byte[] { 0x32 }))));
        Assert.Equal("C0FFC0", Convert.ToHexString(KissEncoder.Encode(new KissFrame(KissPort.Default, KissCommand.Return, ReadOnlyMemory<byte>.Empty))));
    }

    [Fact]
    public void Round_trips_random_frames_fed_in_random_chunks()
    {
        var random = new Random(8001);
        var frames = new List<KissFrame>();
        var stream = new List<byte>();
        for (var n = 0; n < 300; n++)
        {
            var payload = new byte[random.Next(0, 400)];
            random.NextBytes(payload);
            var frame = new KissFrame(new KissPort((byte)random.Next(16)), (KissCommand)random.Next(7), payload);
            frames.Add(frame);
            stream.AddRange(KissEncoder.Encode(frame));
            if (random.Next(4) == 0)
            {
                stream.Add(KissFraming.Fend); // idle FENDs between frames are legal
            }
        }

        var decoder = new KissDecoder();
        var results = new List<KissDecodeResult>();
        var bytes = stream.ToArray();
        for (var offset = 0; offset < bytes.Length;)
        {
            var size = Math.Min(random.Next(1, 64), bytes.Length - offset);
            decoder.Decode(bytes.AsSpan(offset, size), results);
            offset += size;
        }

        Assert.All(results, r => Assert.Null(r.Error));
        Assert.Equal(frames.Count, results.Count);
        for (var i = 0; i < frames.Count; i++)
        {
            Assert.Equal(frames[i].Port, results[i].Frame!.Port);
            Assert.Equal(frames[i].Command, results[i].Frame!.Command);
            Assert.Equal(frames[i].Payload.ToArray(), results[i].Frame!.Payload.ToArray());
        }
    }

    [Fact]
    public void A_bad_escape_is_named_and_the_next_frame_still_decodes()
    {
        var results = Decode(Convert.FromHexString("C000" + "41DB4142" + "C0" + "C000" + "4F4B" + "C0"));
        Assert.Equal(FrameErrorKind.BadEscape, results[0].Error?.Kind);
        Assert.Equal("OK"u8.ToArray(), results[1].Frame!.Payload.ToArray());
        Assert.Equal(2, results.Count);
    }

    [Fact]
    public void An_escape_right_before_fend_is_a_bad_escape() =>
        Assert.Equal(FrameErrorKind.BadEscape, Assert.Single(Decode(Convert.FromHexString("C00041DBC0"))).Error?.Kind);

    [Fact]
    public void An_oversize_frame_is_named_once_and_decoding_resumes_at_the_next_fend()
    {
        var decoder = new KissDecoder(maxFrameLength: 32);
        var results = new List<KissDecodeResult>();
        decoder.Decode([KissFraming.Fend, 0x00, .. new byte[100], KissFraming.Fend, 0x00, 0x01, KissFraming.Fend], results);
        Assert.Equal(FrameErrorKind.Oversize, results[0].Error?.Kind);
        Assert.Equal(new byte[] { 0x01 }, results[1].Frame!.Payload.ToArray());
        Assert.Equal(2, results.Count);
    }

    [Fact]
    public void An_unknown_command_is_named() =>
        Assert.Equal(FrameErrorKind.UnknownCommand, Assert.Single(Decode(Convert.FromHexString("C00941C0"))).Error?.Kind);

    [Fact]
    public void Bytes_before_the_first_fend_are_counted_not_decoded()
    {
        var decoder = new KissDecoder();
        var results = new List<KissDecodeResult>();
        decoder.Decode(Convert.FromHexString("414243" + "C0004DC0"), results);
        Assert.Equal(3, decoder.BytesOutsideFrames);
        Assert.Equal("M"u8.ToArray(), Assert.Single(results).Frame!.Payload.ToArray());
    }

    [Fact]
    public void Random_garbage_never_throws_and_a_valid_frame_after_it_is_delivered()
    {
        var random = new Random(99);
        var decoder = new KissDecoder(maxFrameLength: 256);
        var results = new List<KissDecodeResult>();
        for (var n = 0; n < 2000; n++)
        {
            var garbage = new byte[random.Next(1, 600)];
            random.NextBytes(garbage);
            decoder.Decode(garbage, results);
        }

        results.Clear();
        decoder.Decode(KissEncoder.Encode(KissFrame.Data("after"u8.ToArray())), results);
        Assert.Contains(results, r => r.Frame is { } f && f.Payload.Span.SequenceEqual("after"u8));
    }

    private static List<KissDecodeResult> Decode(byte[] bytes)
    {
        var results = new List<KissDecodeResult>();
        new KissDecoder().Decode(bytes, results);
        return results;
    }
}
