using System.Buffers.Binary;
using GroundStation.Messaging.Broker;
using GroundStation.Messaging.Client;
using GroundStation.Messaging.Protocol;
using GroundStation.Messaging.Tests.Conformance;

namespace GroundStation.Messaging.Tests.Broker;

/// <summary>
/// A subscriber slower than its publisher must slow the publisher, not lose acknowledged QoS 1 messages; only a
/// subscriber that makes no progress at all for <see cref="BrokerOptions.SubscriberStallTimeout"/> loses (counted) messages.
/// </summary>
public sealed class BrokerBackpressureTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_fast_qos1_publisher_with_a_wide_window_loses_nothing_for_an_online_subscriber_under_default_options()
    {
        // Default broker options (MaxQueuedPerSession 10,000, MaxInFlightPerSession 100) and the client's default
        // window of 1,024: the combination that used to drop ~60 % of 100 k messages.
        await using var host = await BrokerHost.StartAsync();
        await using var subscriber = await MqttTestClients.ConnectAsync(
            MqttTestClients.Options("127.0.0.1", host.Port, MqttTestClients.UniqueId("bp-sub")));
        await subscriber.SubscribeAsync(TopicFilter.Parse("bp/flood"), MqttQualityOfService.AtLeastOnce);
        await using var publisher = await MqttTestClients.ConnectAsync(
            MqttTestClients.Options("127.0.0.1", host.Port, MqttTestClients.UniqueId("bp-pub")));
        Assert.Equal(1024, new MqttClientOptions { Host = "h", ClientId = "c" }.MaximumInFlight);

        const int count = 100_000;
        using var deadline = new CancellationTokenSource(Deadline);
        var receiving = Task.Run(async () =>
        {
            for (var expected = 0; expected < count; expected++)
            {
                var message = await subscriber.Messages.ReadAsync(deadline.Token);
                var index = BinaryPrimitives.ReadInt32LittleEndian(message.Payload.Span);
                Assert.True(index == expected,
                    $"message {expected} expected, {index} arrived (dropped: {host.Broker.Metrics.QueuedMessagesDropped})");
            }
        }, deadline.Token);

        await PublishNumberedAsync(publisher, "bp/flood", count, deadline.Token);
        await receiving;

        Assert.Equal(0, host.Broker.Metrics.QueuedMessagesDropped);
        Assert.Equal(0, host.Broker.Metrics.SubscribersStalled);
        Assert.False(subscriber.Messages.TryRead(out var extra), $"a duplicate arrived: {extra}");
        host.AssertNoInternalErrors();
    }

    [Fact]
    public async Task A_subscriber_that_pauses_to_work_but_keeps_progressing_is_never_treated_as_stalled()
    {
        await using var host = await BrokerHost.StartAsync();
        await using var subscriber = await MqttTestClients.ConnectAsync(
            MqttTestClients.Options("127.0.0.1", host.Port, MqttTestClients.UniqueId("bp-slow")));
        await subscriber.SubscribeAsync(TopicFilter.Parse("bp/slow"), MqttQualityOfService.AtLeastOnce);
        await using var publisher = await MqttTestClients.ConnectAsync(
            MqttTestClients.Options("127.0.0.1", host.Port, MqttTestClients.UniqueId("bp-pub")));

        const int count = 30_000;
        using var deadline = new CancellationTokenSource(Deadline);
        var receiving = Task.Run(async () =>
        {
            for (var expected = 0; expected < count; expected++)
            {
                var message = await subscriber.Messages.ReadAsync(deadline.Token);
                Assert.Equal(expected, BinaryPrimitives.ReadInt32LittleEndian(message.Payload.Span));
                if (expected % 3_000 == 2_999)
                {
                    // Simulated processing, far shorter than the stall timeout: the publisher must wait, not overrun.
                    await Task.Delay(TimeSpan.FromMilliseconds(250), deadline.Token);
                }
            }
        }, deadline.Token);

        await PublishNumberedAsync(publisher, "bp/slow", count, deadline.Token);
        await receiving;

        Assert.Equal(0, host.Broker.Metrics.QueuedMessagesDropped);
        Assert.Equal(0, host.Broker.Metrics.SubscribersStalled);
        host.AssertNoInternalErrors();
    }

    [Fact]
    public async Task A_subscriber_that_never_reads_holds_the_publisher_only_until_the_stall_timeout_and_its_overflow_is_counted()
    {
        await using var host = await BrokerHost.StartAsync();
        var options = new BrokerOptions();
        var (stuck, _) = await RawMqttClient.ConnectAsync(host.EndPoint, "stuck");
        await using var _s = stuck;
        await stuck.SubscribeAsync("bp/stuck", MqttQualityOfService.AtLeastOnce);
        await using var publisher = await MqttTestClients.ConnectAsync(
            MqttTestClients.Options("127.0.0.1", host.Port, MqttTestClients.UniqueId("bp-pub")));

        var count = options.MaxQueuedPerSession + 2_000;
        using var deadline = new CancellationTokenSource(Deadline);
        await PublishNumberedAsync(publisher, "bp/stuck", count, deadline.Token);

        // The stuck session holds exactly its queue limit (in flight included); everything past it was dropped and counted.
        Assert.Equal(count - options.MaxQueuedPerSession, host.Broker.Metrics.QueuedMessagesDropped);
        Assert.Equal(1, host.Broker.Metrics.SubscribersStalled);
        host.AssertNoInternalErrors();
    }

    // Publishes messages 0 .. count-1 at QoS 1 through the client's full window and returns once the broker has
    // acknowledged them all (it acknowledges in order, so the last PUBACK vouches for every earlier one).
    private static async Task PublishNumberedAsync(MqttClient publisher, string topicName, int count, CancellationToken token)
    {
        var topic = TopicName.Parse(topicName);
        for (var i = 0; i < count - 1; i++)
        {
            await publisher.PublishAsync(new MqttApplicationMessage(topic, Payload(i), MqttQualityOfService.AtLeastOnce, false), token);
        }

        await publisher.PublishAcknowledgedAsync(
            new MqttApplicationMessage(topic, Payload(count - 1), MqttQualityOfService.AtLeastOnce, false), token);
    }

    private static byte[] Payload(int index)
    {
        var payload = new byte[64];
        BinaryPrimitives.WriteInt32LittleEndian(payload, index);
        return payload;
    }
}
