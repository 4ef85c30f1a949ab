using System.Text;
using GroundStation.Messaging.Broker;
using GroundStation.Messaging.Protocol;
using GroundStation.Testing;

namespace GroundStation.Messaging.Tests.Broker;

public sealed class BrokerBehaviourTests
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    [Theory]
    [InlineData(MqttQualityOfService.AtMostOnce)]
    [InlineData(MqttQualityOfService.AtLeastOnce)]
    [InlineData(MqttQualityOfService.ExactlyOnce)]
    public async Task Publish_reaches_a_subscriber_at_the_lower_of_both_qos(MqttQualityOfService qos)
    {
        await using var host = await BrokerHost.StartAsync();
        var (subscriber, _) = await RawMqttClient.ConnectAsync(host.EndPoint, "sub");
        await using var _s = subscriber;
        await subscriber.SubscribeAsync("station/+/telemetry", qos);
        var (publisher, _) = await RawMqttClient.ConnectAsync(host.EndPoint, "pub");
        await using var _p = publisher;

        await publisher.PublishAsync("station/7/telemetry", "frame", MqttQualityOfService.ExactlyOnce, packetId: 5);

        var received = await subscriber.ReceivePublishAsync();
        Assert.Equal("station/7/telemetry", received.Topic.Value);
        Assert.Equal("frame", Encoding.UTF8.GetString(received.Payload.Span));
        Assert.Equal(qos, received.Qos);
        Assert.False(received.Retain);
        host.AssertNoInternalErrors();
    }

    [Fact]
    public async Task Packets_pipelined_behind_connect_in_one_write_are_handled()
    {
        await using var host = await BrokerHost.StartAsync();
        await using var client = await RawMqttClient.ConnectTcpAsync(host.EndPoint);
        var writer = new System.Buffers.ArrayBufferWriter<byte>();
        MqttEncoder.Write(writer, new ConnectPacket("eager", true, 60));
        MqttEncoder.Write(writer, new SubscribePacket(3, [new MqttSubscription(TopicFilter.Parse("e/#"), MqttQualityOfService.AtLeastOnce)]));
        await client.SendRawAsync(writer.WrittenMemory);

        Assert.Equal(MqttConnectReturnCode.Accepted, (await client.ReceiveAsync<ConnAckPacket>()).ReturnCode);
        Assert.Equal(3, (await client.ReceiveAsync<SubAckPacket>()).PacketId);
    }

    [Fact]
    public async Task Retained_messages_are_set_replaced_and_cleared()
    {
        await using var host = await BrokerHost.StartAsync();
        var (publisher, _) = await RawMqttClient.ConnectAsync(host.EndPoint, "pub");
        await using var _p = publisher;
        await publisher.PublishAsync("status/a", "one", MqttQualityOfService.AtLeastOnce, retain: true);
        await publisher.PublishAsync("status/a", "two", MqttQualityOfService.AtLeastOnce, retain: true);
        await publisher.PublishAsync("status/b", "kept", MqttQualityOfService.AtLeastOnce, retain: true);

        var (first, _) = await RawMqttClient.ConnectAsync(host.EndPoint, "first");
        await using (first)
        {
            await first.SubscribeAsync("status/#", MqttQualityOfService.AtLeastOnce);
            var got = new[] { await first.ReceivePublishAsync(), await first.ReceivePublishAsync() }
                .ToDictionary(p => p.Topic.Value, p => Encoding.UTF8.GetString(p.Payload.Span));
            Assert.Equal(new Dictionary<string, string> { ["status/a"] = "two", ["status/b"] = "kept" }, got);
        }

        await publisher.PublishAsync("status/a", "", MqttQualityOfService.AtLeastOnce, retain: true);
        var (second, _) = await RawMqttClient.ConnectAsync(host.EndPoint, "second");
        await using var _2 = second;
        await second.SubscribeAsync("status/#", MqttQualityOfService.AtLeastOnce);
        var only = await second.ReceivePublishAsync();
        Assert.Equal("status/b", only.Topic.Value);
        Assert.True(only.Retain);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second.ReceiveAsync(Quiet));
        Assert.Equal(1, host.Broker.RetainedCount);
    }

    [Fact]
    public async Task A_leading_wildcard_does_not_match_dollar_topics()
    {
        await using var host = await BrokerHost.StartAsync();
        var (subscriber, _) = await RawMqttClient.ConnectAsync(host.EndPoint, "sub");
        await using var _s = subscriber;
        await subscriber.SubscribeAsync("#", MqttQualityOfService.AtMostOnce, packetId: 1);
        await subscriber.SubscribeAsync("$SYS/#", MqttQualityOfService.AtMostOnce, packetId: 2);
        var (publisher, _) = await RawMqttClient.ConnectAsync(host.EndPoint, "pub");
        await using var _p = publisher;

        await publisher.PublishAsync("$SYS/load", "1");
        await publisher.PublishAsync("plain", "2");

        // Exactly one copy of each: "#" skips $SYS/load, "$SYS/#" takes it.
        var topics = new[] { (await subscriber.ReceivePublishAsync()).Topic.Value, (await subscriber.ReceivePublishAsync()).Topic.Value };
        Assert.Equal(["$SYS/load", "plain"], topics);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => subscriber.ReceiveAsync(Quiet));
    }

    [Fact]
    public async Task Shared_subscription_spreads_messages_over_the_group()
    {
        await using var host = await BrokerHost.StartAsync();
        var (a, _) = await RawMqttClient.ConnectAsync(host.EndPoint, "a");
        var (b, _) = await RawMqttClient.ConnectAsync(host.EndPoint, "b");
        await using var _a = a;
        await using var _b = b;
        await a.SubscribeAsync("$share/workers/jobs/+", MqttQualityOfService.AtLeastOnce);
        await b.SubscribeAsync("$share/workers/jobs/+", MqttQualityOfService.AtLeastOnce);
        var (publisher, _) = await RawMqttClient.ConnectAsync(host.EndPoint, "pub");
        await using var _p = publisher;

        for (ushort i = 1; i <= 10; i++)
        {
            await publisher.PublishAsync("jobs/x", $"{i}", MqttQualityOfService.AtLeastOnce, packetId: i);
        }

        // Round-robin over two online members: five each, no message twice.
        var toA = new List<string>();
        var toB = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            toA.Add(Encoding.UTF8.GetString((await a.ReceivePublishAsync()).Payload.Span));
            toB.Add(Encoding.UTF8.GetString((await b.ReceivePublishAsync()).Payload.Span));
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => a.ReceiveAsync(Quiet));
        Assert.Equal(5, toA.Count);
        Assert.Equal(5, toB.Count);
        Assert.Empty(toA.Intersect(toB));
    }

    [Fact]
    public async Task Will_is_published_on_abrupt_close_but_not_after_disconnect()
    {
        await using var host = await BrokerHost.StartAsync();
        var (watcher, _) = await RawMqttClient.ConnectAsync(host.EndPoint, "watcher");
        await using var _w = watcher;
        await watcher.SubscribeAsync("presence/#", MqttQualityOfService.AtLeastOnce);

        var will = new MqttWill(TopicName.Parse("presence/clean"), "gone"u8.ToArray(), MqttQualityOfService.AtLeastOnce, false);
        var (clean, _) = await RawMqttClient.ConnectAsync(host.EndPoint, "clean", will: will);
        await clean.SendAsync(DisconnectPacket.Instance);
        await clean.ExpectClosedAsync();
        await clean.DisposeAsync();

        var abruptWill = will with { Topic = TopicName.Parse("presence/abrupt") };
        var (abrupt, _) = await RawMqttClient.ConnectAsync(host.EndPoint, "abrupt", will: abruptWill);
        await abrupt.DisposeAsync();

        var published = await watcher.ReceivePublishAsync();
        Assert.Equal("presence/abrupt", published.Topic.Value);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watcher.ReceiveAsync(Quiet));
    }

    [Fact]
    public async Task Keep_alive_silence_closes_the_connection_and_publishes_the_will()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await BrokerHost.StartAsync(time: clock);
        var (watcher, _) = await RawMqttClient.ConnectAsync(host.EndPoint, "watcher");
        await using var _w = watcher;
        await watcher.SubscribeAsync("presence/#", MqttQualityOfService.AtMostOnce);
        var will = new MqttWill(TopicName.Parse("presence/silent"), "offline"u8.ToArray(), MqttQualityOfService.AtMostOnce, false);
        var (silent, _) = await RawMqttClient.ConnectAsync(host.EndPoint, "silent", keepAlive: 10, will: will);
        await using var _s = silent;

        clock.Advance(TimeSpan.FromSeconds(14));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watcher.ReceiveAsync(Quiet));
        clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal("presence/silent", (await watcher.ReceivePublishAsync()).Topic.Value);
        await silent.ExpectClosedAsync();
        Assert.Equal(1, host.Broker.Metrics.KeepAliveTimeouts);
    }

    [Fact]
    public async Task Persistent_session_gets_the_messages_published_while_it_was_offline()
    {
        await using var host = await BrokerHost.StartAsync();
        var (first, ack) = await RawMqttClient.ConnectAsync(host.EndPoint, "station-1", cleanSession: false);
        Assert.False(ack.SessionPresent);
        await first.SubscribeAsync("plans/1", MqttQualityOfService.AtLeastOnce);
        await first.SendAsync(DisconnectPacket.Instance);
        await first.ExpectClosedAsync();
        await first.DisposeAsync();

        var (publisher, _) = await RawMqttClient.ConnectAsync(host.EndPoint, "pub");
        await using var _p = publisher;
        for (ushort i = 1; i <= 5; i++)
        {
            await publisher.PublishAsync("plans/1", $"plan {i}", MqttQualityOfService.AtLeastOnce, packetId: i);
            await publisher.PublishAsync("plans/1", "qos0 is not queued");
        }

        var (again, resumed) = await RawMqttClient.ConnectAsync(host.EndPoint, "station-1", cleanSession: false);
        await using var _a = again;
        Assert.True(resumed.SessionPresent);
        for (var i = 1; i <= 5; i++)
        {
            Assert.Equal($"plan {i}", Encoding.UTF8.GetString((await again.ReceivePublishAsync()).Payload.Span));
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => again.ReceiveAsync(Quiet));
    }

    [Fact]
    public async Task Unacknowledged_messages_are_resent_with_dup_after_reconnect()
    {
        await using var host = await BrokerHost.StartAsync();
        var (first, _) = await RawMqttClient.ConnectAsync(host.EndPoint, "forgetful", cleanSession: false);
        await first.SubscribeAsync("cmd", MqttQualityOfService.AtLeastOnce);
        var (publisher, _) = await RawMqttClient.ConnectAsync(host.EndPoint, "pub");
        await using var _p = publisher;
        await publisher.PublishAsync("cmd", "arm", MqttQualityOfService.AtLeastOnce);
        var original = await first.ReceiveAsync<PublishPacket>();
        Assert.False(original.Duplicate);
        await first.DisposeAsync(); // without PUBACK

        var (again, _) = await RawMqttClient.ConnectAsync(host.EndPoint, "forgetful", cleanSession: false);
        await using var _a = again;
        var resent = await again.ReceiveAsync<PublishPacket>();
        Assert.True(resent.Duplicate);
        Assert.Equal(original.PacketId, resent.PacketId);
        Assert.Equal("arm", Encoding.UTF8.GetString(resent.Payload.Span));
    }

    [Fact]
    public async Task Clean_session_discards_a_stored_session()
    {
        await using var host = await BrokerHost.StartAsync();
        var (first, _) = await RawMqttClient.ConnectAsync(host.EndPoint, "c", cleanSession: false);
        await first.SubscribeAsync("x", MqttQualityOfService.AtLeastOnce);
        await first.SendAsync(DisconnectPacket.Instance);
        await first.DisposeAsync();

        var (clean, ack) = await RawMqttClient.ConnectAsync(host.EndPoint, "c", cleanSession: true);
        Assert.False(ack.SessionPresent);
        await clean.SendAsync(DisconnectPacket.Instance);
        await clean.DisposeAsync();
        var (again, ack2) = await RawMqttClient.ConnectAsync(host.EndPoint, "c", cleanSession: false);
        await using var _a = again;
        Assert.False(ack2.SessionPresent);
    }

    [Fact]
    public async Task A_second_connection_with_the_same_client_id_takes_over()
    {
        await using var host = await BrokerHost.StartAsync();
        var (old, _) = await RawMqttClient.ConnectAsync(host.EndPoint, "same", cleanSession: false);
        await using var _o = old;
        await old.SubscribeAsync("t", MqttQualityOfService.AtLeastOnce);

        var (fresh, ack) = await RawMqttClient.ConnectAsync(host.EndPoint, "same", cleanSession: false);
        await using var _f = fresh;
        Assert.True(ack.SessionPresent);
        await old.ExpectClosedAsync();

        var (publisher, _) = await RawMqttClient.ConnectAsync(host.EndPoint, "pub");
        await using var _p = publisher;
        await publisher.PublishAsync("t", "to the new one", MqttQualityOfService.AtLeastOnce);
        Assert.Equal("to the new one", Encoding.UTF8.GetString((await fresh.ReceivePublishAsync()).Payload.Span));
        Assert.Equal(1, host.Broker.Metrics.Takeovers);
    }

    [Fact]
    public async Task Exactly_once_inbound_routes_a_resent_qos2_publish_once()
    {
        await using var host = await BrokerHost.StartAsync();
        var (subscriber, _) = await RawMqttClient.ConnectAsync(host.EndPoint, "sub");
        await using var _s = subscriber;
        await subscriber.SubscribeAsync("once", MqttQualityOfService.ExactlyOnce);
        var (publisher, _) = await RawMqttClient.ConnectAsync(host.EndPoint, "pub");
        await using var _p = publisher;

        var publish = new PublishPacket(TopicName.Parse("once"), "x"u8.ToArray(), MqttQualityOfService.ExactlyOnce, false, false, 9);
        await publisher.SendAsync(publish);
        Assert.Equal(9, (await publisher.ReceiveAsync<PubRecPacket>()).PacketId);
        await publisher.SendAsync(publish with { Duplicate = true });
        Assert.Equal(9, (await publisher.ReceiveAsync<PubRecPacket>()).PacketId);
        await publisher.SendAsync(new PubRelPacket(9));
        Assert.Equal(9, (await publisher.ReceiveAsync<PubCompPacket>()).PacketId);

        await subscriber.ReceivePublishAsync();
        var release = await subscriber.ReceiveAsync<PubRelPacket>();
        await subscriber.SendAsync(new PubCompPacket(release.PacketId));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => subscriber.ReceiveAsync(Quiet));
    }

    [Fact]
    public async Task Unsubscribe_stops_delivery()
    {
        await using var host = await BrokerHost.StartAsync();
        var (client, _) = await RawMqttClient.ConnectAsync(host.EndPoint, "c");
        await using var _c = client;
        await client.SubscribeAsync("u/#", MqttQualityOfService.AtMostOnce);
        await client.SendAsync(new UnsubscribePacket(2, [TopicFilter.Parse("u/#")]));
        Assert.Equal(2, (await client.ReceiveAsync<UnsubAckPacket>()).PacketId);
        await client.PublishAsync("u/1", "nobody");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ReceiveAsync(Quiet));
    }

    [Fact]
    public async Task Empty_client_id_with_a_persistent_session_gets_identifier_rejected()
    {
        await using var host = await BrokerHost.StartAsync();
        var (client, ack) = await RawMqttClient.ConnectAsync(host.EndPoint, "", cleanSession: false);
        await using var _c = client;
        Assert.Equal(MqttConnectReturnCode.IdentifierRejected, ack.ReturnCode);
        await client.ExpectClosedAsync();
    }

    [Fact]
    public async Task A_packet_before_connect_and_a_second_connect_close_the_connection()
    {
        await using var host = await BrokerHost.StartAsync();
        await using (var early = await RawMqttClient.ConnectTcpAsync(host.EndPoint))
        {
            await early.SendAsync(PingReqPacket.Instance);
            Assert.Empty(await early.ExpectClosedAsync());
        }

        var (twice, _) = await RawMqttClient.ConnectAsync(host.EndPoint, "twice");
        await using var _t = twice;
        await twice.SendAsync(new ConnectPacket("twice", true, 0));
        Assert.Empty(await twice.ExpectClosedAsync());
        Assert.Equal(2, host.Broker.Metrics.ProtocolErrors);
        host.AssertNoInternalErrors();
    }

    [Fact]
    public async Task An_unsupported_protocol_level_gets_connack_1()
    {
        await using var host = await BrokerHost.StartAsync();
        await using var client = await RawMqttClient.ConnectTcpAsync(host.EndPoint);
        // CONNECT with protocol name "MQTT" and level 5.
        await client.SendRawAsync(new byte[] { 0x10, 0x0D, 0, 4, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 5, 2, 0, 0, 0, 1, (byte)'x' });
        var ack = Assert.IsType<ConnAckPacket>(Assert.Single(await client.ExpectClosedAsync()));
        Assert.Equal(MqttConnectReturnCode.UnacceptableProtocolVersion, ack.ReturnCode);
    }

    [Fact]
    public async Task Authenticator_and_authorizer_decide_connects_subscriptions_and_publishes()
    {
        var security = new StationSecurity();
        await using var host = await BrokerHost.StartAsync(authenticator: security, authorizer: security);

        var (stranger, refused) = await RawMqttClient.ConnectAsync(host.EndPoint,
            new ConnectPacket("x", true, 0, UserName: "station-9", Password: "wrong"u8.ToArray()));
        await using (stranger)
        {
            Assert.Equal(MqttConnectReturnCode.BadUserNameOrPassword, refused.ReturnCode);
        }

        var (station, ok) = await RawMqttClient.ConnectAsync(host.EndPoint,
            new ConnectPacket("s1", true, 0, UserName: "station-1", Password: "key-1"u8.ToArray()));
        await using var _s = station;
        Assert.Equal(MqttConnectReturnCode.Accepted, ok.ReturnCode);

        await station.SendAsync(new SubscribePacket(1, [
            new MqttSubscription(TopicFilter.Parse("stations/station-1/#"), MqttQualityOfService.AtLeastOnce),
            new MqttSubscription(TopicFilter.Parse("stations/station-2/#"), MqttQualityOfService.AtLeastOnce)]));
        var subAck = await station.ReceiveAsync<SubAckPacket>();
        Assert.Equal([MqttSubscribeReturnCode.GrantedQos1, MqttSubscribeReturnCode.Failure], subAck.ReturnCodes);

        // A refused publish is acknowledged (3.1.1 has no negative PUBACK) but goes nowhere.
        await station.PublishAsync("stations/station-2/cmd", "spoof", MqttQualityOfService.AtLeastOnce);
        await station.SendAsync(new PublishPacket(TopicName.Parse("stations/station-1/status"), "mine"u8.ToArray(),
            MqttQualityOfService.AtLeastOnce, false, false, 2));
        var packets = new[] { await station.ReceiveAsync(), await station.ReceiveAsync() };
        Assert.Contains(new PubAckPacket(2), packets);
        Assert.Equal("stations/station-1/status", Assert.Single(packets.OfType<PublishPacket>()).Topic.Value);
        Assert.Equal(1, host.Broker.Metrics.PublishesDenied);
    }

    [Fact]
    public async Task A_subscriber_that_never_reads_loses_only_its_own_qos0_messages()
    {
        await using var host = await BrokerHost.StartAsync(o => o.MaxQueuedQos0PerConnection = 100);
        var (stuck, _) = await RawMqttClient.ConnectAsync(host.EndPoint, "stuck");
        await using var _st = stuck;
        await stuck.SubscribeAsync("flood", MqttQualityOfService.AtMostOnce);
        var (healthy, _) = await RawMqttClient.ConnectAsync(host.EndPoint, "healthy");
        await using var _h = healthy;
        await healthy.SubscribeAsync("flood", MqttQualityOfService.AtMostOnce);
        var (publisher, _) = await RawMqttClient.ConnectAsync(host.EndPoint, "pub");
        await using var _p = publisher;

        // 64 KB payloads fill the stuck client's socket buffers quickly, so its queue reaches the limit.
        var payload = new string('x', 64 * 1024);
        const int count = 400;
        var receiving = Task.Run(async () =>
        {
            for (var i = 0; i < count; i++)
            {
                await healthy.ReceivePublishAsync(TimeSpan.FromSeconds(30));
            }
        });
        for (var i = 0; i < count; i++)
        {
            await publisher.PublishAsync("flood", payload);
        }

        await receiving;
        Assert.True(host.Broker.Metrics.Qos0MessagesDropped > 0, "the stuck subscriber's overflow is dropped and counted");
        host.AssertNoInternalErrors();
    }

    private sealed class StationSecurity : IBrokerAuthenticator, IBrokerAuthorizer
    {
        public ValueTask<BrokerAuthenticationResult> AuthenticateAsync(BrokerConnectRequest request, CancellationToken cancellationToken)
        {
            var expected = request.Username is { } user ? "key-" + user["station-".Length..] : null;
            var given = request.Password is { } password ? Encoding.UTF8.GetString(password.Span) : null;
            return ValueTask.FromResult(expected is not null && expected == given
                ? BrokerAuthenticationResult.Accept(new BrokerClientIdentity(request.Username!, "tenant",
                    new Dictionary<string, string> { ["station"] = request.Username! }))
                : BrokerAuthenticationResult.Refuse(BrokerRefusal.BadCredentials));
        }

        public ValueTask<bool> MayPublishAsync(BrokerClientIdentity client, string topic, CancellationToken cancellationToken) =>
            ValueTask.FromResult(topic.StartsWith($"stations/{client.Attributes["station"]}/", StringComparison.Ordinal));

        public ValueTask<bool> MaySubscribeAsync(BrokerClientIdentity client, string topicFilter, CancellationToken cancellationToken) =>
            ValueTask.FromResult(topicFilter.StartsWith($"stations/{client.Attributes["station"]}/", StringComparison.Ordinal));
    }
}
