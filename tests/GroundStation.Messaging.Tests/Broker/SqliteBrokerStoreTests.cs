using GroundStation.Messaging.Broker;
using GroundStation.Messaging.Broker.Persistence;
using GroundStation.Messaging.Protocol;
using Microsoft.Extensions.Logging.Abstractions;

namespace GroundStation.Messaging.Tests.Broker;

public sealed class SqliteBrokerStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("gs-broker-store-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private SqliteBrokerStore Open() => new(_directory, new BrokerMetrics(), NullLogger.Instance);

    private static BrokerMessage Message(string topic, string payload, MqttQualityOfService qos = MqttQualityOfService.AtLeastOnce) =>
        new(TopicName.Parse(topic), System.Text.Encoding.UTF8.GetBytes(payload), qos, false);

    [Fact]
    public async Task What_was_durable_before_a_barrier_is_there_after_reopening()
    {
        await using (var store = Open())
        {
            Assert.Empty(store.Load().Sessions);
            store.SaveSession("s1");
            store.SaveSubscription("s1", TopicFilter.Parse("plans/#"), MqttQualityOfService.AtLeastOnce);
            store.SaveSubscription("s1", TopicFilter.Parse("gone"), MqttQualityOfService.AtMostOnce);
            store.DeleteSubscription("s1", TopicFilter.Parse("gone"));
            store.SaveQueued("s1", 1, Message("plans/1", "first"), MqttQualityOfService.AtLeastOnce);
            store.SaveQueued("s1", 2, Message("plans/2", "second", MqttQualityOfService.ExactlyOnce), MqttQualityOfService.ExactlyOnce);
            store.SaveQueued("s1", 3, Message("plans/3", "acked"), MqttQualityOfService.AtLeastOnce);
            store.DeleteQueued("s1", 3);
            store.MarkReleased("s1", 2, 77);
            store.SaveInboundQos2("s1", 5);
            store.SaveSession("s2");
            store.DeleteSession("s2");
            store.SaveRetained(Message("status/a", "up") with { Retain = true });
            store.SaveRetained(Message("status/b", "x") with { Retain = true });
            store.DeleteRetained(TopicName.Parse("status/b"));
            var durable = new TaskCompletionSource<bool>();
            store.WhenDurable(ok => durable.SetResult(ok));
            Assert.True(await durable.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        }

        await using var reopened = Open();
        var contents = reopened.Load();
        var session = Assert.Single(contents.Sessions);
        Assert.Equal("s1", session.ClientId);
        Assert.Equal(new StoredSubscription(TopicFilter.Parse("plans/#"), MqttQualityOfService.AtLeastOnce), Assert.Single(session.Subscriptions));
        Assert.Equal([1L, 2L], session.Queued.Select(q => q.Sequence));
        Assert.Equal("first", System.Text.Encoding.UTF8.GetString(session.Queued[0].Message.Payload.Span));
        Assert.Null(session.Queued[0].ReleasedPacketId);
        Assert.Equal((ushort)77, session.Queued[1].ReleasedPacketId);
        Assert.Equal([(ushort)5], session.InboundQos2);
        var retained = Assert.Single(contents.Retained);
        Assert.Equal("status/a", retained.Topic.Value);
        Assert.True(retained.Retain);
    }
}
