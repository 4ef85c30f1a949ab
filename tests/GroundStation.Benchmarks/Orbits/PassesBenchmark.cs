using BenchmarkDotNet.Attributes;
using GroundStation.Orbits;
using GroundStation.Orbits.Elements;
using GroundStation.Orbits.Geometry;
using GroundStation.Orbits.Passes;
using GroundStation.Orbits.Propagation;

namespace GroundStation.Benchmarks.Orbits;

/// <summary>
/// Issue 2's pass workload: 1,000 LEO satellites x 1 station x 7 days above 10 degrees, on one thread
/// (target: at most 1 s; Skyfield's find_events needs about 190 s here).
/// </summary>
[MemoryDiagnoser]
public class PassesBenchmark
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly GroundStationSite _site = new(
        new GeodeticPosition(new Latitude(40.8939), new Longitude(-83.8917), 0), new Elevation(10));

    private readonly TimeWindow _week = new(Start, Start.AddDays(7));
    private Sgp4Ephemeris[] _satellites = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(2024);
        var epoch = JulianDate.FromDateTime(Start);
        _satellites = [.. Enumerable.Range(1, 1000).Select(i => new Sgp4Ephemeris(Sgp4Propagator.Create(new OrbitalElements(
            new NoradId(40_000 + i),
            null,
            'U',
            string.Empty,
            epoch.AddDays(-random.NextDouble() * 2),
            meanMotionDot: 0,
            meanMotionDdot: 0,
            bStar: random.NextDouble() * 1e-4,
            elementSetNumber: 999,
            inclinationDeg: 30 + (random.NextDouble() * 70),
            raanDeg: random.NextDouble() * 360,
            eccentricity: random.NextDouble() * 0.01,
            argPerigeeDeg: random.NextDouble() * 360,
            meanAnomalyDeg: random.NextDouble() * 360,
            meanMotionRevPerDay: 14 + (random.NextDouble() * 1.8),
            revolutionNumber: 1))))];
    }

    /// <summary>All 1,000 satellite-weeks, sequentially; returns the pass count so the work cannot be elided.</summary>
    [Benchmark(Baseline = true)]
    public int ThousandLeoSatellitesOneWeekOneThread()
    {
        var passes = 0;
        foreach (var satellite in _satellites)
        {
            passes += PassPredictor.Predict(satellite, _site, _week).Passes.Count;
        }

        return passes;
    }

    /// <summary>
    /// Reference point for the search's cost: 1,000 bare SGP4 propagations per satellite (the search needs about
    /// as many per satellite-week), so the ratio of the two shows how much the geometry adds.
    /// </summary>
    [Benchmark]
    public double ThousandPropagationsPerSatellite()
    {
        var sum = 0.0;
        var epoch = JulianDate.FromDateTime(Start);
        foreach (var satellite in _satellites)
        {
            for (var i = 0; i < 1000; i++)
            {
                if (satellite.TryGetState(epoch.AddMinutes(i * 10.08), out var position, out _))
                {
                    sum += position.X;
                }
            }
        }

        return sum;
    }
}
