using BenchmarkDotNet.Attributes;
using GroundStation.Frames.Ax25;
using GroundStation.Frames.Framing;
using GroundStation.Frames.Kiss;

namespace GroundStation.Benchmarks.Frames;

/// <summary>
/// The edge agent's per-frame receive cost: KISS-deframe a stream of 100 beacon-sized frames, then decode each as AX.25.
/// </summary>
[MemoryDiagnoser]
public class FrameCodecBenchmarks
{
    private readonly List<KissDecodeResult> _results = new(128);
    private byte[] _kissStream = [];
    private byte[] _ax25WithFcs = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        var info = new byte[34];
        random.NextBytes(info);
        var frame = new Ax25UiFrame(new Ax25Address("GSTLM"), new Ax25Address("S25544", 1), info);
        var ax25 = Ax25Codec.Encode(frame, Ax25Fcs.Absent);
        _ax25WithFcs = Ax25Codec.Encode(frame, Ax25Fcs.Present);
        _kissStream = Enumerable.Range(0, 100).SelectMany(_ => KissEncoder.Encode(KissFrame.Data(ax25))).ToArray();
    }

    [Benchmark(Description = "KISS deframe + AX.25 decode, 100 frames")]
    public int DeframeAndDecode()
    {
        var decoder = new KissDecoder();
        _results.Clear();
        decoder.Decode(_kissStream, _results);
        var ok = 0;
        foreach (var result in _results)
        {
            if (Ax25Codec.Decode(result.Frame!.Payload.Span, Ax25Fcs.Absent).IsSuccess)
            {
                ok++;
            }
        }

        return ok;
    }

    [Benchmark(Description = "CRC-16/X.25 over a 52-byte frame")]
    public ushort Fcs() => Crc16.X25(_ax25WithFcs);
}
