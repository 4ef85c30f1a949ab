using System.Net;
using GroundStation.Core.Hosting;
using GroundStation.Edge;
using GroundStation.Edge.Configuration;
using GroundStation.Frames.Ax25;
using GroundStation.Hardware.Hamlib;
using GroundStation.Hardware.Rotators;
using GroundStation.Iam.Client;
using GroundStation.Iam.Service;
using GroundStation.Orbits.Geometry;
using GroundStation.Orbits.Passes;
using GroundStation.Orbits.Propagation;
using GroundStation.Registry;
using GroundStation.Scheduling;
using GroundStation.Simulators.Hamlib;
using GroundStation.Simulators.Radios;
using GroundStation.Simulators.Rotators;
using GroundStation.Simulators.Satellite;
using GroundStation.Simulators.Tnc;
using GroundStation.Time;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using GeoElevation = GroundStation.Orbits.Geometry.Elevation;
using RegistryRotatorLimits = GroundStation.Registry.RotatorLimits;
using RotatorLimits = GroundStation.Hardware.Rotators.RotatorLimits;

namespace GroundStation.Host.Demo;

/// <summary>What the demo network runs with.</summary>
internal sealed class DemoOptions
{
    public required string DataDirectory { get; init; }

    public double Speed { get; init; } = 60;

    public DateTimeOffset? Start { get; init; }

    public IPEndPoint HttpListen { get; init; } = new(IPAddress.Loopback, 8080);

    public IPEndPoint BrokerListen { get; init; } = new(IPAddress.Loopback, 1883);

    public int SatelliteCount { get; init; } = 6;

    public LogLevel CoreLogLevel { get; init; } = LogLevel.Warning;

    public ILoggerFactory? Loggers { get; init; }
}

/// <summary>The keys the demo hands out.</summary>
internal sealed record DemoKeys(string Admin, string OperatorA, string OperatorB, string Viewer);

/// <summary>
/// The whole demo topology in one process: the core (IAM, embedded broker, scheduling, contacts, commanding,
/// telemetry), a simulated space segment, and per station a simulated rotator (rotctld protocol), radio (rigctld
/// protocol) and KISS TNC, each driven by an in-process gs-edge agent; all on one anchored simulated clock.
/// </summary>
internal sealed class DemoNetwork : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly List<Task> _agents = [];
    private readonly CancellationTokenSource _stopAgents = new();
    private readonly CoreServerSettings _coreSettings;
    private CoreServer? _core;

    private DemoNetwork(CoreServer core, CoreServerSettings coreSettings, ScaledTimeProvider clock, DemoKeys keys, SimulatedSpaceSegment segment, IReadOnlyList<SimulatedKissTnc> tncs)
    {
        _core = core;
        _coreSettings = coreSettings;
        Clock = clock;
        Keys = keys;
        Segment = segment;
        Tncs = tncs;
    }

    /// <summary>The running core; throws between <see cref="StopCoreAsync"/> and <see cref="StartCoreAsync"/>.</summary>
    public CoreServer Core => _core ?? throw new InvalidOperationException("The demo's core is stopped; StartCoreAsync starts it again.");

    /// <summary>
    /// Stops the core (and with it the embedded broker) as a crash-free shutdown would, while the stations, their agents
    /// and the satellites go on: the agents lose the broker, keep tracking, and spool what they receive.
    /// </summary>
    public async Task StopCoreAsync()
    {
        var core = _core ?? throw new InvalidOperationException("The demo's core is already stopped.");
        _core = null;
        await core.DisposeAsync();
    }

    /// <summary>
    /// Starts the core again on the same data directory, HTTP port and broker port: it recovers its schedule, contacts
    /// and command queue from storage, and the agents reconnect and forward what they spooled meanwhile.
    /// </summary>
    public async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        if (_core is not null)
        {
            throw new InvalidOperationException("The demo's core is already running.");
        }

        _core = await CoreServer.StartAsync(_coreSettings, cancellationToken);
    }

    public ScaledTimeProvider Clock { get; }

    public DemoKeys Keys { get; }

    public SimulatedSpaceSegment Segment { get; }

    public IReadOnlyList<SimulatedKissTnc> Tncs { get; }

    /// <summary>
    /// Every frame the simulated satellites transmitted to each station (named by its station id), with the link's
    /// outcome: the ground truth the core's telemetry store is checked against. Bounded by <see cref="EmissionLogCapacity"/>.
    /// </summary>
    public EmissionLog Emissions => Segment.Emissions;

    /// <summary>Transmissions the demo keeps in <see cref="Emissions"/>: hours of a run at any speed, a few tens of MB at most.</summary>
    public const int EmissionLogCapacity = 200_000;

    /// <summary>Edge agents that stopped on their own (a failure), with the error.</summary>
    public IEnumerable<Exception> AgentFailures => _agents.Where(a => a.IsFaulted).Select(a => a.Exception!.GetBaseException());

    public static async Task<DemoNetwork> StartAsync(DemoOptions options, CancellationToken cancellationToken)
    {
        var data = Path.GetFullPath(options.DataDirectory);
        var wall = TimeProvider.System.GetUtcNow();
        var start = options.Start ?? wall;
        var clock = ScaledTimeProvider.Anchored(start, wall, options.Speed);
        var loggers = options.Loggers ?? LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole(c => c.SingleLine = true));

        var coreSettings = new CoreServerSettings
        {
            DataDirectory = Path.Combine(data, "core"),
            HttpListen = options.HttpListen,
            EmbeddedBroker = options.BrokerListen,
            Time = clock,
            LogLevel = options.CoreLogLevel,
            ConfigureScheduling = scheduling =>
            {
                // A short horizon keeps each re-plan quick; the demo runs hours of simulated time, not days.
                scheduling.Horizon = TimeSpan.FromHours(12);
                scheduling.ReplanInterval = TimeSpan.FromHours(2);
            },
        };
        var core = await CoreServer.StartAsync(coreSettings, cancellationToken);
        try
        {
            var keys = await CreateKeysAsync(core, data, cancellationToken);
            var elements = DemoCatalog.Satellites(start, options.SatelliteCount);
            Register(core, elements);

            var segment = new SimulatedSpaceSegment(
                [.. elements.Select(e => new SpacecraftDefinition(e, new Sgp4Ephemeris(Sgp4Propagator.Create(e))))],
                new SpaceSegmentOptions { BeaconPeriod = TimeSpan.FromSeconds(10), EmissionLogCapacity = EmissionLogCapacity }, clock, loggers);
            var tncs = new List<SimulatedKissTnc>();
            var network = new DemoNetwork(core, coreSettings, clock, keys, segment, tncs);
            network._owned.Add(segment);
            var corePublicKey = Path.Combine(data, "core-public.pem");
            await File.WriteAllTextAsync(corePublicKey, core.SigningKey.ExportPublicPem(), cancellationToken);
            var downlinks = elements.Select((e, i) => (Callsign: SimulatedSpaceSegment.DefaultCallsign(e.Id), Hertz: DemoCatalog.Downlink(i)))
                .ToDictionary(d => d.Callsign, d => d.Hertz);
            foreach (var station in DemoCatalog.Stations)
            {
                await network.StartStationAsync(station, data, corePublicKey, downlinks, options.Speed, loggers, cancellationToken);
            }

            segment.Start();
            await core.Services.GetRequiredService<SchedulerService>().ReplanAsync("demo network registered", cancellationToken);
            return network;
        }
        catch
        {
            await core.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopAgents.CancelAsync();
        try
        {
            await Task.WhenAll(_agents);
        }
        catch (Exception) when (_agents.All(a => a.IsCompleted))
        {
            // Reported by AgentFailures; stopping goes on.
        }

        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }

        if (_core is { } core)
        {
            await core.DisposeAsync();
        }

        _stopAgents.Dispose();
    }

    private async Task StartStationAsync(DemoStation station, string data, string corePublicKey, IReadOnlyDictionary<Ax25Address, long> downlinks, double speed, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var limits = RotatorLimits.FromDegrees(0, 450, 0, 90);
        var park = RotatorPosition.FromDegrees(0, 0);
        var rotator = new SimulatedRotator(new SimulatedRotatorOptions { Limits = limits, AzimuthRate = 6, ElevationRate = 3, Initial = park, Park = park }, Clock);
        var rotatorServer = new HamlibTcpServer(new IPEndPoint(IPAddress.Loopback, 0), RotctldCommands.CreateResponder(rotator), loggers.CreateLogger<HamlibTcpServer>());
        rotatorServer.Start();
        _owned.Add(rotatorServer);
        var radio = new SimulatedRadio();
        var radioServer = new HamlibTcpServer(new IPEndPoint(IPAddress.Loopback, 0), RigctldCommands.CreateResponder(radio, vfoMode: false),
            loggers.CreateLogger<HamlibTcpServer>());
        radioServer.Start();
        _owned.Add(radioServer);

        var site = new GroundStationSite(new GeodeticPosition(new Latitude(station.LatitudeDeg), new Longitude(station.LongitudeDeg), station.AltitudeM), new GeoElevation(5));
        var tnc = new SimulatedKissTnc(new IPEndPoint(IPAddress.Loopback, 0), new SimulatedKissTncOptions(), loggers.CreateLogger<SimulatedKissTnc>());
        // The station hears a satellite only while its radio is tuned to it, as the edge does for the pass it tracks.
        foreach (var link in Segment.AddStation(station.Id.Value, site, new TunedReceiver(radio, downlinks, tnc) { Station = station.Id.Value, Emissions = Segment.Emissions }))
        {
            tnc.Attach(link);
        }

        tnc.Start();
        _owned.Add(tnc);
        ((List<SimulatedKissTnc>)Tncs).Add(tnc);

        var directory = Path.Combine(data, "edge", station.Id.Value);
        Directory.CreateDirectory(directory);
        var keyFile = Path.Combine(directory, "edge.key");
        await File.WriteAllTextAsync(keyFile, await CreateKeyAsync(Core, Keys.Admin, station.Id.Value, "edge-agent", "edge-agent", station.Id.Value, cancellationToken), cancellationToken);
        var (brokerHost, brokerPort) = Core.BrokerAddress;
        // The agent's tracking loop runs on simulated time: keep it near 10 wall-clock updates a second at any speed.
        var period = TimeSpan.FromSeconds(Math.Max(1, speed / 10));
        var configuration = new EdgeConfiguration(
            new StationSettings(station.Id, station.Callsign, site),
            new RotatorSettings(new HamlibEndpoint("127.0.0.1", rotatorServer.Endpoint.Port), limits, 6, 3, park, 75),
            new RadioSettings(new HamlibEndpoint("127.0.0.1", radioServer.Endpoint.Port), null),
            null,
            new TncSettings("127.0.0.1", tnc.LocalEndpoint.Port, 0),
            new BrokerSettings(brokerHost, brokerPort, station.Id.Value, keyFile, false, null, null),
            corePublicKey,
            directory,
            new TrackingSettings(period, 1.0, period, TimeSpan.FromSeconds(60), null, null, TimeSpan.FromSeconds(5)),
            new HealthSettings(TimeSpan.FromSeconds(Math.Max(10, speed)), null, TimeSpan.FromSeconds(5)),
            new SpoolSettings(512L * 1024 * 1024, DemoCatalog.SpoolPolicy, 2_000));
        var agent = new EdgeAgent(configuration, Clock, TimeProvider.System, loggers);
        _agents.Add(Task.Run(() => agent.RunAsync(_stopAgents.Token), CancellationToken.None));
    }

    internal static void Register(CoreServer core, IReadOnlyList<Orbits.Elements.OrbitalElements> elements)
    {
        var registry = core.Services.GetRequiredService<IRegistry>();
        foreach (var station in DemoCatalog.Stations)
        {
            registry.UpsertStation(new StationRecord(station.Id, station.Name,
                new GeodeticPosition(new Latitude(station.LatitudeDeg), new Longitude(station.LongitudeDeg), station.AltitudeM), 5, null,
                [new FrequencyBand(430_000_000, 440_000_000), new FrequencyBand(144_000_000, 146_000_000)],
                new RegistryRotatorLimits(0, 450, 0, 90, 6), station.Callsign, "demo", true));
        }

        for (var i = 0; i < elements.Count; i++)
        {
            var satellite = elements[i];
            registry.UpsertSatellite(new SatelliteSpec(satellite.Id, satellite.Name!, DemoCatalog.Tenant, 100 + (10 * i), DemoCatalog.Downlink(i),
                DemoCatalog.UplinkHz, "FM", null, 60));
            var (line1, line2) = Orbits.Elements.TleWriter.Format(satellite);
            registry.IngestElements(satellite.Id, $"{satellite.Name}\n{line1}\n{line2}\n");
        }
    }

    private static async Task<DemoKeys> CreateKeysAsync(CoreServer core, string data, CancellationToken cancellationToken)
    {
        var adminFile = Path.Combine(data, "admin.key");
        // The admin key is shown once by IAM; the demo keeps it beside its data so a second run on the same data works.
        var admin = core.Keys.BootstrapAdminKey ?? (File.Exists(adminFile)
            ? (await File.ReadAllTextAsync(adminFile, cancellationToken)).Trim()
            : throw new InvalidOperationException($"{data} holds a core without the demo's {adminFile}; use an empty --data directory."));
        await File.WriteAllTextAsync(adminFile, admin, cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(adminFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return new DemoKeys(
            admin,
            await CreateKeyAsync(core, admin, "alice", "operator", "operator", null, cancellationToken),
            await CreateKeyAsync(core, admin, "bob", "operator", "operator", null, cancellationToken),
            await CreateKeyAsync(core, admin, "vera", "viewer", "operator", null, cancellationToken));
    }

    internal static async Task<string> CreateKeyAsync(CoreServer core, string admin, string principal, string role, string kind, string? station, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = core.HttpUri };
        var created = await new IamClient(http, admin).CreateKeyAsync(new CreateKeyRequest(principal, null, [role], kind, null, station, null), cancellationToken);
        return created.Key;
    }
}
