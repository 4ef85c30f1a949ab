using System.Globalization;
using GroundStation.Messaging.Client;
using GroundStation.Messaging.Protocol;
using GroundStation.Testing;
using static GroundStation.Messaging.Tests.Conformance.MqttTestClients;

namespace GroundStation.Messaging.Tests.Faults;

/// <summary>
/// Acceptance 3 of issue 3: the broker restarted or the network cut in the middle of a QoS 1 stream, with a
/// persistent-session subscriber and publisher; every message must arrive (duplicates are allowed at QoS 1, loss is
/// not). A broker joins by overriding <see cref="StartBrokerAsync"/> (see <see cref="MosquittoFaultToleranceTests"/>).
/// </summary>
public abstract class FaultToleranceTests
{
    private const int MessageCount = 3000;

    /// <summary>Starts a fresh broker; with <paramref name="persistent"/>, sessions and queues survive restarts.</summary>
    protected abstract Task<IRestartableBroker> StartBrokerAsync(bool persistent);

    [Fact]
    public async Task A_broker_stopped_and_restarted_mid_stream_loses_no_qos1_message()
    {
        await using var broker = await StartBrokerAsync(persistent: true);

        await StreamThroughFaultAsync(broker.Host, broker.Port, async () =>
        {
            await broker.StopAsync();
            await broker.RestartAsync();
        });
    }

    /// <summary>
    /// SIGKILL in the middle of the stream. Only for a broker that persists a QoS 1 message before acknowledging it:
    /// otherwise an acknowledged message can die with the broker and no client can help it.
    /// </summary>
    protected async Task KilledAndRestartedMidStreamLosesNoQos1MessageAsync()
    {
        await using var broker = await StartBrokerAsync(persistent: true);

        await StreamThroughFaultAsync(broker.Host, broker.Port, async () =>
        {
            await broker.KillAsync();
            await broker.RestartAsync();
        });
    }

    [Fact]
    public async Task Severed_connections_reconnect_and_lose_no_qos1_message()
    {
        await using var broker = await StartBrokerAsync(persistent: false);
        await using var proxy = TcpProxy.Start(broker.Host, broker.Port);

        await StreamThroughFaultAsync("127.0.0.1", proxy.Port, () =>
        {
            proxy.SeverAll();
            return Task.CompletedTask;
        });

        Assert.True(proxy.AcceptedConnections >= 4, $"both clients should have reconnected; accepted {proxy.AcceptedConnections}");
    }

    private static async Task StreamThroughFaultAsync(string host, int port, Func<Task> fault)
    {
        var topic = TopicName.Parse($"fault/{UniqueId("t")}");
        await using var subscriber = await ConnectAsync(Options(host, port, UniqueId("fsub"), cleanSession: false));
        await subscriber.SubscribeAsync(TopicFilter.From(topic), MqttQualityOfService.AtLeastOnce);
        await using var publisher = await ConnectAsync(Options(host, port, UniqueId("fpub"), cleanSession: false));

        var halfway = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var distinct = new HashSet<string>();
        var duplicates = 0;
        var collecting = Task.Run(async () =>
        {
            while (distinct.Count < MessageCount)
            {
                var message = await subscriber.NextAsync($"message {distinct.Count + 1} of {MessageCount}", TimeSpan.FromSeconds(60));
                if (!distinct.Add(Text(message)))
                {
                    duplicates++;
                }

                if (distinct.Count == MessageCount / 3)
                {
                    halfway.TrySetResult();
                }
            }
        });

        var publishing = Task.Run(async () =>
        {
            var acknowledgements = new List<Task>(MessageCount);
            for (var i = 0; i < MessageCount; i++)
            {
                acknowledgements.Add(publisher.PublishAcknowledgedAsync(new MqttApplicationMessage(topic,
                    Bytes(i.ToString("D5", CultureInfo.InvariantCulture)), MqttQualityOfService.AtLeastOnce)));
                if (i == MessageCount / 2)
                {
                    // Keep part of the stream behind the fault: wait until a third has arrived, then go on publishing.
                    await halfway.Task.WaitAsync(TimeSpan.FromSeconds(60));
                }
            }

            await Task.WhenAll(acknowledgements).WaitAsync(TimeSpan.FromSeconds(60));
        });

        await halfway.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await fault();
        await Task.WhenAll(publishing, collecting);

        var expected = Enumerable.Range(0, MessageCount).Select(i => i.ToString("D5", CultureInfo.InvariantCulture));
        Assert.Equal(expected, distinct.Order(StringComparer.Ordinal));
        Assert.True(duplicates < MessageCount, $"{duplicates} duplicates");
    }
}

/// <summary>
/// The fault tests against mosquitto, whose database is saved after every change. There is no SIGKILL case here:
/// mosquitto acknowledges a QoS 1 PUBLISH before its autosave writes it, so a kill between the two loses a message
/// the client was told is safe (seen about once in ten CI runs). That is mosquitto's guarantee, not the client's; the
/// embedded broker, which commits before it acknowledges, runs the SIGKILL case.
/// </summary>
public sealed class MosquittoFaultToleranceTests : FaultToleranceTests
{
    protected override async Task<IRestartableBroker> StartBrokerAsync(bool persistent) =>
        await MosquittoBroker.StartAsync(new MosquittoSettings { Persistence = persistent });
}
