using System.Buffers;
using BenchmarkDotNet.Attributes;
using GroundStation.Messaging.Protocol;

namespace GroundStation.Benchmarks.Messaging;

/// <summary>
/// The codec's cost per 64-byte PUBLISH, batched 1,000 packets per buffer as the client's writer and reader see
/// them: what GroundStation's own CPU adds to each message, apart from the broker and the sockets.
/// </summary>
[MemoryDiagnoser]
public class MqttCodecBenchmarks
{
    private const int PacketsPerBatch = 1000;
    private readonly TopicName _topic = TopicName.Parse("gs/v1/stations/svalbard-1/telemetry");
    private readonly byte[] _payload = new byte[64];
    private readonly ArrayBufferWriter<byte> _writer = new(128 * PacketsPerBatch);
    private readonly MqttDecoder _decoder = new();
    private byte[] _encoded = [];

    [GlobalSetup]
    public void Setup()
    {
        EncodeBatch();
        _encoded = _writer.WrittenSpan.ToArray();
    }

    [Benchmark(OperationsPerInvoke = PacketsPerBatch)]
    public int EncodeBatch()
    {
        _writer.ResetWrittenCount();
        for (var i = 1; i <= PacketsPerBatch; i++)
        {
            MqttEncoder.WritePublish(_writer, _topic, _payload, MqttQualityOfService.AtLeastOnce, false, false, (ushort)i);
        }

        return _writer.WrittenCount;
    }

    [Benchmark(OperationsPerInvoke = PacketsPerBatch)]
    public int DecodeBatch()
    {
        var buffer = new ReadOnlySequence<byte>(_encoded);
        var count = 0;
        while (_decoder.TryDecode(ref buffer, out _))
        {
            count++;
        }

        return count;
    }
}
