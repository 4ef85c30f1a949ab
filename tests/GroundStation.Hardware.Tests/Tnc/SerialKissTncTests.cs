using GroundStation.Frames.Kiss;
using GroundStation.Hardware.Serial;
using GroundStation.Hardware.Tests.Serial;
using GroundStation.Hardware.Tnc;

namespace GroundStation.Hardware.Tests.Tnc;

/// <summary>A serial KISS TNC: <c>new KissTnc(serialLine.Stream)</c> on one end of a socat pty pair, the "TNC" on the other.</summary>
public sealed class SerialKissTncTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Frames_cross_a_serial_line_both_ways_and_garbage_does_not_stop_the_read_loop()
    {
        await using var pair = await SocatPtyPair.StartAsync();
        var settings = new SerialSettings { BaudRate = 9600 };
        using var hostSide = SerialLine.Open(pair.A, settings);
        using var tncSide = SerialLine.Open(pair.B, new SerialSettings { BaudRate = 9600, ReadTimeout = Deadline });
        await using var tnc = new KissTnc(hostSide.Stream);

        var garbage = new byte[3000];
        new Random(232).NextBytes(garbage);
        tncSide.Stream.Write(garbage);
        tncSide.Stream.Write(new byte[] { 0xC0, 0x00, 0xDB, 0x41, 0xC0 }); // a bad escape
        tncSide.Stream.Write(KissEncoder.Encode(KissFrame.Data(new KissPort(2), "from the air"u8.ToArray())));

        using var cancel = new CancellationTokenSource(Deadline);
        TncFrame? received = null;
        await foreach (var frame in tnc.ReadFramesAsync(cancel.Token))
        {
            if (frame.Data.Span.SequenceEqual("from the air"u8))
            {
                received = frame;
                break;
            }
        }

        Assert.NotNull(received);
        Assert.Equal(2, received.Port.Value);
        Assert.True(tnc.Counters.DecodeErrors >= 1);

        await tnc.SendAsync(new KissPort(1), new byte[] { 0xC0, 0x55, 0xDB }, cancel.Token);
        var decoder = new KissDecoder();
        var results = new List<KissDecodeResult>();
        var buffer = new byte[64];
        while (results.Count == 0)
        {
            var read = await tncSide.Stream.ReadAsync(buffer, cancel.Token);
            decoder.Decode(buffer.AsSpan(0, read), results);
        }

        var sent = Assert.Single(results).Frame!;
        Assert.Equal(1, sent.Port.Value);
        Assert.Equal(new byte[] { 0xC0, 0x55, 0xDB }, sent.Payload.ToArray());
    }
}
