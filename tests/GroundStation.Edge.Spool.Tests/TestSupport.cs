// The shared test fixtures (Eventually, TempDirectory, FreePort, ...) for every file of this project.
global using GroundStation.Testing;
using System.Net;
using GroundStation.Messaging.Broker;
using GroundStation.Messaging.Client;
using GroundStation.Messaging.Contracts;
using GroundStation.Messaging.Protocol;

namespace GroundStation.Edge.Spool.Tests;

/// <summary>
/// GroundStation's embedded broker in process, persistent (SQLite data directory), restartable on the same port:
/// stopping disposes it (connections drop as in a crash of the broker host), restarting binds a new one.
/// </summary>
internal sealed class EmbeddedRestartableBroker : IRestartableBroker
{
    private readonly string _data = Directory.CreateTempSubdirectory("gs-embedded-broker-").FullName;
    private MqttBroker? _broker;

    public string Host => "127.0.0.1";

    public int Port { get; private set; }

    public static async Task<EmbeddedRestartableBroker> StartAsync()
    {
        var broker = new EmbeddedRestartableBroker();
        await broker.RestartAsync();
        return broker;
    }

    public async Task RestartAsync()
    {
        if (_broker is not null)
        {
            throw new InvalidOperationException("The embedded broker is still running; stop it first.");
        }

        var broker = new MqttBroker(new BrokerOptions
        {
            TcpEndPoint = new IPEndPoint(IPAddress.Loopback, Port),
            DataDirectory = _data,
        });
        await broker.StartAsync();
        Port = broker.TcpEndPoint!.Port;
        _broker = broker;
    }

    public Task KillAsync() => StopAsync();

    public async Task StopAsync()
    {
        if (_broker is not null)
        {
            Assert.Equal(0, _broker.Metrics.InternalErrors);
            await _broker.DisposeAsync();
            _broker = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(_data, recursive: true);
    }
}

/// <summary>What the core would see: a persistent-session subscriber collecting every telemetry frame of a station.</summary>
internal sealed class TelemetryCollector : IAsyncDisposable
{
    private readonly MqttClient _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TelemetryFrame> _frames = [];
    private readonly Lock _gate = new();
    private readonly Task _reader;

    private TelemetryCollector(MqttClient client)
    {
        _client = client;
        _reader = Task.Run(ReadAsync);
    }

    public IReadOnlyList<TelemetryFrame> Frames
    {
        get
        {
            lock (_gate)
            {
                return [.. _frames];
            }
        }
    }

    /// <summary>Distinct frame ids in order of first arrival.</summary>
    public IReadOnlyList<string> DistinctIds => [.. Frames.Select(f => f.FrameId).Distinct()];

    public static async Task<TelemetryCollector> StartAsync(IRestartableBroker broker, StationId station)
    {
        var client = new MqttClient(new MqttClientOptions
        {
            Host = broker.Host,
            Port = broker.Port,
            ClientId = "core-" + Guid.NewGuid().ToString("N")[..8],
            CleanSession = false,
            ReconnectMinimumDelay = TimeSpan.FromMilliseconds(20),
            ReconnectMaximumDelay = TimeSpan.FromMilliseconds(200),
            KeepAlive = TimeSpan.FromSeconds(5),
        }, TimeProvider.System);
        await client.ConnectAsync();
        var granted = await client.SubscribeAsync(TopicFilter.Parse(GroundStationTopics.Telemetry(station).Value), MqttQualityOfService.AtLeastOnce);
        Assert.Equal(MqttSubscribeReturnCode.GrantedQos1, granted);
        return new TelemetryCollector(client);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _client.DisposeAsync();
        try
        {
            await _reader;
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // The reader was stopped on purpose.
        }

        _stop.Dispose();
    }

    private async Task ReadAsync()
    {
        await foreach (var message in _client.Messages.ReadAllAsync(_stop.Token))
        {
            var frame = GroundStationMessages.Decode<TelemetryFrame>(message.Payload.Span);
            lock (_gate)
            {
                _frames.Add(frame);
            }
        }
    }
}

/// <summary>The edge's MQTT connection as gs-edge opens it: persistent session, fast reconnects for tests.</summary>
internal static class EdgeClient
{
    public static MqttClient Create(IRestartableBroker broker, StationId station) => Create(broker.Host, broker.Port, station);

    public static MqttClient Create(string host, int port, StationId station) =>
        new(new MqttClientOptions
        {
            Host = host,
            Port = port,
            ClientId = station.Value,
            CleanSession = false,
            ReconnectMinimumDelay = TimeSpan.FromMilliseconds(20),
            ReconnectMaximumDelay = TimeSpan.FromMilliseconds(200),
            KeepAlive = TimeSpan.FromSeconds(5),
        }, TimeProvider.System);
}
