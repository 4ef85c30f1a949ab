using System.Buffers;
using GroundStation.Messaging.Protocol;

namespace GroundStation.Messaging.Tests.Protocol;

internal static class CodecTestHelpers
{
    public static byte[] Encode(MqttPacket packet)
    {
        var writer = new ArrayBufferWriter<byte>();
        MqttEncoder.Write(writer, packet);
        return writer.WrittenSpan.ToArray();
    }

    public static MqttPacket DecodeSingle(byte[] bytes, int maximumPacketSize = MqttDecoder.ProtocolMaximumPacketSize)
    {
        var buffer = new ReadOnlySequence<byte>(bytes);
        var decoder = new MqttDecoder(maximumPacketSize);
        Assert.True(decoder.TryDecode(ref buffer, out var packet), "a whole packet should decode");
        Assert.True(buffer.IsEmpty, "the decoder should consume exactly the packet");
        return packet;
    }

    public static MqttProtocolException DecodeFails(byte[] bytes, int maximumPacketSize = MqttDecoder.ProtocolMaximumPacketSize)
    {
        var buffer = new ReadOnlySequence<byte>(bytes);
        var decoder = new MqttDecoder(maximumPacketSize);
        return Assert.Throws<MqttProtocolException>(() => decoder.TryDecode(ref buffer, out _));
    }

    /// <summary>A sequence made of one segment per byte, the worst fragmentation a socket can produce.</summary>
    public static ReadOnlySequence<byte> Fragmented(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(bytes.AsMemory(0, 1), 0);
        var last = first;
        for (var i = 1; i < bytes.Length; i++)
        {
            last = last.Append(bytes.AsMemory(i, 1));
        }

        return new ReadOnlySequence<byte>(first, 0, last, 1);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
