using System.Buffers;
using System.Net.Sockets;
using GroundStation.Messaging.Client;
using GroundStation.Messaging.Protocol;
using static GroundStation.Messaging.Tests.Conformance.MqttTestClients;

namespace GroundStation.Messaging.Tests.Conformance;

/// <summary>
/// Acceptance 1 of issue 3: the same behaviour from every broker GroundStation supports, exercised through
/// GroundStation's client. A broker joins the suite with a fixture implementing <see cref="IMqttBrokerUnderTest"/> and
/// a one-line subclass (see <see cref="MosquittoConformanceTests"/>). Every test uses its own topics and client ids,
/// so the tests of one class share the broker safely.
/// </summary>
public abstract class MqttConformanceTests(IMqttBrokerUnderTest broker) : IAsyncLifetime
{
    private readonly List<MqttClient> _clients = [];
    private readonly string _root = UniqueId("conf");

    protected IMqttBrokerUnderTest Broker { get; } = broker;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(MqttQualityOfService.AtMostOnce)]
    [InlineData(MqttQualityOfService.AtLeastOnce)]
    [InlineData(MqttQualityOfService.ExactlyOnce)]
    public async Task Messages_are_delivered_at_each_qos(MqttQualityOfService qos)
    {
        var topic = Topic($"qos{(int)qos}");
        var subscriber = await Client("sub");
        Assert.Equal((MqttSubscribeReturnCode)qos, await subscriber.SubscribeAsync(TopicFilter.Parse(topic), qos));
        var publisher = await Client("pub");

        for (var i = 0; i < 50; i++)
        {
            await publisher.PublishAsync(new MqttApplicationMessage(TopicName.Parse(topic), Bytes($"m{i}"), qos));
        }

        var received = await subscriber.TakeAsync(50, $"QoS {(int)qos} messages");
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"m{i}"), received.Select(Text));
        Assert.All(received, m => Assert.Equal(qos, m.Qos));
        Assert.All(received, m => Assert.Equal(topic, m.Topic.Value));
    }

    [Fact]
    public async Task Granted_qos_is_the_lower_of_subscription_and_publication()
    {
        var topic = Topic("downgrade");
        var subscriber = await Client("sub");
        await subscriber.SubscribeAsync(TopicFilter.Parse(topic), MqttQualityOfService.AtLeastOnce);
        var publisher = await Client("pub");

        await publisher.PublishTextAsync(topic, "two", MqttQualityOfService.ExactlyOnce);

        var message = await subscriber.NextAsync("the QoS 2 message downgraded to QoS 1");
        Assert.Equal(MqttQualityOfService.AtLeastOnce, message.Qos);
        Assert.Equal("two", Text(message));
    }

    [Fact]
    public async Task Retained_messages_are_set_replaced_and_cleared()
    {
        var topic = Topic("retained");
        var publisher = await Client("pub");

        await publisher.PublishTextAsync(topic, "v1", retain: true);
        Assert.Equal("v1", Text(await FirstAfterSubscribingAsync(topic, expectRetained: true)));

        await publisher.PublishTextAsync(topic, "v2", retain: true);
        Assert.Equal("v2", Text(await FirstAfterSubscribingAsync(topic, expectRetained: true)));

        await publisher.PublishAcknowledgedAsync(new MqttApplicationMessage(TopicName.Parse(topic), Array.Empty<byte>(),
            MqttQualityOfService.AtLeastOnce, Retain: true));
        Assert.Equal("live", Text(await FirstAfterSubscribingAsync(topic, expectRetained: false)));
    }

    [Fact]
    public async Task A_retained_message_reaches_a_live_subscriber_without_the_retain_flag()
    {
        var topic = Topic("retained-live");
        var subscriber = await Client("sub");
        await subscriber.SubscribeAsync(TopicFilter.Parse(topic), MqttQualityOfService.AtLeastOnce);
        var publisher = await Client("pub");

        await publisher.PublishTextAsync(topic, "now", retain: true);

        var message = await subscriber.NextAsync("the retained message published while subscribed");
        Assert.Equal("now", Text(message));
        Assert.False(message.Retain);
    }

    [Fact]
    public async Task The_last_will_is_published_when_a_client_vanishes()
    {
        var willTopic = Topic("will-abrupt");
        var watcher = await Client("watch");
        await watcher.SubscribeAsync(TopicFilter.Parse(willTopic), MqttQualityOfService.AtLeastOnce);

        await ConnectAndVanishAsync(UniqueId("doomed"), willTopic, "offline");

        var will = await watcher.NextAsync("the will of the vanished client");
        Assert.Equal("offline", Text(will));
        Assert.Equal(willTopic, will.Topic.Value);
    }

    [Fact]
    public async Task The_last_will_is_not_published_after_a_clean_disconnect()
    {
        var willTopic = Topic("will-clean");
        var watcher = await Client("watch");
        await watcher.SubscribeAsync(TopicFilter.Parse(willTopic), MqttQualityOfService.AtLeastOnce);
        var polite = new MqttClient(Options(Broker.Host, Broker.Port, UniqueId("polite"),
            will: new MqttWill(TopicName.Parse(willTopic), Bytes("polite-will"), MqttQualityOfService.AtLeastOnce, false)),
            TimeProvider.System);
        await polite.ConnectAsync();

        await polite.DisconnectAsync();
        await polite.DisposeAsync();
        // A second client vanishing afterwards proves the broker has processed the first one's departure.
        await ConnectAndVanishAsync(UniqueId("doomed"), willTopic, "control-will");

        Assert.Equal("control-will", Text(await watcher.NextAsync("the control client's will")));
    }

    [Fact]
    public async Task A_persistent_session_receives_qos1_messages_published_while_offline()
    {
        var topic = Topic("offline");
        var clientId = UniqueId("persist");
        await SubscribePersistentlyAndLeaveAsync(clientId, topic);

        var publisher = await Client("pub");
        for (var i = 0; i < 100; i++)
        {
            await publisher.PublishTextAsync(topic, $"while-offline-{i}");
        }

        var resumed = await Track(ConnectAsync(Options(Broker.Host, Broker.Port, clientId, cleanSession: false)));
        var received = await resumed.TakeAsync(100, "messages queued for the offline session");
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"while-offline-{i}"), received.Select(Text));
    }

    [Fact]
    public async Task A_clean_session_forgets_subscriptions_on_reconnect()
    {
        var topic = Topic("clean");
        var clientId = UniqueId("clean");
        await SubscribePersistentlyAndLeaveAsync(clientId, topic);

        var fresh = await Track(ConnectAsync(Options(Broker.Host, Broker.Port, clientId, cleanSession: true)));
        await fresh.SubscribeAsync(TopicFilter.Parse(Topic("clean-marker")), MqttQualityOfService.AtLeastOnce);
        var publisher = await Client("pub");
        await publisher.PublishTextAsync(topic, "to-the-old-session");
        await publisher.PublishTextAsync(Topic("clean-marker"), "marker");

        Assert.Equal("marker", Text(await fresh.NextAsync("the marker (the old subscription must be gone)")));
    }

    [Fact]
    public async Task Single_level_wildcard_matches_exactly_one_level()
    {
        var received = await DeliverToFilterAsync("+/b", ["a/b", "a/c", "a/b/c", "x/b"]);
        Assert.Equal(["a/b", "x/b"], received);
    }

    [Fact]
    public async Task Multi_level_wildcard_matches_the_parent_and_all_descendants()
    {
        var received = await DeliverToFilterAsync("a/#", ["a", "a/b", "a/b/c", "b/a"]);
        Assert.Equal(["a", "a/b", "a/b/c"], received);
    }

    [Fact]
    public async Task Leading_wildcards_do_not_match_dollar_topics()
    {
        var id = UniqueId("d");
        var dollarTopic = $"$gs-{id}/x";
        var plain = await Client("plain");
        await plain.SubscribeAsync([
            new MqttSubscription(TopicFilter.Parse("#"), MqttQualityOfService.AtLeastOnce),
            new MqttSubscription(TopicFilter.Parse("+/x"), MqttQualityOfService.AtLeastOnce),
        ]);
        var dollar = await Client("dollar");
        await dollar.SubscribeAsync(TopicFilter.Parse($"$gs-{id}/#"), MqttQualityOfService.AtLeastOnce);
        var publisher = await Client("pub");

        await publisher.PublishTextAsync(dollarTopic, "dollar");
        var marker = $"gs-{id}/x";
        await publisher.PublishTextAsync(marker, "marker");

        Assert.Equal("dollar", Text(await dollar.NextAsync("the $-topic message on an explicit $ filter")));
        // The '#' subscriber sees traffic of other tests too; the $-topic must not be among what precedes the marker.
        while (true)
        {
            var message = await plain.NextAsync("the marker on the wildcard subscriber");
            Assert.NotEqual(dollarTopic, message.Topic.Value);
            if (message.Topic.Value == marker)
            {
                break;
            }
        }
    }

    [Fact]
    public async Task Shared_subscriptions_spread_messages_over_the_group()
    {
        var topic = Topic("shared");
        var filter = TopicFilter.Parse($"$share/{UniqueId("g")}/{topic}");
        var first = await Client("s1");
        var second = await Client("s2");
        await first.SubscribeAsync(filter, MqttQualityOfService.AtLeastOnce);
        await second.SubscribeAsync(filter, MqttQualityOfService.AtLeastOnce);
        var publisher = await Client("pub");

        const int count = 200;
        for (var i = 0; i < count; i++)
        {
            await publisher.PublishAsync(new MqttApplicationMessage(TopicName.Parse(topic), Bytes($"m{i}"), MqttQualityOfService.AtLeastOnce));
        }

        var received = new List<string>();
        var perMember = new int[2];
        var members = new[] { first, second };
        var reads = members.Select(member => member.Messages.ReadAsync().AsTask()).ToArray();
        using var deadline = new CancellationTokenSource(Deadline);
        while (received.Count < count)
        {
            var done = await Task.WhenAny(reads).WaitAsync(deadline.Token);
            var index = Array.IndexOf(reads, done);
            received.Add(Text(await done));
            perMember[index]++;
            reads[index] = members[index].Messages.ReadAsync().AsTask();
        }

        Assert.Equal(Enumerable.Range(0, count).Select(i => $"m{i}").Order(), received.Order());
        Assert.All(perMember, n => Assert.True(n > 0, $"one group member got nothing: {perMember[0]} / {perMember[1]}"));
    }

    [Fact]
    public async Task Qos1_messages_on_one_topic_arrive_in_publication_order()
    {
        var topic = Topic("order");
        var subscriber = await Client("sub");
        await subscriber.SubscribeAsync(TopicFilter.Parse(topic), MqttQualityOfService.AtLeastOnce);
        var publisher = await Client("pub");

        const int count = 2000;
        for (var i = 0; i < count; i++)
        {
            await publisher.PublishAsync(new MqttApplicationMessage(TopicName.Parse(topic), Bytes(i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)), MqttQualityOfService.AtLeastOnce));
        }

        var received = await subscriber.TakeAsync(count, "ordered QoS 1 messages");
        Assert.Equal(Enumerable.Range(0, count).Select(i => i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)), received.Select(Text));
    }

    [Fact]
    public async Task Unsubscribe_stops_delivery()
    {
        var topic = Topic("unsub");
        var marker = Topic("unsub-marker");
        var subscriber = await Client("sub");
        await subscriber.SubscribeAsync([
            new MqttSubscription(TopicFilter.Parse(topic), MqttQualityOfService.AtLeastOnce),
            new MqttSubscription(TopicFilter.Parse(marker), MqttQualityOfService.AtLeastOnce),
        ]);
        var publisher = await Client("pub");
        await publisher.PublishTextAsync(topic, "before");
        Assert.Equal("before", Text(await subscriber.NextAsync("the message before unsubscribing")));

        await subscriber.UnsubscribeAsync([TopicFilter.Parse(topic)]);
        await publisher.PublishTextAsync(topic, "after");
        await publisher.PublishTextAsync(marker, "marker");

        Assert.Equal("marker", Text(await subscriber.NextAsync("the marker (nothing from the unsubscribed topic)")));
    }

    private string Topic(string name) => $"{_root}/{name}";

    private async Task SubscribePersistentlyAndLeaveAsync(string clientId, string topic)
    {
        await using var client = await ConnectAsync(Options(Broker.Host, Broker.Port, clientId, cleanSession: false));
        await client.SubscribeAsync(TopicFilter.Parse(topic), MqttQualityOfService.AtLeastOnce);
        await client.DisconnectAsync();
    }

    private async Task<MqttClient> Client(string prefix) => await Track(ConnectAsync(Options(Broker.Host, Broker.Port, UniqueId(prefix))));

    private async Task<MqttClient> Track(Task<MqttClient> connecting)
    {
        var client = await connecting;
        _clients.Add(client);
        return client;
    }

    // Subscribes a fresh client and then publishes "live" from it: a retained message, if any, arrives before "live".
    private async Task<MqttApplicationMessage> FirstAfterSubscribingAsync(string topic, bool expectRetained)
    {
        var subscriber = await Client("late");
        await subscriber.SubscribeAsync(TopicFilter.Parse(topic), MqttQualityOfService.AtLeastOnce);
        await subscriber.PublishTextAsync(topic, "live");
        var first = await subscriber.NextAsync($"the first message on {topic} after subscribing");
        Assert.Equal(expectRetained, first.Retain);
        return first;
    }

    private async Task<List<string>> DeliverToFilterAsync(string relativeFilter, string[] relativeTopics)
    {
        var subscriber = await Client("wild");
        await subscriber.SubscribeAsync(TopicFilter.Parse(Topic(relativeFilter)), MqttQualityOfService.AtLeastOnce);
        var marker = Topic("wild-marker-" + Guid.NewGuid().ToString("N")[..6]);
        await subscriber.SubscribeAsync(TopicFilter.Parse(marker), MqttQualityOfService.AtLeastOnce);
        var publisher = await Client("pub");
        foreach (var topic in relativeTopics)
        {
            await publisher.PublishTextAsync(Topic(topic), topic);
        }

        await publisher.PublishTextAsync(marker, "marker");
        var received = new List<string>();
        while (true)
        {
            var message = await subscriber.NextAsync("messages up to the marker");
            if (message.Topic.Value == marker)
            {
                return received;
            }

            received.Add(Text(message));
        }
    }

    // A raw connection that sends CONNECT with a will and then drops the socket without DISCONNECT.
    private async Task ConnectAndVanishAsync(string clientId, string willTopic, string willText)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(Broker.Host, Broker.Port);
        var connect = new ArrayBufferWriter<byte>();
        MqttEncoder.Write(connect, new ConnectPacket(clientId, true, 30,
            new MqttWill(TopicName.Parse(willTopic), Bytes(willText), MqttQualityOfService.AtLeastOnce, false)));
        await socket.SendAsync(connect.WrittenMemory);
        var connAck = new byte[4];
        var read = 0;
        while (read < 4)
        {
            var n = await socket.ReceiveAsync(connAck.AsMemory(read));
            Assert.True(n > 0, "the broker closed the connection before CONNACK");
            read += n;
        }

        Assert.Equal(new byte[] { 0x20, 2, 0, 0 }, connAck);
        socket.LingerState = new LingerOption(true, 0);
    }
}
