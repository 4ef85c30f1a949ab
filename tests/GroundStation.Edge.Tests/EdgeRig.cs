using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using GroundStation.Edge.Configuration;
using GroundStation.Edge.Passes;
using GroundStation.Hardware.Hamlib;
using GroundStation.Hardware.Rotators;
using GroundStation.Messaging.Client;
using GroundStation.Messaging.Contracts;
using GroundStation.Messaging.Protocol;
using GroundStation.Orbits.Elements;
using GroundStation.Orbits.Passes;
using GroundStation.Orbits.Propagation;
using GroundStation.Simulators.Hamlib;
using GroundStation.Simulators.Rotators;
using GroundStation.Simulators.Satellite;
using GroundStation.Simulators.Tnc;
using GroundStation.Testing;
using GroundStation.Time;
using Microsoft.Extensions.Logging.Abstractions;

namespace GroundStation.Edge.Tests;

/// <summary>
/// A whole station for acceptance tests: mosquitto, gs-sim's rotator (rotctld protocol) and KISS TNC with the simulated
/// ISS (both in this process, on the shared anchored clock), and gs-edge as a child process on the same anchor. A test
/// MQTT client plays the core: it publishes the signed plan and commands and records what the agent publishes.
/// </summary>
internal sealed class EdgeRig : IAsyncDisposable
{
    public const double DefaultSpeed = 20;
    private static readonly RotatorPosition Park = RotatorPosition.FromDegrees(0, 0);
    private readonly DateTimeOffset _anchorWall;
    private readonly DateTimeOffset _anchorSimulated;
    private readonly HamlibTcpServer _rotatorServer;
    private readonly SimulatedSpaceSegment _segment;
    private PeerProcess? _agent;

    private EdgeRig(double speed, MosquittoBroker broker, SatellitePass pass, DateTimeOffset anchorSimulated, DateTimeOffset anchorWall, ScaledTimeProvider clock,
        SimulatedRotator rotator, HamlibTcpServer rotatorServer, SimulatedKissTnc tnc, SimulatedSpaceSegment segment, ConfigDirectory directory,
        CoreSigningKey coreKey, MqttClient core)
    {
        Speed = speed;
        Broker = broker;
        Pass = pass;
        _anchorSimulated = anchorSimulated;
        _anchorWall = anchorWall;
        Clock = clock;
        Rotator = rotator;
        _rotatorServer = rotatorServer;
        Tnc = tnc;
        _segment = segment;
        Directory = directory;
        CoreKey = coreKey;
        Core = core;
    }

    /// <summary>Simulated seconds per real second.</summary>
    public double Speed { get; }

    public MosquittoBroker Broker { get; }

    public SatellitePass Pass { get; }

    public PlannedPass Planned => Iss.Planned(Pass);

    public PassId PassId => PassId.Parse(Planned.PassId);

    public ScaledTimeProvider Clock { get; }

    public SimulatedRotator Rotator { get; }

    public SimulatedKissTnc Tnc { get; }

    public ConfigDirectory Directory { get; }

    public CoreSigningKey CoreKey { get; }

    /// <summary>The test's "core" connection.</summary>
    public MqttClient Core { get; }

    public ConcurrentQueue<PassEvent> PassEvents { get; } = new();

    public ConcurrentQueue<TelemetryFrame> Frames { get; } = new();

    public ConcurrentQueue<CommandAck> Acks { get; } = new();

    public ConcurrentQueue<StationPresence> Presence { get; } = new();

    public string AgentOutput => _agent?.Output ?? string.Empty;

    public PeerProcess Agent => _agent ?? throw new InvalidOperationException("gs-edge is not running.");

    /// <summary>Builds the rig around the first ISS pass with a culmination in (25, 70) deg, starting <paramref name="leadBeforePrePass"/> before its pre-pass.</summary>
    public static async Task<EdgeRig> StartAsync(TimeSpan leadBeforePrePass, double speed = DefaultSpeed, TimeSpan? beaconPeriod = null,
        DateTimeOffset? anchorAt = null)
    {
        var pass = Iss.Passes().First(p => p.MaxElevation.Degrees is > 25 and < 70);
        var coreKey = CoreSigningKey.Generate();
        var directory = new ConfigDirectory(coreKey);
        var broker = await MosquittoBroker.StartAsync();
        var rotatorSettings = new RotatorSettings(new HamlibEndpoint("127.0.0.1", 1), RotatorLimits.FromDegrees(0, 450, 0, 180), 6, 3, Park, 75);
        var schedule = PassSchedule.Create(Iss.Planned(pass), new StationSettings(Iss.Station, "N0CALL", Iss.Site), rotatorSettings, TimeSpan.FromSeconds(30));
        var anchorSimulated = anchorAt ?? schedule.PrePassAt - leadBeforePrePass;
        var anchorWall = TimeProvider.System.GetUtcNow();
        var clock = ScaledTimeProvider.Anchored(anchorSimulated, anchorWall, speed);
        var rotator = new SimulatedRotator(new SimulatedRotatorOptions { Limits = rotatorSettings.Limits, AzimuthRate = 6, ElevationRate = 3, Initial = Park, Park = Park }, clock);
        var rotatorServer = new HamlibTcpServer(new IPEndPoint(IPAddress.Loopback, 0), RotctldCommands.CreateResponder(rotator), NullLogger.Instance);
        rotatorServer.Start();
        var tnc = new SimulatedKissTnc(new IPEndPoint(IPAddress.Loopback, 0), new SimulatedKissTncOptions(), NullLogger.Instance);
        var tle = TleParser.Parse(Iss.Line1, Iss.Line2);
        var segment = new SimulatedSpaceSegment([new SpacecraftDefinition(tle.Elements, new Sgp4Ephemeris(Sgp4Propagator.Create(tle.Elements)))],
            new SpaceSegmentOptions { BeaconPeriod = beaconPeriod ?? TimeSpan.FromSeconds(5) }, clock, NullLoggerFactory.Instance);
        foreach (var link in segment.AddStation(Iss.Site, tnc))
        {
            tnc.Attach(link);
        }

        tnc.Start();
        segment.Start();
        directory.WriteValid(brokerPort: broker.Port, rotatorPort: rotatorServer.Endpoint.Port, tncPort: tnc.LocalEndpoint.Port, prePassMarginSeconds: 30);
        var core = new MqttClient(new MqttClientOptions { Host = broker.Host, Port = broker.Port, ClientId = "test-core", ReconnectMaximumDelay = TimeSpan.FromMilliseconds(500) }, TimeProvider.System);
        var rig = new EdgeRig(speed, broker, pass, anchorSimulated, anchorWall, clock, rotator, rotatorServer, tnc, segment, directory, coreKey, core);
        await core.ConnectAsync();
        await core.SubscribeAsync([
            new MqttSubscription(TopicFilter.From(GroundStationTopics.PassEvents(Iss.Station)), MqttQualityOfService.AtLeastOnce),
            new MqttSubscription(TopicFilter.From(GroundStationTopics.Telemetry(Iss.Station)), MqttQualityOfService.AtLeastOnce),
            new MqttSubscription(TopicFilter.From(GroundStationTopics.CommandAcks(Iss.Station)), MqttQualityOfService.AtLeastOnce),
            new MqttSubscription(TopicFilter.From(GroundStationTopics.Presence(Iss.Station)), MqttQualityOfService.AtLeastOnce),
        ]);
        rig._reader = Task.Run(rig.ReadAsync);
        return rig;
    }

    private Task? _reader;

    /// <summary>Starts gs-edge on the rig's anchor.</summary>
    public PeerProcess StartAgent(string? binary = null)
    {
        _agent = PeerProcess.Start(binary ?? Path.Combine(AppContext.BaseDirectory, "gs-edge"), "(built with the tests)",
            ["--config", Directory.ConfigPath, "--speed", Speed.ToString(CultureInfo.InvariantCulture),
             "--start", _anchorSimulated.ToString("O", CultureInfo.InvariantCulture), "--start-wall", _anchorWall.ToString("O", CultureInfo.InvariantCulture)]);
        return _agent;
    }

    /// <summary>Publishes the signed plan, retained, as the core does.</summary>
    public Task PublishPlanAsync(long version, params PlannedPass[] passes) =>
        PublishPlanAsync(Iss.SignedPlan(CoreKey, version, passes));

    public Task PublishPlanAsync(byte[] message) =>
        Core.PublishAcknowledgedAsync(new MqttApplicationMessage(GroundStationTopics.Plan(Iss.Station), message, MqttQualityOfService.AtLeastOnce, Retain: true));

    public Task PublishCommandAsync(byte[] message) =>
        Core.PublishAcknowledgedAsync(new MqttApplicationMessage(GroundStationTopics.Commands(Iss.Station), message, MqttQualityOfService.AtLeastOnce));

    /// <summary>Waits until a pass event satisfies <paramref name="match"/>.</summary>
    public Task WaitForEventAsync(Func<PassEvent, bool> match, TimeSpan timeout, string what) =>
        Eventually.TrueAsync(() => PassEvents.Any(match), timeout,
            () => $"{what}; events: {string.Join(", ", PassEvents.Select(e => $"{e.PassId} {e.State} {e.Reason}"))}\ngs-edge said:\n{AgentOutput}");

    /// <summary>Real time for <paramref name="simulated"/> at the default speed.</summary>
    public static TimeSpan Real(TimeSpan simulated) => simulated / DefaultSpeed;

    public async ValueTask DisposeAsync()
    {
        if (_agent is not null)
        {
            await _agent.DisposeAsync();
        }

        await Core.DisposeAsync();
        if (_reader is not null)
        {
            await _reader;
        }

        await _segment.DisposeAsync();
        await Tnc.DisposeAsync();
        await _rotatorServer.DisposeAsync();
        await Broker.DisposeAsync();
        Directory.Dispose();
        CoreKey.Dispose();
    }

    private async Task ReadAsync()
    {
        try
        {
            await foreach (var message in Core.Messages.ReadAllAsync())
            {
                var leaf = message.Topic.Value[(message.Topic.Value.IndexOf(Iss.Station.Value, StringComparison.Ordinal) + Iss.Station.Value.Length + 1)..];
                switch (leaf)
                {
                    case "passes":
                        PassEvents.Enqueue(GroundStationMessages.Decode<PassEvent>(message.Payload.Span));
                        break;
                    case "telemetry":
                        Frames.Enqueue(GroundStationMessages.Decode<TelemetryFrame>(message.Payload.Span));
                        break;
                    case "commands/acks":
                        Acks.Enqueue(GroundStationMessages.Decode<CommandAck>(message.Payload.Span));
                        break;
                    case "presence":
                        Presence.Enqueue(GroundStationMessages.Decode<StationPresence>(message.Payload.Span));
                        break;
                }
            }
        }
        catch (ObjectDisposedException)
        {
            // The test ended.
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            // The test ended.
        }
    }
}
