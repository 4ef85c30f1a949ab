using System.Buffers;
using BenchmarkDotNet.Attributes;
using GroundStation.Telemetry.Influx.LineProtocol;
using GroundStation.Telemetry.Influx.Sink;

namespace GroundStation.Benchmarks.Telemetry;

/// <summary>
/// The InfluxDB sink's encoding cost: a batch of 5,000 telemetry points (four tags, one field, a timestamp, a few
/// names needing escapes) written as line protocol into a reused buffer, as the sink does per flush.
/// </summary>
[MemoryDiagnoser]
public class LineProtocolBenchmarks
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 20);
    private LinePoint[] _points = [];

    [GlobalSetup]
    public void Setup()
    {
        var start = new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
        _points = Enumerable.Range(0, 5_000).Select(i => TelemetryPointMapping.ToPoint(
            new TelemetrySample("25544", i % 3 == 0 ? "bus voltage" : "temp,obc", 3.3 + i * 1e-3,
                start.AddMilliseconds(i * 100), "Svalbard, NO", "pass-42"), "telemetry")).ToArray();
    }

    [Benchmark(Description = "line protocol, 5,000 points into a reused buffer")]
    public int WriteBatch()
    {
        _buffer.ResetWrittenCount();
        foreach (var point in _points)
        {
            LineProtocolWriter.Write(point, WritePrecision.Nanoseconds, _buffer);
        }

        return _buffer.WrittenCount;
    }
}
