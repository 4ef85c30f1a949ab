using System.Net;
using GroundStation.Messaging.Broker;
using GroundStation.Messaging.Client;
using GroundStation.Messaging.Contracts;
using GroundStation.Messaging.Protocol;
using GroundStation.Telemetry.Mqtt;
using GroundStation.Testing;

namespace GroundStation.Telemetry.Tests;

public sealed class MqttIngestTests
{
    public static TheoryData<string> Brokers => new() { "embedded", "mosquitto" };

    [Theory]
    [MemberData(nameof(Brokers))]
    public async Task Frames_published_by_a_station_are_stored_exactly_once_and_bad_messages_are_refused(string broker)
    {
        await using var host = await BrokerUnderTest.StartAsync(broker);
        await using var harness = new IngestHarness();
        await using var core = new MqttClient(new MqttClientOptions { Host = "127.0.0.1", Port = host.Port, ClientId = "core-1", ManualAcknowledgement = true }, TimeProvider.System);
        await core.ConnectAsync();
        await using var subscriber = new MqttTelemetrySubscriber(core, harness.Ingest);
        await subscriber.StartAsync(CancellationToken.None);

        await using var edge = new MqttClient(new MqttClientOptions { Host = "127.0.0.1", Port = host.Port, ClientId = "st1" }, TimeProvider.System);
        await edge.ConnectAsync();
        var topic = GroundStationTopics.Telemetry(Frames.Station);
        const int count = 300;
        for (var i = 1; i <= count; i++)
        {
            var frame = Frames.Housekeeping(i, Frames.Sample((ushort)i));
            await edge.PublishAsync(new MqttApplicationMessage(topic, GroundStationMessages.Encode(frame), MqttQualityOfService.AtLeastOnce));
            if (i % 10 == 0)
            {
                // A resend after a lost PUBACK: the same frame id again.
                await edge.PublishAsync(new MqttApplicationMessage(topic, GroundStationMessages.Encode(frame), MqttQualityOfService.AtLeastOnce));
            }
        }

        await edge.PublishAsync(new MqttApplicationMessage(topic, "{\"v\":1}"u8.ToArray(), MqttQualityOfService.AtLeastOnce));
        var spoofed = Frames.Housekeeping(9999, Frames.Sample()) with { Station = StationId.Parse("st2") };
        await edge.PublishAcknowledgedAsync(new MqttApplicationMessage(topic, GroundStationMessages.Encode(spoofed), MqttQualityOfService.AtLeastOnce));

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (subscriber.Received < count + count / 10 + 2 || harness.Ingest.StoredCount + harness.Ingest.DuplicateCount < count + count / 10)
        {
            Assert.True(DateTime.UtcNow < deadline, $"received {subscriber.Received}, stored {harness.Ingest.StoredCount}");
            await Task.Delay(20);
        }

        Assert.Equal(count, harness.Store.CountFrames());
        Assert.Equal(count / 10, harness.Ingest.DuplicateCount);
        Assert.Equal(2, subscriber.Rejected);
        Assert.False(harness.Store.Contains(spoofed.FrameId));
    }
}

/// <summary>The embedded broker or mosquitto on a free loopback port.</summary>
public sealed class BrokerUnderTest : IAsyncDisposable
{
    private MqttBroker? _embedded;
    private MosquittoBroker? _mosquitto;

    public int Port { get; private set; }

    public static async Task<BrokerUnderTest> StartAsync(string kind, int maxInFlight = 1000)
    {
        var host = new BrokerUnderTest();
        if (kind == "embedded")
        {
            host._embedded = new MqttBroker(new BrokerOptions
            {
                TcpEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
                MaxInFlightPerSession = maxInFlight,
                MaxQueuedPerSession = 1_000_000,
            });
            await host._embedded.StartAsync();
            host.Port = host._embedded.TcpEndPoint!.Port;
        }
        else
        {
            host._mosquitto = await MosquittoBroker.StartAsync(new MosquittoSettings { MaximumInflightMessages = maxInFlight });
            host.Port = host._mosquitto.Port;
        }

        return host;
    }

    public async ValueTask DisposeAsync()
    {
        if (_embedded is not null)
        {
            await _embedded.DisposeAsync();
        }

        if (_mosquitto is not null)
        {
            await _mosquitto.DisposeAsync();
        }
    }
}

public sealed class MqttAcknowledgementTests
{
    [Fact]
    public async Task A_frame_is_acknowledged_only_once_stored_so_a_core_that_dies_before_the_commit_gets_it_again()
    {
        await using var host = await BrokerUnderTest.StartAsync("embedded");
        var blocked = new BlockingTargets();
        await using var dying = new IngestHarness(blocked);
        MqttClientOptions CoreOptions() => new()
        {
            Host = "127.0.0.1",
            Port = host.Port,
            ClientId = "core-persistent",
            CleanSession = false,
            ManualAcknowledgement = true,
        };

        var core = new MqttClient(CoreOptions(), TimeProvider.System);
        await core.ConnectAsync();
        var subscriber = new MqttTelemetrySubscriber(core, dying.Ingest);
        await subscriber.StartAsync(CancellationToken.None);

        await using var edge = new MqttClient(new MqttClientOptions { Host = "127.0.0.1", Port = host.Port, ClientId = "st1" }, TimeProvider.System);
        await edge.ConnectAsync();
        var topic = GroundStationTopics.Telemetry(Frames.Station);
        for (var i = 1; i <= 3; i++)
        {
            await edge.PublishAcknowledgedAsync(new MqttApplicationMessage(topic,
                GroundStationMessages.Encode(Frames.Housekeeping(i, Frames.Sample((ushort)i))), MqttQualityOfService.AtLeastOnce));
        }

        // The writer is stuck before its commit: nothing may have been acknowledged. The core "dies" (no DISCONNECT).
        Assert.True(blocked.Entered.Wait(TimeSpan.FromSeconds(10)), "the ingest never reached the frames");
        await core.DisposeAsync();

        await using var restarted = new IngestHarness();
        await using var again = new MqttClient(CoreOptions(), TimeProvider.System);
        await again.ConnectAsync();
        await using var resubscriber = new MqttTelemetrySubscriber(again, restarted.Ingest);
        await resubscriber.StartAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (restarted.Ingest.StoredCount < 3)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the broker redelivered {restarted.Ingest.StoredCount} of 3 unacknowledged frames");
            await Task.Delay(20);
        }

        Assert.Equal(3, restarted.Store.CountFrames());
        blocked.Release();
        await subscriber.DisposeAsync();
    }

    private sealed class BlockingTargets : ITelemetryTargetDirectory
    {
        private readonly ManualResetEventSlim _release = new();

        public ManualResetEventSlim Entered { get; } = new();

        public void Release() => _release.Set();

        public TelemetryTarget? Find(Orbits.NoradId norad)
        {
            Entered.Set();
            Assert.True(_release.Wait(TimeSpan.FromSeconds(60)));
            return new TelemetryTarget(norad, "t1", Decoding.SimHousekeepingDecoder.DecoderName);
        }
    }
}
