using BenchmarkDotNet.Attributes;
using GroundStation.Edge.Spool;
using GroundStation.Messaging.Client;
using GroundStation.Messaging.Contracts;
using GroundStation.Testing;

namespace GroundStation.Benchmarks.Edge;

/// <summary>
/// The edge spool's costs (docs/EDGE-SPOOL.md): a durable append (synchronous=FULL: one fsync per frame), an append
/// plus its acknowledgement (the steady state while connected), and draining a 1,000-frame backlog through mosquitto
/// with the forwarder (rate limit out of the way, 32 in flight). An operation is one 256-byte frame.
/// </summary>
public class SpoolBenchmarks
{
    private const int FramesPerInvocation = 200;
    private const int BacklogFrames = 1_000;
    private static readonly StationId Station = StationId.Parse("bench-edge");
    private static readonly PassId Pass = PassId.Parse("bench-edge.25544.20261206T1000Z");
    private readonly byte[] _frame = new byte[256];
    private string? _directory;
    private FrameSpool? _spool;
    private MosquittoBroker? _broker;
    private MqttClient? _client;

    // Synchronous entry points: BenchmarkDotNet's in-process toolchain does not await asynchronous setup methods.
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    [IterationSetup(Target = nameof(DrainBacklogThroughMosquitto))]
    public void FillBacklog() => FillAsync().GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = FramesPerInvocation)]
    public async Task Append()
    {
        for (var i = 0; i < FramesPerInvocation; i++)
        {
            await _spool!.AppendAsync(Station, Pass, DateTimeOffset.UnixEpoch, _frame);
        }
    }

    [Benchmark(OperationsPerInvoke = FramesPerInvocation)]
    public async Task AppendAndAcknowledge()
    {
        for (var i = 0; i < FramesPerInvocation; i++)
        {
            var stored = await _spool!.AppendAsync(Station, Pass, DateTimeOffset.UnixEpoch, _frame);
            await _spool.AcknowledgeAsync(stored.Frame!.FrameId);
        }
    }

    [Benchmark(OperationsPerInvoke = BacklogFrames)]
    public async Task DrainBacklogThroughMosquitto()
    {
        await using var forwarder = new SpoolForwarder(_spool!, new MqttFramePublisher(_client!),
            new SpoolForwarderOptions { MaxFramesPerSecond = 1_000_000, MaxInFlight = 32 }, TimeProvider.System);
        forwarder.Start();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        // Polled, not slept on: the invocation ends as soon as the spool is empty (1 ms granularity over ~1,000 frames).
        while (_spool!.Statistics.Depth > 0)
        {
            await Task.Delay(1, deadline.Token);
        }
    }

    private async Task SetupAsync()
    {
        _directory = Directory.CreateTempSubdirectory("gs-spool-bench-").FullName;
        _spool = await FrameSpool.OpenAsync(new SpoolOptions
        {
            DatabasePath = Path.Combine(_directory, "spool.db"),
            FullPolicy = SpoolFullPolicy.RejectNewest,
            MaxBytes = 1L << 34,
        }, TimeProvider.System);
        _broker = await MosquittoBroker.StartAsync(new MosquittoSettings { MaximumInflightMessages = 0 });
        _client = new MqttClient(new MqttClientOptions { Host = _broker.Host, Port = _broker.Port, ClientId = "bench-edge" }, TimeProvider.System);
        await _client.ConnectAsync();
    }

    private async Task FillAsync()
    {
        for (var i = 0; i < BacklogFrames; i++)
        {
            await _spool!.AppendAsync(Station, Pass, DateTimeOffset.UnixEpoch, _frame);
        }
    }

    private async Task CleanupAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }

        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }

        if (_spool is not null)
        {
            await _spool.DisposeAsync();
        }

        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
