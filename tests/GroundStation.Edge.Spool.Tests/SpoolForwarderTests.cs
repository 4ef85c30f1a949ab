using GroundStation.Messaging.Client;
using GroundStation.Messaging.Contracts;
using GroundStation.Testing;

namespace GroundStation.Edge.Spool.Tests;

public sealed class SpoolForwarderTests : IDisposable
{
    private static readonly StationId Station = StationId.Parse("gs-south");
    private static readonly PassId Pass = PassId.Parse("gs-south.25544.20261206T1000Z");
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    public static TheoryData<string> Brokers => ["mosquitto", "embedded"];

    [Theory]
    [MemberData(nameof(Brokers))]
    public async Task A_broker_outage_while_frames_arrive_loses_none_and_keeps_their_order(string brokerKind)
    {
        await using var broker = await StartBrokerAsync(brokerKind);
        await using var core = await TelemetryCollector.StartAsync(broker, Station);
        await using var spool = await OpenSpoolAsync();
        await using var client = EdgeClient.Create(broker, Station);
        await client.ConnectAsync();
        await using var forwarder = new SpoolForwarder(spool, new MqttFramePublisher(client),
            new SpoolForwarderOptions { MaxFramesPerSecond = 2000, MaxInFlight = 8 }, TimeProvider.System);
        forwarder.Start();
        var appended = new List<string>();

        await AppendAsync(spool, appended, 20);
        await Eventually.TrueAsync(() => core.DistinctIds.Count == 20, () => $"the core has the first 20 frames (has {core.DistinctIds.Count})");

        await broker.StopAsync();
        await AppendAsync(spool, appended, 30);
        Assert.Equal(30, spool.Statistics.Depth);
        await broker.RestartAsync();
        await AppendAsync(spool, appended, 10);

        await Eventually.TrueAsync(() => spool.Statistics.Depth == 0, () => $"the spool is drained (depth {spool.Statistics.Depth})");
        await Eventually.TrueAsync(() => core.DistinctIds.Count == appended.Count,
            () => $"the core has all {appended.Count} frames (has {core.DistinctIds.Count})");
        Assert.Equal(appended, core.DistinctIds);
        Assert.Equal(60, forwarder.ForwardedFrames);
        Assert.All(core.Frames, frame => Assert.Equal(Pass.Value, frame.PassId));
    }

    [Fact]
    public async Task A_network_cut_between_edge_and_broker_loses_no_frame_and_keeps_their_order()
    {
        await using var broker = await MosquittoBroker.StartAsync(new MosquittoSettings { MaximumInflightMessages = 0 });
        await using var core = await TelemetryCollector.StartAsync(broker, Station);
        await using var link = TcpProxy.Start(broker.Host, broker.Port);
        await using var spool = await OpenSpoolAsync();
        await using var client = EdgeClient.Create(broker.Host, link.Port, Station);
        await client.ConnectAsync();
        await using var forwarder = new SpoolForwarder(spool, new MqttFramePublisher(client),
            new SpoolForwarderOptions { MaxFramesPerSecond = 500, MaxInFlight = 16 }, TimeProvider.System);
        forwarder.Start();
        var appended = new List<string>();
        await AppendAsync(spool, appended, 10);

        // The link drops mid-stream and stays down (new connections refused) while the pass goes on.
        link.Refusing = true;
        link.SeverAll();
        await AppendAsync(spool, appended, 40);
        await Eventually.TrueAsync(() => !client.IsConnected, () => "the edge noticed the cut");
        Assert.True(spool.Statistics.Depth > 0);
        link.Refusing = false;

        await Eventually.TrueAsync(() => spool.Statistics.Depth == 0, () => $"the spool is drained (depth {spool.Statistics.Depth})");
        await Eventually.TrueAsync(() => core.DistinctIds.Count == 50, () => $"the core has all 50 frames (has {core.DistinctIds.Count})");
        Assert.Equal(appended, core.DistinctIds);
        Assert.True(link.AcceptedConnections >= 2);
    }

    [Fact]
    public async Task Frames_left_on_disk_by_a_stopped_agent_are_delivered_after_restart()
    {
        await using var broker = await MosquittoBroker.StartAsync(new MosquittoSettings { Persistence = true, MaximumInflightMessages = 0 });
        await using var core = await TelemetryCollector.StartAsync(broker, Station);
        var path = _directory.File("spool.db");
        var appended = new List<string>();

        // First run: the broker is down for its whole life, so everything stays spooled.
        await broker.StopAsync();
        await using (var spool = await OpenSpoolAsync(path))
        {
            await using var client = EdgeClient.Create(broker, Station);
            client.Start();
            await using var forwarder = new SpoolForwarder(spool, new MqttFramePublisher(client), new SpoolForwarderOptions(), TimeProvider.System);
            forwarder.Start();
            await AppendAsync(spool, appended, 25);
            await forwarder.StopAsync();
            Assert.Equal(0, forwarder.ForwardedFrames);
        }

        await broker.RestartAsync();
        await using (var spool = await OpenSpoolAsync(path))
        {
            Assert.Equal(25, spool.Statistics.Depth);
            await using var client = EdgeClient.Create(broker, Station);
            await client.ConnectAsync();
            await using var forwarder = new SpoolForwarder(spool, new MqttFramePublisher(client),
                new SpoolForwarderOptions { MaxFramesPerSecond = 1000 }, TimeProvider.System);
            forwarder.Start();
            await AppendAsync(spool, appended, 5);
            await Eventually.TrueAsync(() => spool.Statistics.Depth == 0, () => $"the spool is drained (depth {spool.Statistics.Depth})");
        }

        await Eventually.TrueAsync(() => core.DistinctIds.Count == 30, () => $"the core has all 30 frames (has {core.DistinctIds.Count})");
        Assert.Equal(appended, core.DistinctIds);
        Assert.Equal(Enumerable.Range(1, 30).Select(i => FrameIds.Format(Station, Pass, i)), appended);
    }

    [Fact]
    public async Task A_failing_publisher_is_retried_and_nothing_is_dropped()
    {
        await using var broker = await MosquittoBroker.StartAsync(new MosquittoSettings { Persistence = true });
        await using var core = await TelemetryCollector.StartAsync(broker, Station);
        await using var spool = await OpenSpoolAsync();
        var time = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var publisher = new SwitchablePublisher();
        var dead = EdgeClient.Create(broker, Station);
        await dead.DisposeAsync();
        publisher.Current = new MqttFramePublisher(dead);
        await using var forwarder = new SpoolForwarder(spool, publisher,
            new SpoolForwarderOptions { MaxFramesPerSecond = 1000, RetryDelay = TimeSpan.FromSeconds(5) }, time);
        forwarder.Start();
        var appended = new List<string>();
        await AppendAsync(spool, appended, 10);

        // A disposed client throws ObjectDisposedException: logged, counted, and retried after the delay, never escaping.
        await Eventually.TrueAsync(() => forwarder.Failures > 0, () => "the publish failure was noticed");
        Assert.Equal(10, spool.Statistics.Depth);

        await using var client = EdgeClient.Create(broker, Station);
        await client.ConnectAsync();
        publisher.Current = new MqttFramePublisher(client);

        // The retry waits on the manual clock: keep moving it until the retry has drained the spool.
        await Eventually.TrueAsync(() =>
        {
            time.Advance(TimeSpan.FromSeconds(5));
            return spool.Statistics.Depth == 0;
        }, () => $"the spool is drained (depth {spool.Statistics.Depth})");
        await Eventually.TrueAsync(() => core.DistinctIds.Count == 10, () => $"the core has all 10 frames (has {core.DistinctIds.Count})");
        Assert.Equal(appended, core.DistinctIds);
    }

    [Fact]
    public async Task The_drain_rate_is_bounded_on_the_injected_clock()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using var core = await TelemetryCollector.StartAsync(broker, Station);
        await using var spool = await OpenSpoolAsync();
        await using var client = EdgeClient.Create(broker, Station);
        await client.ConnectAsync();
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.Zero));
        var start = time.GetUtcNow();
        var publisher = new ClockStampingPublisher(new MqttFramePublisher(client), time);
        var appended = new List<string>();
        await AppendAsync(spool, appended, 30);

        // 10 frames/s: frame i may start no earlier than i x 100 ms after the first, however large the backlog.
        await using var forwarder = new SpoolForwarder(spool, publisher,
            new SpoolForwarderOptions { MaxFramesPerSecond = 10, MaxInFlight = 16 }, time);
        forwarder.Start();
        await Eventually.TrueAsync(() => forwarder.ForwardedFrames == 1, () => "the first frame went at once");
        for (var i = 1; i < 30; i++)
        {
            Assert.Equal(i, publisher.Starts.Count);
            time.Advance(TimeSpan.FromMilliseconds(50));
            Assert.Equal(i, publisher.Starts.Count);
            time.Advance(TimeSpan.FromMilliseconds(50));
            await Eventually.TrueAsync(() => forwarder.ForwardedFrames == i + 1, () => $"frame {i + 1} was forwarded (forwarded {forwarder.ForwardedFrames})");
        }

        Assert.Equal(Enumerable.Range(0, 30).Select(i => start + TimeSpan.FromMilliseconds(100 * i)), publisher.Starts);
        await Eventually.TrueAsync(() => core.DistinctIds.Count == 30, () => $"the core has all 30 frames (has {core.DistinctIds.Count})");
        Assert.Equal(appended, core.DistinctIds);
    }

    private static async Task AppendAsync(FrameSpool spool, List<string> appended, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var result = await spool.AppendAsync(Station, Pass, DateTimeOffset.UtcNow, new byte[] { 0x82, 0xA0, (byte)appended.Count });
            Assert.Equal(SpoolAppendOutcome.Stored, result.Outcome);
            appended.Add(result.Frame!.FrameId);
        }
    }

    private static async Task<IRestartableBroker> StartBrokerAsync(string kind) => kind switch
    {
        // Persistence and no queue limit: the core's session must keep what arrives while it reconnects after the restart.
        "mosquitto" => await MosquittoBroker.StartAsync(new MosquittoSettings { Persistence = true, MaximumInflightMessages = 0 }),
        "embedded" => await EmbeddedRestartableBroker.StartAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown broker kind."),
    };

    private Task<FrameSpool> OpenSpoolAsync(string? path = null) =>
        FrameSpool.OpenAsync(new SpoolOptions
        {
            DatabasePath = path ?? _directory.File("spool.db"),
            FullPolicy = SpoolFullPolicy.RejectNewest,
        }, TimeProvider.System);

    /// <summary>Records the (manual) time each publish started, then publishes for real.</summary>
    private sealed class ClockStampingPublisher(IFramePublisher inner, TimeProvider time) : IFramePublisher
    {
        private readonly List<DateTimeOffset> _starts = [];

        public IReadOnlyList<DateTimeOffset> Starts
        {
            get
            {
                lock (_starts)
                {
                    return [.. _starts];
                }
            }
        }

        public Task PublishAsync(TelemetryFrame frame, CancellationToken cancellationToken)
        {
            lock (_starts)
            {
                _starts.Add(time.GetUtcNow());
            }

            return inner.PublishAsync(frame, cancellationToken);
        }
    }

    /// <summary>The agent replacing a dead MQTT client with a new one.</summary>
    private sealed class SwitchablePublisher : IFramePublisher
    {
        public volatile IFramePublisher? Current;

        public Task PublishAsync(TelemetryFrame frame, CancellationToken cancellationToken) =>
            (Current ?? throw new InvalidOperationException("No publisher yet.")).PublishAsync(frame, cancellationToken);
    }
}
