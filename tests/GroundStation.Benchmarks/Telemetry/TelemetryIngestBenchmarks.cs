using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using GroundStation.Benchmarks.Messaging;
using GroundStation.Frames.Ax25;
using GroundStation.Frames.Framing;
using GroundStation.Messaging.Client;
using GroundStation.Messaging.Contracts;
using GroundStation.Messaging.Protocol;
using GroundStation.Orbits;
using GroundStation.Telemetry;
using GroundStation.Telemetry.Decoding;
using GroundStation.Telemetry.Live;
using GroundStation.Telemetry.Mqtt;
using GroundStation.Telemetry.Storage;

namespace GroundStation.Benchmarks.Telemetry;

/// <summary>
/// Issue 7, acceptance 6: telemetry ingest through the core from MQTT to SQLite. A station client publishes
/// TelemetryFrames (AX.25 housekeeping, QoS 1) through the embedded broker (its own process, loopback); the core's
/// <see cref="MqttTelemetrySubscriber"/> feeds <see cref="TelemetryIngest"/>, which de-duplicates, decodes, checks limits
/// and commits batches to SQLite. An invocation ends when every frame is committed. Frames/s = 1e9 / (ns per operation).
/// Target: at least 50 k frames/s.
/// </summary>
public class TelemetryIngestBenchmarks
{
    private const int FramesPerInvocation = 100_000;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    private readonly StationId _station = StationId.Parse("bench");
    private BenchmarkBroker? _broker;
    private MqttClient? _core;
    private MqttClient? _edge;
    private string? _directory;
    private TelemetryIngest? _ingest;
    private MqttTelemetrySubscriber? _subscriber;
    private MqttApplicationMessage[] _messages = [];
    private int _pass;

    /// <summary>The broker in the middle.</summary>
    [Params("embedded")]
    public string Broker { get; set; } = "embedded";

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    /// <summary>Fresh frame ids for every invocation, so each frame is new to the de-duplication.</summary>
    [IterationSetup]
    public void PrepareFrames()
    {
        _pass++;
        var passId = $"bench.25544.run{_pass}";
        var topic = GroundStationTopics.Telemetry(_station);
        var info = new byte[34];
        info[0] = 1;
        info[1] = 1;
        info[12] = 1;
        info[14] = 0x1C;
        info[15] = 0xE8;
        _messages = new MqttApplicationMessage[FramesPerInvocation];
        for (var i = 0; i < FramesPerInvocation; i++)
        {
            info[2] = (byte)(i >> 8);
            info[3] = (byte)i;
            BinaryPrimitives.WriteUInt32BigEndian(info.AsSpan(4), 1_796_000_000u + (uint)i);
            BinaryPrimitives.WriteUInt16BigEndian(info.AsSpan(32), Crc16.Ccitt(info.AsSpan(0, 32)));
            var data = Ax25Codec.Encode(new Ax25UiFrame(new Ax25Address("GSTLM"), new Ax25Address("S25544"), info.ToArray()), Ax25Fcs.Absent);
            var frame = new TelemetryFrame(1, _station, passId, $"bench/{passId}/{i + 1}", DateTimeOffset.UnixEpoch.AddSeconds(1_796_000_000 + i), data);
            _messages[i] = new MqttApplicationMessage(topic, GroundStationMessages.Encode(frame), MqttQualityOfService.AtLeastOnce);
        }
    }

    [Benchmark(OperationsPerInvoke = FramesPerInvocation)]
    public async Task IngestFromMqttToSqlite()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var target = _ingest!.StoredCount + FramesPerInvocation;
        foreach (var message in _messages)
        {
            await _edge!.PublishAsync(message, deadline.Token);
        }

        while (_ingest.StoredCount < target)
        {
            await Task.Delay(1, deadline.Token);
        }
    }

    private async Task SetupAsync()
    {
        _broker = await BenchmarkBrokers.StartAsync(Broker);
        _directory = Directory.CreateTempSubdirectory("gs-bench-telemetry-").FullName;
        var options = new TelemetryOptions { DatabasePath = Path.Combine(_directory, "telemetry.db") };
        _ingest = new TelemetryIngest(new TelemetryStore(options.DatabasePath), new TelemetryDecoderRegistry(), new OneSatellite(),
            new TelemetryLiveFeed(), [], options, TimeProvider.System);
        // The core acknowledges a frame only once it is committed to SQLite.
        _core = await _broker.ConnectAsync("core", manualAcknowledgement: true);
        _subscriber = new MqttTelemetrySubscriber(_core, _ingest);
        await _subscriber.StartAsync(CancellationToken.None);
        _edge = await _broker.ConnectAsync("edge");
    }

    private async Task CleanupAsync()
    {
        foreach (var disposable in new IAsyncDisposable?[] { _edge, _subscriber, _core, _ingest, _broker?.Lifetime })
        {
            if (disposable is not null)
            {
                await disposable.DisposeAsync();
            }
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }


    private sealed class OneSatellite : ITelemetryTargetDirectory
    {
        private readonly TelemetryTarget _target = new(new NoradId(25544), "bench", SimHousekeepingDecoder.DecoderName);

        public TelemetryTarget? Find(NoradId norad) => norad.Value == 25544 ? _target : null;
    }
}
