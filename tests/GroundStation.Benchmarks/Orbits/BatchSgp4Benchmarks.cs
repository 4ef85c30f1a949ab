using BenchmarkDotNet.Attributes;
using GroundStation.Orbits.Propagation;
using GroundStation.Testing.Orbits;

namespace GroundStation.Benchmarks.Orbits;

/// <summary>
/// The batch propagator on the workload of <see cref="Sgp4Benchmarks"/> (the generated 1,000-satellite catalog for
/// 1,440 one-minute steps, one thread), read per propagation; the target is 10 M propagations/s (100 ns each).
/// The near-Earth and deep-space figures split the whole catalog into its two vector kernels (750 SGP4 and 250 SDP4
/// satellites), each beside the scalar propagator on the same satellites.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class BatchSgp4Benchmarks
{
    private const int Satellites = 1000;
    private const int Steps = 1440;

    /// <summary>The LEO share of the generated catalog (75%).</summary>
    private const int NearEarthSatellites = 750;

    /// <summary>The MEO, GEO and HEO share of the generated catalog (25%), all deep space (SDP4).</summary>
    private const int DeepSpaceSatellites = Satellites - NearEarthSatellites;

    private BatchPropagator _catalog = null!;
    private BatchPropagator _nearEarth = null!;
    private Sgp4Propagator[] _nearEarthScalar = [];
    private BatchPropagator _deepSpace = null!;
    private Sgp4Propagator[] _deepSpaceScalar = [];
    private TemeState[] _states = [];
    private Sgp4Error[] _errors = [];

    /// <summary>Builds the batches once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var catalog = SyntheticCatalog.Generate(Satellites);
        _catalog = BatchPropagator.Create(catalog);
        _nearEarth = BatchPropagator.Create(catalog.Where(e => SyntheticCatalog.Classify(e) == SyntheticOrbitClass.Leo));
        if (_nearEarth.Count != NearEarthSatellites || _nearEarth.VectorizedCount != NearEarthSatellites)
        {
            throw new InvalidOperationException(
                $"Expected {NearEarthSatellites} vectorised LEO satellites, got {_nearEarth.VectorizedCount} of {_nearEarth.Count}.");
        }

        _nearEarthScalar = [.. _nearEarth.Propagators];
        _deepSpace = BatchPropagator.Create(catalog.Where(e => SyntheticCatalog.Classify(e) != SyntheticOrbitClass.Leo));
        if (_deepSpace.Count != DeepSpaceSatellites || _deepSpace.VectorizedDeepSpaceCount != DeepSpaceSatellites)
        {
            throw new InvalidOperationException(
                $"Expected {DeepSpaceSatellites} vectorised deep-space satellites, got {_deepSpace.VectorizedDeepSpaceCount} of {_deepSpace.Count}.");
        }

        _deepSpaceScalar = [.. _deepSpace.Propagators];
        _states = new TemeState[Satellites];
        _errors = new Sgp4Error[Satellites];
    }

    /// <summary>The whole catalog over one day at one-minute steps.</summary>
    [Benchmark(OperationsPerInvoke = Satellites * Steps)]
    public double BatchCatalogDay() => Run(_catalog);

    /// <summary>The 750 near-Earth satellites of the catalog over one day: the vectorised path alone.</summary>
    [Benchmark(OperationsPerInvoke = NearEarthSatellites * Steps)]
    public double BatchNearEarthDay() => Run(_nearEarth);

    /// <summary>The same 750 near-Earth satellites on the scalar propagator, the baseline for the vectorised path.</summary>
    [Benchmark(OperationsPerInvoke = NearEarthSatellites * Steps)]
    public double ScalarNearEarthDay() => RunScalar(_nearEarthScalar);

    /// <summary>The 250 deep-space (SDP4) satellites of the catalog over one day: the deep-space vector kernel alone.</summary>
    [Benchmark(OperationsPerInvoke = DeepSpaceSatellites * Steps)]
    public double BatchDeepSpaceDay() => Run(_deepSpace);

    /// <summary>The same 250 deep-space satellites on the scalar propagator.</summary>
    [Benchmark(OperationsPerInvoke = DeepSpaceSatellites * Steps)]
    public double ScalarDeepSpaceDay() => RunScalar(_deepSpaceScalar);

    private static double RunScalar(Sgp4Propagator[] propagators)
    {
        var checksum = 0.0;
        foreach (var propagator in propagators)
        {
            for (var minute = 0; minute < Steps; minute++)
            {
                checksum += propagator.Propagate((double)minute).State.PositionKm.X;
            }
        }

        return checksum;
    }

    private double Run(BatchPropagator batch)
    {
        var states = _states.AsSpan(0, batch.Count);
        var errors = _errors.AsSpan(0, batch.Count);
        var checksum = 0.0;
        for (var minute = 0; minute < Steps; minute++)
        {
            batch.Propagate(minute, states, errors);
            checksum += states[0].PositionKm.X;
        }

        return checksum;
    }
}
