using GroundStation.Messaging.Contracts;
using GroundStation.Orbits;
using GroundStation.Orbits.Elements;
using GroundStation.Orbits.Frames;
using GroundStation.Orbits.Geometry;
using GroundStation.Orbits.Propagation;
using GroundStation.Registry;
using GroundStation.Scheduling;
using GroundStation.Testing;

namespace GroundStation.Scheduling.Tests;

/// <summary>Orbits, stations and satellites for the tests.</summary>
internal static class TestOrbits
{
    public static readonly DateTimeOffset Epoch = new(2024, 1, 2, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A circular sun-synchronous-like LEO at about 520 km.</summary>
    public static OrbitalElements Leo(int norad, double raanDeg, double meanAnomalyDeg, double inclinationDeg = 97.5, double meanMotion = 15.2, DateTimeOffset? epoch = null) =>
        new(new NoradId(norad), $"SAT-{norad}", 'U', "24001A", JulianDate.FromDateTime(epoch ?? Epoch), 0, 0, 0, 999, inclinationDeg, raanDeg, 0.0005, 0,
            meanAnomalyDeg, meanMotion, 1);

    public static string Tle(OrbitalElements elements)
    {
        var (line1, line2) = TleWriter.Format(elements);
        return line1 + "\n" + line2 + "\n";
    }

    /// <summary>Where the satellite is overhead at <paramref name="at"/>.</summary>
    public static GeodeticPosition SubPoint(OrbitalElements elements, DateTimeOffset at)
    {
        var utc = JulianDate.FromDateTime(at);
        var state = Sgp4Propagator.Create(elements).Propagate(utc).State;
        var pef = TemeFrames.TemeToPef(state.PositionKm, state.VelocityKmPerSecond, utc);
        var point = GeodeticPosition.FromEarthFixed(pef.PositionKm);
        return new GeodeticPosition(point.Latitude, point.Longitude, 0);
    }

    public static StationRecord Station(string id, GeodeticPosition where, double minimumElevation = 10, RotatorLimits? rotator = null,
        IReadOnlyList<FrequencyBand>? bands = null, string owner = "t1", bool shared = true) =>
        new(StationId.Parse(id), id.ToUpperInvariant(), where, minimumElevation, null, bands ?? [new FrequencyBand(430_000_000, 440_000_000)],
            rotator ?? RotatorLimits.Default, "N0CALL", owner, shared);

    public static StationRecord Station(string id, double latitude, double longitude, double minimumElevation = 10, RotatorLimits? rotator = null) =>
        Station(id, new GeodeticPosition(new Latitude(latitude), new Longitude(longitude), 0), minimumElevation, rotator);

    public static SatelliteSpec Satellite(int norad, int priority, string tenant = "t1", long downlinkHz = 437_500_000, int minimumContactSeconds = 0) =>
        new(new NoradId(norad), $"SAT-{norad}", tenant, priority, downlinkHz, 145_900_000, "FM", null, minimumContactSeconds);
}

/// <summary>Collects published plans and lets a test wait for them.</summary>
internal sealed class RecordingPlanPublisher : IPlanPublisher
{
    private readonly Lock _gate = new();
    private readonly List<(StationId Station, SignedEnvelope Plan)> _published = [];
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<(StationId Station, SignedEnvelope Plan)> Published
    {
        get
        {
            lock (_gate)
            {
                return [.. _published];
            }
        }
    }

    public ValueTask PublishAsync(StationId station, SignedEnvelope plan, CancellationToken ct)
    {
        lock (_gate)
        {
            _published.Add((station, plan));
            _signal.TrySetResult();
            _signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>A registry and a scheduler on a temporary directory with a manual clock.</summary>
internal sealed class TestWorld : IDisposable
{
    public TestWorld(DateTimeOffset? now = null, Action<SchedulingOptions>? configure = null, string? directory = null, IPlanPublisher? publisher = null)
    {
        Directory = directory ?? System.IO.Directory.CreateTempSubdirectory("gs-sched-").FullName;
        OwnsDirectory = directory is null;
        Time = new ManualTimeProvider(now ?? TestOrbits.Epoch);
        Registry = new SqliteRegistry(Path.Combine(Directory, "registry.db"), Time);
        Options = new SchedulingOptions
        {
            DatabasePath = Path.Combine(Directory, "schedule.db"),
            Horizon = TimeSpan.FromHours(12),
            MaxDegreeOfParallelism = 2,
        };
        configure?.Invoke(Options);
        SigningKey = CoreSigningKey.LoadOrCreate(Path.Combine(Directory, "core-signing.pem"));
        Scheduler = new SchedulerService(Registry, publisher ?? Publisher, SigningKey, Options, Time);
    }

    public string Directory { get; }

    public bool OwnsDirectory { get; set; }

    public ManualTimeProvider Time { get; }

    public SqliteRegistry Registry { get; }

    public SchedulingOptions Options { get; }

    public CoreSigningKey SigningKey { get; }

    public RecordingPlanPublisher Publisher { get; } = new();

    public SchedulerService Scheduler { get; }

    public void Dispose()
    {
        Scheduler.Dispose();
        Registry.Dispose();
        SigningKey.Dispose();
        if (OwnsDirectory)
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
