using GroundStation.Frames.Ax25;
using GroundStation.Messaging.Contracts;
using GroundStation.Orbits;
using GroundStation.Simulators.Satellite;
using GroundStation.Telemetry.Decoding;
using GroundStation.Telemetry.Live;
using GroundStation.Telemetry.Storage;
using GroundStation.Testing;

namespace GroundStation.Telemetry.Tests;

/// <summary>Satellites known to the tests, all of tenant t1 unless added otherwise.</summary>
public sealed class Targets : ITelemetryTargetDirectory
{
    private readonly Dictionary<int, TelemetryTarget> _targets = [];

    public Targets Add(int norad, string tenant = "t1", string decoder = SimHousekeepingDecoder.DecoderName)
    {
        _targets[norad] = new TelemetryTarget(new NoradId(norad), tenant, decoder) { Callsign = new Ax25Address("S" + norad) };
        return this;
    }

    public TelemetryTarget? Find(NoradId norad) => _targets.GetValueOrDefault(norad.Value);
}

/// <summary>Builds frames with the simulator's own encoder, so the core's decoder is checked against it.</summary>
public static class Frames
{
    public static readonly StationId Station = StationId.Parse("st1");

    public static Housekeeping Sample(ushort sequence = 1, double volts = 7.4, double batteryCelsius = 21.5, ushort lastId = 0,
        CommandResult result = CommandResult.None, DateTimeOffset? at = null) =>
        new(HousekeepingKind.Live, sequence, at ?? new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.Zero), 3600, SpacecraftMode.Nominal, 3,
            (ushort)Math.Round(volts * 1000), -250, (short)Math.Round(batteryCelsius * 10), -42, 600, 10, 2, lastId, (byte)(lastId == 0 ? 0 : 1), result);

    public static byte[] Ax25(byte[] info, string source = "S25544") =>
        Ax25Codec.Encode(new Ax25UiFrame(new Ax25Address("GSTLM"), new Ax25Address(source), info), Ax25Fcs.Absent);

    public static string Pass(int norad = 25544) => $"st1.{norad}.20261206T1000Z";

    public static TelemetryFrame Frame(long sequence, byte[] data, int norad = 25544) =>
        new(1, Station, Pass(norad), $"st1/{Pass(norad)}/{sequence}", new DateTimeOffset(2026, 12, 6, 10, 0, 1, TimeSpan.Zero), data);

    public static TelemetryFrame Housekeeping(long sequence, Housekeeping sample, int norad = 25544) =>
        Frame(sequence, Ax25(sample.Encode(), "S" + norad), norad);
}

/// <summary>An ingest over a temporary SQLite file; can be restarted on the same file.</summary>
public sealed class IngestHarness : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("gs-telemetry-").FullName;
    private readonly Action<TelemetryOptions>? _configure;

    public IngestHarness(ITelemetryTargetDirectory? targets = null, Action<TelemetryOptions>? configure = null, params IHousekeepingListener[] listeners)
    {
        Targets = targets ?? new Targets().Add(25544);
        _configure = configure;
        Listeners = listeners;
        Start();
    }

    public ITelemetryTargetDirectory Targets { get; }

    public IHousekeepingListener[] Listeners { get; }

    public ManualTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 6, 10, 0, 5, TimeSpan.Zero));

    public TelemetryOptions Options { get; private set; } = null!;

    public TelemetryStore Store { get; private set; } = null!;

    public TelemetryDecoderRegistry Decoders { get; } = new();

    public TelemetryLiveFeed Live { get; } = new();

    public TelemetryIngest Ingest { get; private set; } = null!;

    public TelemetryQueries Queries => new(Store, Decoders, Targets, Options);

    public async Task RestartAsync()
    {
        await Ingest.DisposeAsync();
        Start();
    }

    public async ValueTask DisposeAsync()
    {
        await Ingest.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private void Start()
    {
        Options = new TelemetryOptions { DatabasePath = Path.Combine(_directory, "telemetry.db") };
        _configure?.Invoke(Options);
        Store = new TelemetryStore(Options.DatabasePath);
        Ingest = new TelemetryIngest(Store, Decoders, Targets, Live, Listeners, Options, Time);
    }
}
