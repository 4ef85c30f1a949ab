using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using GroundStation.Messaging.Protocol;
using GroundStation.Testing;

namespace GroundStation.Messaging.Tests.Broker;

/// <summary>
/// Acceptance 3, broker side: `gs broker` SIGKILLed in the middle of a QoS 1 stream and restarted on the same data
/// directory loses no message it acknowledged to the publisher; the persistent-session subscriber gets them all.
/// </summary>
public sealed class BrokerRestartTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string _data = Directory.CreateTempSubdirectory("gs-broker-restart-").FullName;
    private readonly int _port = FreePort.Next();

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private IPEndPoint EndPoint => new(IPAddress.Loopback, _port);

    private async Task<PeerProcess> StartBrokerAsync()
    {
        var gs = Path.Combine(AppContext.BaseDirectory, "gs.dll");
        var broker = PeerProcess.Start("dotnet", "dotnet-sdk-10.0",
            [gs, "broker", "--listen", $"127.0.0.1:{_port.ToString(CultureInfo.InvariantCulture)}", "--data", _data]);
        await broker.WaitForTcpAsync(_port, Timeout);
        return broker;
    }

    [Fact]
    public async Task Sigkill_mid_stream_loses_no_acknowledged_qos1_message()
    {
        var received = new ConcurrentDictionary<string, int>();
        var acknowledged = new List<string>();

        var broker = await StartBrokerAsync();
        try
        {
            var (subscriber, ack) = await RawMqttClient.ConnectAsync(EndPoint, "ground-1", cleanSession: false);
            Assert.False(ack.SessionPresent);
            await subscriber.SubscribeAsync("telemetry/stream", MqttQualityOfService.AtLeastOnce);
            var receiving = ReceiveUntilClosedAsync(subscriber, received);

            var (publisher, _) = await RawMqttClient.ConnectAsync(EndPoint, "station-1");
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
        finally
        {
            await broker.DisposeAsync();
        }

        broker = await StartBrokerAsync();
        await using (broker)
        {
            var (publisher, _) = await RawMqttClient.ConnectAsync(EndPoint, "station-1");
            await using var _p = publisher;
            for (ushort i = 252; i <= 300; i++)
            {
                await publisher.PublishAsync("telemetry/stream", $"frame {i}", MqttQualityOfService.AtLeastOnce, packetId: i);
                acknowledged.Add($"frame {i}");
            }

            var (subscriber, ack) = await RawMqttClient.ConnectAsync(EndPoint, "ground-1", cleanSession: false);
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
