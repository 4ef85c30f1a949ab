using GroundStation.Messaging.Client;
using GroundStation.Messaging.Protocol;
using GroundStation.Testing;
using static GroundStation.Messaging.Tests.Conformance.MqttTestClients;

namespace GroundStation.Messaging.Tests.Client;

public sealed class MqttClientBehaviourTests
{
    private static readonly TopicName Topic = TopicName.Parse("t/x");

    private static MqttClientOptions ScriptedOptions(ScriptedBroker broker, string clientId = "c1") =>
        Options("127.0.0.1", broker.Port, clientId) with
        {
            ReconnectMinimumDelay = TimeSpan.FromMilliseconds(10),
            ReconnectMaximumDelay = TimeSpan.FromMilliseconds(50),
        };

    [Fact]
    public async Task A_refused_connect_is_reported_with_its_return_code()
    {
        await using var broker = new ScriptedBroker(MqttConnectReturnCode.NotAuthorized);
        await using var client = new MqttClient(ScriptedOptions(broker), TimeProvider.System);

        var error = await Assert.ThrowsAsync<MqttConnectionRefusedException>(() => client.ConnectAsync());

        Assert.Equal(MqttConnectReturnCode.NotAuthorized, error.ReturnCode);
    }

    [Fact]
    public async Task Connect_carries_credentials_will_and_keep_alive()
    {
        await using var broker = new ScriptedBroker();
        var will = new MqttWill(TopicName.Parse("gs/v1/stations/s/presence"), Bytes("offline"), MqttQualityOfService.AtLeastOnce, true);
        await using var client = new MqttClient(ScriptedOptions(broker, "edge-s") with
        {
            UserName = "s",
            Password = Bytes("gsk_key"),
            Will = will,
            CleanSession = false,
            KeepAlive = TimeSpan.FromSeconds(45),
        }, TimeProvider.System);

        await client.ConnectAsync();

        var (_, connect) = await broker.NextAsync<ConnectPacket>();
        Assert.Equal(new ConnectPacket("edge-s", false, 45, will, "s", Bytes("gsk_key")), connect);
    }

    [Fact]
    public async Task Unacknowledged_qos1_messages_are_resent_with_dup_after_a_reconnect()
    {
        await using var broker = new ScriptedBroker();
        await using var client = new MqttClient(ScriptedOptions(broker), TimeProvider.System);
        await client.ConnectAsync();
        var delivered = client.PublishAcknowledgedAsync(new MqttApplicationMessage(Topic, Bytes("keep me"), MqttQualityOfService.AtLeastOnce));
        var (first, original) = await broker.NextAsync<PublishPacket>();
        Assert.False(original.Duplicate);

        broker.Drop(first);
        var (second, resent) = await broker.NextAsync<PublishPacket>();

        Assert.NotEqual(first, second);
        Assert.True(resent.Duplicate);
        Assert.Equal(original with { Duplicate = true }, resent);
        Assert.False(delivered.IsCompleted);
        await broker.SendAsync(second, new PubAckPacket(resent.PacketId));
        await delivered.WaitAsync(Deadline);
        Assert.Equal(0, client.InFlightCount);
    }

    [Fact]
    public async Task Qos2_outbound_resends_pubrel_not_the_message_once_pubrec_came()
    {
        await using var broker = new ScriptedBroker();
        await using var client = new MqttClient(ScriptedOptions(broker), TimeProvider.System);
        await client.ConnectAsync();
        var delivered = client.PublishAcknowledgedAsync(new MqttApplicationMessage(Topic, Bytes("once"), MqttQualityOfService.ExactlyOnce));
        var (first, publish) = await broker.NextAsync<PublishPacket>();
        await broker.SendAsync(first, new PubRecPacket(publish.PacketId));
        Assert.Equal(publish.PacketId, (await broker.NextAsync<PubRelPacket>()).Packet.PacketId);

        broker.Drop(first);
        var (second, packet) = await broker.NextAsync(Deadline);
        while (packet is ConnectPacket or PingReqPacket)
        {
            (second, packet) = await broker.NextAsync(Deadline);
        }

        Assert.Equal(new PubRelPacket(publish.PacketId), packet);
        await broker.SendAsync(second, new PubCompPacket(publish.PacketId));
        await delivered.WaitAsync(Deadline);
    }

    [Fact]
    public async Task An_incoming_qos2_message_resent_before_pubrel_is_delivered_once()
    {
        await using var broker = new ScriptedBroker();
        await using var client = new MqttClient(ScriptedOptions(broker), TimeProvider.System);
        await client.ConnectAsync();
        var publish = new PublishPacket(Topic, Bytes("exactly"), MqttQualityOfService.ExactlyOnce, PacketId: 5);

        await broker.SendAsync(1, publish);
        await broker.SendAsync(1, publish with { Duplicate = true });
        Assert.Equal(5, (await broker.NextAsync<PubRecPacket>()).Packet.PacketId);
        Assert.Equal(5, (await broker.NextAsync<PubRecPacket>()).Packet.PacketId);
        await broker.SendAsync(1, new PubRelPacket(5));
        Assert.Equal(5, (await broker.NextAsync<PubCompPacket>()).Packet.PacketId);
        await broker.SendAsync(1, publish with { Payload = Bytes("next"), PacketId = 6 });

        Assert.Equal("exactly", Text(await client.NextAsync("the QoS 2 message")));
        Assert.Equal("next", Text(await client.NextAsync("the message after it (not the duplicate)")));
    }

    [Fact]
    public async Task Subscriptions_are_restored_when_the_broker_lost_the_session()
    {
        await using var broker = new ScriptedBroker();
        await using var client = new MqttClient(ScriptedOptions(broker), TimeProvider.System);
        await client.ConnectAsync();
        var subscribing = client.SubscribeAsync(TopicFilter.Parse("a/+"), MqttQualityOfService.AtLeastOnce);
        var (first, subscribe) = await broker.NextAsync<SubscribePacket>();
        await broker.SendAsync(first, new SubAckPacket(subscribe.PacketId, [MqttSubscribeReturnCode.GrantedQos1]));
        Assert.Equal(MqttSubscribeReturnCode.GrantedQos1, await subscribing);

        broker.Drop(first);
        var (_, restored) = await broker.NextAsync<SubscribePacket>();

        Assert.Equal([new MqttSubscription(TopicFilter.Parse("a/+"), MqttQualityOfService.AtLeastOnce)], restored.Subscriptions);
    }

    [Fact]
    public async Task A_missing_pingresp_drops_the_connection_and_the_client_reconnects()
    {
        var time = new ManualTimeProvider();
        await using var broker = new ScriptedBroker();
        await using var client = new MqttClient(ScriptedOptions(broker) with
        {
            KeepAlive = TimeSpan.FromSeconds(10),
            PingTimeout = TimeSpan.FromSeconds(5),
        }, time);
        await client.ConnectAsync();

        var ping = broker.NextAsync<PingReqPacket>(Deadline);
        await AdvanceUntilAsync(time, ping);
        var closed = broker.WaitClosedAsync(1, Deadline);
        await AdvanceUntilAsync(time, closed);
        var reconnect = broker.NextAsync<ConnectPacket>(Deadline);
        await AdvanceUntilAsync(time, reconnect);

        Assert.Equal(2, (await reconnect).Connection);
    }

    [Fact]
    public async Task A_full_outbound_queue_makes_publishers_wait()
    {
        // Nothing listens on this port: the client keeps retrying and nothing drains the queue.
        await using var client = new MqttClient(Options("127.0.0.1", FreePort.Next(), "offline") with { OutboundQueueCapacity = 4 },
            TimeProvider.System);
        client.Start();
        var message = new MqttApplicationMessage(Topic, Bytes("x"), MqttQualityOfService.AtLeastOnce);
        for (var i = 0; i < 4; i++)
        {
            await client.PublishAsync(message).AsTask().WaitAsync(Deadline);
        }

        using var cancel = new CancellationTokenSource();
        var fifth = client.PublishAsync(message, cancel.Token).AsTask();
        Assert.False(fifth.IsCompleted);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fifth);
    }

    [Fact]
    public async Task Disposing_fails_waiting_deliveries_instead_of_leaving_them_hanging()
    {
        var client = new MqttClient(Options("127.0.0.1", FreePort.Next(), "offline"), TimeProvider.System);
        client.Start();
        var delivery = client.PublishAcknowledgedAsync(new MqttApplicationMessage(Topic, Bytes("x"), MqttQualityOfService.AtLeastOnce));

        await client.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => delivery.WaitAsync(Deadline));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.PublishAsync(new MqttApplicationMessage(Topic, Bytes("y"))).AsTask());
    }

    [Fact]
    public void Invalid_options_are_refused_with_every_problem_named()
    {
        var error = Assert.Throws<ArgumentException>(() => new MqttClient(new MqttClientOptions
        {
            Host = "",
            Port = 0,
            ClientId = "",
            CleanSession = false,
            Password = Bytes("p"),
            MaximumInFlight = 0,
        }, TimeProvider.System));

        foreach (var name in new[] { "Host", "Port", "ClientId", "Password", "MaximumInFlight" })
        {
            Assert.Contains(name, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Reconnect_delays_grow_exponentially_with_jitter_up_to_the_cap()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));
        for (var attempt = 0; attempt < 12; attempt++)
        {
            var ceiling = Math.Min(100 * Math.Pow(2, attempt), 5000);
            var delay = backoff.NextDelay().TotalMilliseconds;
            Assert.InRange(delay, ceiling / 2, ceiling);
        }

        backoff.Reset();
        Assert.InRange(backoff.NextDelay().TotalMilliseconds, 50, 100);
    }

    // The client's timers are created asynchronously after each step, so the clock moves a second at a time until
    // the awaited event happens; the overall deadline bounds the test.
    private static async Task AdvanceUntilAsync(ManualTimeProvider time, Task condition)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (!condition.IsCompleted)
        {
            deadline.Token.ThrowIfCancellationRequested();
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(condition, Task.Delay(TimeSpan.FromMilliseconds(5), deadline.Token));
        }

        await condition;
    }
}
