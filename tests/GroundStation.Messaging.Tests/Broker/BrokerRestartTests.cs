using System.Collections.Concurrent;
using System.Net;
using System.Text;
using GroundStation.Messaging.Protocol;
using GroundStation.Testing;

namespace GroundStation.Messaging.Tests.Broker;

/// <summary>
/// Acceptance 3, broker side: `gs broker` SIGKILLed in the middle of a QoS 1 stream and restarted on the same data
/// directory loses no message it acknowledged to the publisher; the persistent-session subscriber gets them all.
/// </summary>
public sealed class BrokerRestartTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Sigkill_mid_stream_loses_no_acknowledged_qos1_message()
    {
        var received = new ConcurrentDictionary<string, int>();
        var acknowledged = new List<string>();

        await using var broker = await GsBrokerProcess.StartAsync(persistent: true);
        var endPoint = new IPEndPoint(IPAddress.Parse(broker.Host), broker.Port);
        {
            var (subscriber, ack) = await RawMqttClient.ConnectAsync(endPoint, "ground-1", cleanSession: false);
            Assert.False(ack.SessionPresent);
            await subscriber.SubscribeAsync("telemetry/stream", MqttQualityOfService.AtLeastOnce);
            var receiving = ReceiveUntilClosedAsync(subscriber, received);

            var (publisher, _) = await RawMqttClient.ConnectAsync(endPoint, "station-1");
            for (ushort i = 1; i <= 250; i++)
            {
                await publisher.PublishAsync("telemetry/stream", $"frame {i}", MqttQualityOfService.AtLeastOnce, packetId: i);
                acknowledged.Add($"frame {i}");
            }

            // One more in flight, unacknowledged, as the broker dies.
            await publisher.SendAsync(new PublishPacket(TopicName.Parse("telemetry/stream"), "frame 251"u8.ToArray(),
                MqttQualityOfService.AtLeastOnce, false, false, 251));
            await broker.KillAsync();
            await receiving;
            await publisher.DisposeAsync();
            await subscriber.DisposeAsync();
        }

        await broker.RestartAsync();
        {
            var (publisher, _) = await RawMqttClient.ConnectAsync(endPoint, "station-1");
            await using var _p = publisher;
            for (ushort i = 252; i <= 300; i++)
            {
                await publisher.PublishAsync("telemetry/stream", $"frame {i}", MqttQualityOfService.AtLeastOnce, packetId: i);
                acknowledged.Add($"frame {i}");
            }

            var (subscriber, ack) = await RawMqttClient.ConnectAsync(endPoint, "ground-1", cleanSession: false);
            await using var _s = subscriber;
            Assert.True(ack.SessionPresent, "the persistent session survived the SIGKILL");
            while (!acknowledged.All(received.ContainsKey))
            {
                var publish = await subscriber.ReceivePublishAsync(Timeout);
                received.AddOrUpdate(Encoding.UTF8.GetString(publish.Payload.Span), 1, (_, n) => n + 1);
            }
        }

        Assert.Equal(299, acknowledged.Count);
        Assert.Empty(acknowledged.Except(received.Keys));
        Assert.Empty(received.Keys.Except(acknowledged).Except(["frame 251"]));
    }

    private static async Task ReceiveUntilClosedAsync(RawMqttClient subscriber, ConcurrentDictionary<string, int> received)
    {
        try
        {
            while (true)
            {
                var publish = await subscriber.ReceivePublishAsync(Timeout);
                received.AddOrUpdate(Encoding.UTF8.GetString(publish.Payload.Span), 1, (_, n) => n + 1);
            }
        }
        catch (Exception exception) when (exception is EndOfStreamException or IOException)
        {
            // The broker was killed under the subscriber: what it had not acknowledged comes again after the restart.
            return;
        }
    }
}
