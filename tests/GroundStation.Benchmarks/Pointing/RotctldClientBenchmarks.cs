using System.Globalization;
using BenchmarkDotNet.Attributes;
using GroundStation.Hardware.Hamlib;
using GroundStation.Hardware.Radios;
using GroundStation.Hardware.Rotators;
using GroundStation.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace GroundStation.Benchmarks.Pointing;

/// <summary>
/// Round trips of the Hamlib clients against the real daemons on loopback (Hamlib's dummy models): what one
/// rotator update or one Doppler retune costs. SatNOGS retunes about 10 times a second.
/// </summary>
[MemoryDiagnoser]
public class RotctldClientBenchmarks
{
    private PeerProcess? _rotctld;
    private PeerProcess? _rigctld;
    private RotctldRotator? _rotator;
    private RigctldRadio? _radio;
    private long _hertz = 435_000_000;

    [GlobalSetup]
    public void Setup()
    {
        var rotPort = FreePort.Next();
        var rigPort = FreePort.Next();
        _rotctld = PeerProcess.Start("rotctld", "libhamlib-utils", ["-m", "1", "-T", "127.0.0.1", "-t", rotPort.ToString(CultureInfo.InvariantCulture)]);
        _rigctld = PeerProcess.Start("rigctld", "libhamlib-utils", ["-m", "1", "-T", "127.0.0.1", "-t", rigPort.ToString(CultureInfo.InvariantCulture)]);
        _rotctld.WaitForTcpAsync(rotPort, TimeSpan.FromSeconds(20)).GetAwaiter().GetResult();
        _rigctld.WaitForTcpAsync(rigPort, TimeSpan.FromSeconds(20)).GetAwaiter().GetResult();
        _rotator = new RotctldRotator(new HamlibClientOptions { Endpoint = new HamlibEndpoint("127.0.0.1", rotPort) },
            RotatorLimits.FromDegrees(-180, 450, 0, 90), NullLogger<RotctldRotator>.Instance);
        _radio = new RigctldRadio(new RigctldOptions { Client = new HamlibClientOptions { Endpoint = new HamlibEndpoint("127.0.0.1", rigPort) } },
            NullLogger<RigctldRadio>.Instance);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _rotator!.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _radio!.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _rotctld!.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _rigctld!.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>One rotctld get_pos round trip.</summary>
    [Benchmark]
    public Task<RotatorPosition> RotatorGetPosition() => _rotator!.GetPositionAsync();

    /// <summary>One rotctld set_pos round trip, clamping included.</summary>
    [Benchmark]
    public Task<RotatorPosition> RotatorSetPosition() => _rotator!.SetPositionAsync(RotatorPosition.FromDegrees(10, 5));

    /// <summary>One Doppler retune: a rigctld set_freq round trip.</summary>
    [Benchmark]
    public Task RadioSetFrequency() => _radio!.SetFrequencyAsync(Frequency.FromHertz(_hertz++));
}
