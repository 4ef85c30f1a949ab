using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using GroundStation.Messaging.Contracts;
using GroundStation.Orbits;
using GroundStation.Orbits.Elements;
using GroundStation.Orbits.Geometry;
using GroundStation.Registry;
using GroundStation.Scheduling;
using GroundStation.Testing.Orbits;

namespace GroundStation.Benchmarks.Scheduling;

/// <summary>
/// Issue 7's scheduling workload: 200 stations x 2,000 satellites (the synthetic catalog: 75% LEO, then MEO, GEO, HEO)
/// x 3 days, one full planning run of the scheduler service from a cold prediction cache (target: under 60 s on the
/// 2-core machine). Stations sit on a Fibonacci lattice between 60 S and 70 N.
/// </summary>
public sealed class NetworkSchedulingWorkload : IDisposable
{
    /// <summary>The planning time: a day after the synthetic catalog's epoch.</summary>
    public static readonly DateTimeOffset Now = new(2024, 1, 2, 0, 0, 0, TimeSpan.Zero);

    private readonly string _directory = Directory.CreateTempSubdirectory("gs-sched-bench-").FullName;
    private readonly CoreSigningKey _key = CoreSigningKey.Generate();
    private readonly SqliteRegistry _registry;
    private int _run;

    /// <summary>Builds the registry: <paramref name="stations"/> stations and <paramref name="satellites"/> satellites with their element sets.</summary>
    public NetworkSchedulingWorkload(int stations, int satellites, double days)
    {
        Days = days;
        _registry = new SqliteRegistry(Path.Combine(_directory, "registry.db"), new FixedClock(Now));
        var golden = Math.PI * (3 - Math.Sqrt(5));
        for (var i = 0; i < stations; i++)
        {
            // Fibonacci lattice over the band of latitudes where stations are built.
            var z = Math.Sin(-60 * Math.PI / 180) + ((Math.Sin(70 * Math.PI / 180) - Math.Sin(-60 * Math.PI / 180)) * (i + 0.5) / stations);
            var latitude = Math.Asin(z) * 180 / Math.PI;
            var longitude = ((((i * golden * 180 / Math.PI) % 360) + 540) % 360) - 180;
            _registry.UpsertStation(new StationRecord(StationId.Parse(string.Create(CultureInfo.InvariantCulture, $"gs-{i:000}")), $"Station {i}",
                new GeodeticPosition(new Latitude(latitude), new Longitude(longitude), 100), 10, null,
                [new FrequencyBand(144_000_000, 148_000_000), new FrequencyBand(430_000_000, 440_000_000)],
                RotatorLimits.Default, "N0CALL", "t1", true));
        }

        foreach (var elements in SyntheticCatalog.Generate(satellites))
        {
            var norad = elements.Id.Value;
            _registry.UpsertSatellite(new SatelliteSpec(elements.Id, $"SAT {norad}", "t1", norad % 10,
                norad % 7 == 0 ? 145_900_000 : 437_000_000 + (norad % 100 * 10_000), null, "FM", null, norad % 5 == 0 ? 300 : 0));
            var (line1, line2) = TleWriter.Format(elements);
            _registry.IngestElements(elements.Id, line1 + "\n" + line2);
        }
    }

    /// <summary>The horizon in days.</summary>
    public double Days { get; }

    /// <summary>One full planning run on a fresh schedule database; returns its statistics.</summary>
    public async Task<PlanningStatistics> RunAsync(int maxDegreeOfParallelism = -1)
    {
        var options = new SchedulingOptions
        {
            DatabasePath = Path.Combine(_directory, $"schedule-{_run++}.db"),
            Horizon = TimeSpan.FromDays(Days),
            MaxDegreeOfParallelism = maxDegreeOfParallelism,
        };
        using var scheduler = new SchedulerService(_registry, new CountingPublisher(), _key, options, new FixedClock(Now));
        await scheduler.ReplanAsync("benchmark", CancellationToken.None);
        return scheduler.LastRun!;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _registry.Dispose();
        _key.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Measures runs and prints each phase: <c>scheduling-measure [stations] [satellites] [days] [runs]</c>.</summary>
    public static async Task<int> MeasureAsync(string[] args)
    {
        int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
        var (stations, satellites, days, runs) = (Arg(1, 200), Arg(2, 2000), Arg(3, 3), Arg(4, 1));
        var setup = Stopwatch.StartNew();
        using var workload = new NetworkSchedulingWorkload(stations, satellites, days);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"registry: {stations} stations, {satellites} satellites in {setup.Elapsed.TotalSeconds:0.0} s; {Environment.ProcessorCount} cores"));
        var totals = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            // CPU time next to wall time: on a shared machine the wall time says more about the neighbours than the code.
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var stats = await workload.RunAsync();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            totals.Add(stats.Elapsed.TotalSeconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {i + 1}: {stats.Elapsed.TotalSeconds:0.00} s wall, {cpu.TotalSeconds:0.0} s CPU (predict {stats.Predicting.TotalSeconds:0.00} s, resolve {stats.Resolving.TotalSeconds:0.00} s, store {stats.Storing.TotalSeconds:0.00} s); {stats.PredictedPairs} pairs, {stats.Candidates} candidates, {stats.Scheduled} scheduled, {stats.Rejected} rejected"));
        }

        totals.Sort();
        using var process = Process.GetCurrentProcess();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median {totals[totals.Count / 2]:0.00} s; peak resident memory {process.PeakWorkingSet64 / 1e9:0.00} GB; load average {LoadAverage()}"));
        return 0;
    }

    // The machine is shared: the load at the time says how far the wall time can be trusted.
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>A clock frozen at one instant whose timestamps still run, so the phases are timed.</summary>
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private sealed class CountingPublisher : IPlanPublisher
    {
        public int Count { get; private set; }

        public ValueTask PublishAsync(StationId station, SignedEnvelope plan, CancellationToken ct)
        {
            Count++;
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>The scheduling workload under BenchmarkDotNet: one cold run per iteration, a single iteration (it takes tens of seconds).</summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 1)]
public class NetworkSchedulingBenchmark
{
    private NetworkSchedulingWorkload? _workload;

    /// <summary>Builds the registry once.</summary>
    [GlobalSetup]
    public void Setup() => _workload = new NetworkSchedulingWorkload(200, 2000, 3);

    /// <summary>Removes the temporary databases.</summary>
    [GlobalCleanup]
    public void Cleanup() => _workload?.Dispose();

    /// <summary>200 stations x 2,000 satellites x 3 days: predict, resolve, store, sign and publish 200 plans.</summary>
    [Benchmark]
    public async Task<int> TwoHundredStationsTwoThousandSatellitesThreeDays() => (await _workload!.RunAsync()).Scheduled;
}
