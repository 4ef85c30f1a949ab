using BenchmarkDotNet.Attributes;
using GroundStation.Orbits.Propagation;
using GroundStation.Testing.Orbits;

namespace GroundStation.Benchmarks.Orbits;

/// <summary>
/// Scalar SGP4/SDP4 on the generated 1,000-satellite catalog (75% LEO, the rest MEO, GEO and Molniya-type HEO) for
/// 1,440 one-minute steps, one thread. Results read per propagation (OperationsPerInvoke); the target is
/// 2.4 M propagations/s, i.e. at most about 417 ns each.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class Sgp4Benchmarks
{
    private const int Satellites = 1000;
    private const int Steps = 1440;

    private Sgp4Propagator[] _propagators = [];

    /// <summary>Builds the propagators once; initialisation is measured separately.</summary>
    [GlobalSetup]
    public void Setup() =>
        _propagators = SyntheticCatalog.Generate(Satellites).Select(e => Sgp4Propagator.Create(e)).ToArray();

    /// <summary>Every satellite over one day at one-minute steps.</summary>
    [Benchmark(OperationsPerInvoke = Satellites * Steps)]
    public double ScalarCatalogDay()
    {
        var checksum = 0.0;
        foreach (var propagator in _propagators)
        {
            for (var minute = 0; minute < Steps; minute++)
            {
                var result = propagator.Propagate((double)minute);
                checksum += result.State.PositionKm.X;
            }
        }

        return checksum;
    }

    /// <summary>Model initialisation for the whole catalog, per element set.</summary>
    [Benchmark(OperationsPerInvoke = Satellites)]
    public int Initialise()
    {
        var deep = 0;
        foreach (var propagator in _propagators)
        {
            deep += Sgp4Propagator.Create(propagator.Elements).IsDeepSpace ? 1 : 0;
        }

        return deep;
    }
}
